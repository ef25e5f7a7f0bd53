import type { ModelOption, ModelsView, StatusView } from '../chat/pageMessages';

export const DEFAULT_MODEL_LABEL = "Default (sidecar's choice)";

/**
 * The model picker: "Default (sidecar's choice)" first, then every model; an unavailable one is
 * listed disabled with its reason in its text, and when the picked model is unavailable the
 * reason shows under the composer.
 */
export class ModelPicker {
  private view: ModelsView = { models: [] };
  private status: StatusView = { state: 'starting' };

  constructor(private readonly select: HTMLSelectElement, private readonly note: HTMLElement, onPick: (model: string) => void) {
    select.addEventListener('change', () => onPick(select.value));
  }

  show(view: ModelsView): void {
    this.view = view;
    this.draw();
  }

  setStatus(status: StatusView): void {
    this.status = status;
    this.draw();
  }

  /** The label of `modelId` (or of the picked / default model). */
  label(modelId: string | undefined): string {
    const id = modelId ?? this.view.selected ?? this.view.defaultModel;
    return this.view.models.find((model) => model.id === id)?.label ?? id ?? 'Assistant';
  }

  private draw(): void {
    const { models, selected, defaultModel } = this.view;
    const defaultLabel = models.find((model) => model.id === defaultModel)?.label;
    const options = [new Option(DEFAULT_MODEL_LABEL, '')];
    options[0].title = defaultLabel ? `The sidecar picks: now ${defaultLabel}` : 'The sidecar picks the model';
    if (models.length === 0 && this.status.state !== 'ready') {
      const waiting = new Option(this.status.state === 'failed' ? 'No models: the sidecar is not running' : 'Loading models…', '__none');
      waiting.disabled = true;
      options.push(waiting);
    }
    options.push(...models.map(modelOption));
    if (selected && !models.some((model) => model.id === selected)) {
      options.push(new Option(selected, selected));
    }
    this.select.replaceChildren(...options);
    this.select.value = selected ?? '';
    this.select.title = `Model: ${this.select.selectedOptions[0]?.text ?? DEFAULT_MODEL_LABEL}`;
    const picked = models.find((model) => model.id === selected);
    this.note.hidden = !picked || picked.available;
    this.note.textContent = picked && !picked.available ? `${picked.label} is unavailable: ${reason(picked)}` : '';
  }
}

function modelOption(model: ModelOption): HTMLOptionElement {
  const text = !model.available ? `${model.label} — unavailable: ${reason(model)}`
    : model.status === 'unchecked' ? `${model.label} (not checked yet)` : model.label;
  const option = new Option(text, model.id);
  option.disabled = !model.available;
  option.title = model.available ? model.id : reason(model);
  return option;
}

function reason(model: ModelOption): string {
  return model.unavailableReason || 'no reason given';
}
