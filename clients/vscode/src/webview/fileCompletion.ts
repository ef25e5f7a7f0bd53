import { element } from './dom';

/** `#file:src/ma` (or `#file` alone) right before the cursor: the part after the colon is the query. */
const FILE_TOKEN = /(?:^|\s)#file(?::(\S*))?$/;

/**
 * `#file` completion in the composer: typing `#file:` and part of a path lists matching workspace
 * files (asked from the extension); ↑/↓ move, Enter or Tab attach, Escape closes. The `#file:…`
 * text is removed from the question once the file is attached as a chip.
 */
export class FileCompletion {
  private files: string[] = [];
  private active = 0;
  private query?: string;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly list: HTMLUListElement,
    private readonly find: (query: string) => void,
    private readonly attach: (path: string) => void,
  ) {
    list.addEventListener('mousedown', (event) => {
      const item = (event.target as Element).closest<HTMLElement>('[data-path]');
      if (item?.dataset.path) {
        event.preventDefault();
        this.choose(item.dataset.path);
      }
    });
  }

  get open(): boolean {
    return !this.list.hidden;
  }

  /** Called on every input: asks for files when the cursor is in a `#file` token. */
  inputChanged(): void {
    const match = FILE_TOKEN.exec(this.input.value.slice(0, this.input.selectionStart ?? this.input.value.length));
    clearTimeout(this.timer);
    if (!match) {
      this.close();
      return;
    }
    this.query = match[1] ?? '';
    const query = this.query;
    this.timer = setTimeout(() => this.find(query), 120);
  }

  /** The extension's answer; stale answers (for an older query) are dropped. */
  show(query: string, files: string[]): void {
    if (query !== this.query) {
      return;
    }
    this.files = files;
    this.active = 0;
    this.draw();
  }

  /** Handles ↑/↓/Enter/Tab/Escape while the list is open; true when the key was used. */
  keydown(event: KeyboardEvent): boolean {
    if (!this.open) {
      return false;
    }
    if (this.files.length === 0 && event.key !== 'Escape') {
      this.close();
      return false;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : -1) + this.files.length) % this.files.length;
      this.draw();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      this.choose(this.files[this.active]);
    } else if (event.key === 'Escape') {
      this.close();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  private choose(path: string): void {
    const cursor = this.input.selectionStart ?? this.input.value.length;
    const before = this.input.value.slice(0, cursor).replace(/#file(?::\S*)?$/, '');
    this.input.value = before + this.input.value.slice(cursor);
    this.input.setSelectionRange(before.length, before.length);
    this.attach(path);
    this.close();
    this.input.dispatchEvent(new Event('input'));
  }

  private close(): void {
    this.query = undefined;
    this.files = [];
    this.list.hidden = true;
    this.input.removeAttribute('aria-activedescendant');
  }

  private draw(): void {
    this.list.hidden = false;
    if (this.files.length === 0) {
      this.list.replaceChildren(element('li', 'suggestion empty', 'No matching files'));
      return;
    }
    this.list.replaceChildren(...this.files.map((path, index) => {
      const item = element('li', 'suggestion', path);
      item.id = `file-suggestion-${index}`;
      item.dataset.path = path;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', String(index === this.active));
      return item;
    }));
    this.input.setAttribute('aria-activedescendant', `file-suggestion-${this.active}`);
  }
}
