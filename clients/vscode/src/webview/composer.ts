import type { ContextItem, PageMessage } from '../chat/pageMessages';
import { byId, element } from './dom';
import { FileCompletion } from './fileCompletion';

export interface ComposerActions {
  post(message: PageMessage): void;
  draftChanged(text: string): void;
}

const MAX_INPUT_HEIGHT_PX = 200;

/** The input box with its attachment chips, `#file` completion, attach menu and Send / Stop. */
export class Composer {
  private readonly form = byId<HTMLFormElement>('composer');
  private readonly input = byId<HTMLTextAreaElement>('prompt');
  private readonly sendButton = byId<HTMLButtonElement>('send');
  private readonly stopButton = byId<HTMLButtonElement>('stop');
  private readonly chips = byId<HTMLUListElement>('chips');
  private readonly attachButton = byId<HTMLButtonElement>('attach');
  private readonly attachMenu = byId<HTMLElement>('attach-menu');
  readonly files: FileCompletion;
  private busy = false;

  constructor(private readonly actions: ComposerActions, draft: string) {
    this.files = new FileCompletion(this.input, byId('file-suggestions'),
      (query) => actions.post({ type: 'findFiles', query }), (path) => actions.post({ type: 'attachFile', path }));
    this.input.value = draft;
    this.fitInput();
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => this.keydown(event));
    this.input.addEventListener('input', () => {
      this.fitInput();
      this.files.inputChanged();
      this.actions.draftChanged(this.input.value);
    });
    this.stopButton.addEventListener('click', () => this.actions.post({ type: 'stop' }));
    this.attachButton.addEventListener('click', () => this.toggleAttachMenu());
    this.attachMenu.addEventListener('click', (event) => {
      const kind = (event.target as Element).closest<HTMLElement>('[data-attach]')?.dataset.attach;
      if (kind === 'attachCurrentFile' || kind === 'attachSelection' || kind === 'pickFiles') {
        this.actions.post({ type: kind });
        this.toggleAttachMenu(false);
        this.input.focus();
      }
    });
    this.chips.addEventListener('click', (event) => {
      const id = (event.target as Element).closest<HTMLElement>('[data-remove]')?.dataset.remove;
      if (id) {
        this.actions.post({ type: 'removeContext', id });
        this.input.focus();
      }
    });
    this.input.focus();
  }

  /** While an answer streams, Send turns into Stop; typing the next question stays possible. */
  setBusy(busy: boolean): void {
    this.busy = busy;
    this.sendButton.hidden = busy;
    this.stopButton.hidden = !busy;
  }

  /** The chips of what the next question carries, each with a remove button. */
  showContext(items: ContextItem[]): void {
    this.chips.hidden = items.length === 0;
    this.chips.replaceChildren(...items.map((item) => {
      const chip = element('li', `chip ${item.kind}`);
      chip.title = item.label;
      const remove = element('button', 'chip-remove', '×');
      remove.type = 'button';
      remove.dataset.remove = item.id;
      remove.setAttribute('aria-label', `Remove ${item.label}`);
      chip.append(element('span', 'chip-label', item.label), remove);
      return chip;
    }));
  }

  focus(): void {
    this.input.focus();
  }

  private keydown(event: KeyboardEvent): void {
    if (this.files.keydown(event)) {
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    } else if (event.key === 'Escape' && this.busy) {
      event.preventDefault();
      this.actions.post({ type: 'stop' });
    }
  }

  private toggleAttachMenu(open = this.attachMenu.hidden): void {
    this.attachMenu.hidden = !open;
    this.attachButton.setAttribute('aria-expanded', String(open));
    if (open) {
      this.attachMenu.querySelector('button')?.focus();
    }
  }

  private submit(): void {
    const text = this.input.value;
    if (!text.trim() || this.busy) {
      return;
    }
    this.actions.post({ type: 'send', text });
    this.input.value = '';
    this.fitInput();
    this.actions.draftChanged('');
  }

  private fitInput(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, MAX_INPUT_HEIGHT_PX)}px`;
  }
}
