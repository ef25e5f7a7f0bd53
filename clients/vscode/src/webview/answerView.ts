import { element } from './dom';
import { renderMarkdown } from './markdown';

/** Blocks the caret goes into, so it follows the last word rather than starting a line of its own. */
const CARET_PARENTS = new Set(['P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/**
 * An answer's rendered Markdown. Each render compares the new top-level blocks with the ones shown
 * and replaces only from the first that changed (while streaming, usually just the last), so
 * finished paragraphs and code blocks keep their elements, selection and focus.
 */
export class AnswerView {
  private shown: string[] = [];

  constructor(readonly root: HTMLElement) {}

  render(text: string, streaming: boolean): void {
    this.root.querySelectorAll(':scope .caret, :scope > .typing').forEach((marker) => marker.remove());
    const template = document.createElement('template');
    template.innerHTML = renderMarkdown(text, streaming);
    const fresh = [...template.content.children] as HTMLElement[];
    const html = fresh.map((block) => block.outerHTML);
    let same = 0;
    while (same < html.length && same < this.shown.length && html[same] === this.shown[same]) {
      same++;
    }
    [...this.root.children].slice(same).forEach((stale) => stale.remove());
    this.root.append(...fresh.slice(same));
    this.shown = html;
    this.root.classList.toggle('empty', text === '');
    if (streaming) {
      if (text === '') {
        this.root.appendChild(element('div', 'typing')).setAttribute('aria-label', 'Waiting for the answer');
      } else {
        placeCaret(this.root);
      }
    }
  }
}

/** Puts the streaming caret after the last text; a code block that is still growing gets none. */
function placeCaret(root: HTMLElement): void {
  let host: Element = root;
  let last = host.lastElementChild;
  while (last && CARET_PARENTS.has(last.tagName)) {
    host = last;
    last = host.lastElementChild;
  }
  if (!last?.classList.contains('code-block')) {
    host.append(element('span', 'caret'));
  }
}
