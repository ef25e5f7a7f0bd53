import type { ModelsView } from '../chat/pageMessages';

export interface ComposerActions {
  send(text: string): void;
  stop(): void;
  newChat(): void;
  selectModel(model: string): void;
  draftChanged(text: string): void;
}

const MAX_INPUT_HEIGHT_PX = 200;

/** The input box, Send / Stop / New chat buttons and the model picker. */
export class Composer {
  private readonly form = byId<HTMLFormElement>('composer');
  private readonly input = byId<HTMLTextAreaElement>('prompt');
  private readonly sendButton = byId<HTMLButtonElement>('send');
  private readonly stopButton = byId<HTMLButtonElement>('stop');
  private readonly models = byId<HTMLSelectElement>('model');
  private busy = false;

  constructor(private readonly actions: ComposerActions, draft: string) {
    this.input.value = draft;
    this.fitInput();
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      } else if (event.key === 'Escape' && this.busy) {
        event.preventDefault();
        this.actions.stop();
      }
    });
    this.input.addEventListener('input', () => {
      this.fitInput();
      this.actions.draftChanged(this.input.value);
    });
    this.stopButton.addEventListener('click', () => this.actions.stop());
    byId<HTMLButtonElement>('new-chat').addEventListener('click', () => this.actions.newChat());
    this.models.addEventListener('change', () => this.actions.selectModel(this.models.value));
    this.input.focus();
  }

  /** While an answer streams, Send turns into Stop; typing the next question stays possible. */
  setBusy(busy: boolean): void {
    this.busy = busy;
    this.sendButton.hidden = busy;
    this.stopButton.hidden = !busy;
  }

  /** Fills the picker; unavailable models are listed, disabled, with their reason. */
  showModels(view: ModelsView): void {
    const selected = view.selected || view.defaultModel || '';
    const options = view.models.map((model) => {
      const option = new Option(model.available ? model.label : `${model.label} — unavailable`, model.id);
      option.disabled = !model.available;
      option.title = model.available ? model.id : (model.unavailableReason ?? 'unavailable');
      return option;
    });
    if (selected && !view.models.some((model) => model.id === selected)) {
      options.unshift(new Option(selected, selected));
    }
    if (options.length === 0) {
      options.push(new Option('Default model', ''));
    }
    this.models.replaceChildren(...options);
    this.models.value = selected;
    this.models.title = `Model: ${this.models.selectedOptions[0]?.text ?? 'default'}`;
  }

  private submit(): void {
    const text = this.input.value;
    if (!text.trim() || this.busy) {
      return;
    }
    this.actions.send(text);
    this.input.value = '';
    this.fitInput();
    this.actions.draftChanged('');
  }

  private fitInput(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, MAX_INPUT_HEIGHT_PX)}px`;
  }
}

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) {
    throw new Error(`the chat page has no #${id}`);
  }
  return found as T;
}
