import type { ChatTurn } from '../chat/pageMessages';
import { renderMarkdown } from './markdown';

interface TurnElements {
  turn: ChatTurn;
  root: HTMLElement;
  author: HTMLElement;
  answer: HTMLElement;
  footer: HTMLElement;
  renderPending: boolean;
}

/** Distance from the bottom (px) within which new text keeps the view scrolled to the end. */
const STICKY_BOTTOM_PX = 48;

/**
 * The list of turns. Answers are re-rendered from their whole Markdown text as deltas arrive, at
 * most once per frame, so half-written lists and code fences show as they will end up.
 */
export class TranscriptView {
  private readonly turns = new Map<string, TurnElements>();

  constructor(
    private readonly root: HTMLElement,
    private readonly welcome: HTMLElement,
    private readonly modelLabel: (modelId: string | undefined) => string,
  ) {}

  /** Replaces everything with `turns`. */
  reset(turns: ChatTurn[]): void {
    for (const elements of this.turns.values()) {
      elements.root.remove();
    }
    this.turns.clear();
    turns.forEach((turn) => this.upsert(turn));
    this.updateWelcome();
    this.scrollToEnd();
  }

  /** Adds a turn, or redraws it when it exists (a retry reuses the id). */
  upsert(turn: ChatTurn): void {
    const existing = this.turns.get(turn.id);
    const elements = this.build({ ...turn });
    this.turns.set(turn.id, elements);
    this.updateWelcome();
    if (existing) {
      existing.root.replaceWith(elements.root);
    } else {
      this.root.appendChild(elements.root);
      this.scrollToEnd();
    }
  }

  setModel(turnId: string, model: string): void {
    const elements = this.turns.get(turnId);
    if (elements) {
      elements.turn.model = model;
      elements.author.textContent = this.modelLabel(model);
    }
  }

  appendDelta(turnId: string, text: string): void {
    const elements = this.turns.get(turnId);
    if (!elements) {
      return;
    }
    elements.turn.answer += text;
    if (!elements.renderPending) {
      elements.renderPending = true;
      requestAnimationFrame(() => {
        elements.renderPending = false;
        this.keepingBottom(() => this.renderAnswer(elements));
      });
    }
  }

  /** Redraws a finished turn with its final text and status. */
  finish(turn: ChatTurn): void {
    this.keepingBottom(() => this.upsert(turn));
  }

  /** Relabels the authors once the model list is known. */
  relabel(): void {
    for (const elements of this.turns.values()) {
      elements.author.textContent = this.modelLabel(elements.turn.model);
    }
  }

  get hasStreamingTurn(): boolean {
    return [...this.turns.values()].some((elements) => elements.turn.status === 'streaming');
  }

  turnIdOf(element: Element): string | undefined {
    return element.closest<HTMLElement>('.turn')?.dataset.turnId;
  }

  private build(turn: ChatTurn): TurnElements {
    const root = element('article', 'turn');
    root.dataset.turnId = turn.id;

    const question = element('div', 'message user');
    question.append(authorLine('You', 'user'), markdownBlock(turn.prompt));

    const reply = element('div', 'message assistant');
    reply.dataset.status = turn.status;
    const author = element('span', 'author-name');
    author.textContent = this.modelLabel(turn.model);
    const header = element('div', 'author');
    header.append(avatar('assistant'), author);
    const answer = element('div', 'content markdown');
    const footer = element('div', 'turn-footer');
    reply.append(header, answer, footer);
    root.append(question, reply);

    const elements: TurnElements = { turn, root, author, answer, footer, renderPending: false };
    this.renderAnswer(elements);
    this.renderFooter(elements);
    return elements;
  }

  private renderAnswer(elements: TurnElements): void {
    const { turn, answer } = elements;
    answer.innerHTML = renderMarkdown(turn.answer);
    answer.classList.toggle('empty', turn.answer === '');
    if (turn.status === 'streaming') {
      if (turn.answer === '') {
        answer.appendChild(element('div', 'typing')).setAttribute('aria-label', 'Waiting for the answer');
      } else {
        placeCaret(answer);
      }
    }
  }

  private renderFooter({ turn, footer }: TurnElements): void {
    footer.replaceChildren();
    if (turn.status === 'stopped') {
      const notice = element('div', 'notice stopped');
      notice.textContent = turn.answer ? 'Stopped — the partial answer is kept.' : 'Stopped before any answer arrived.';
      notice.append(retryButton());
      footer.append(notice);
    } else if (turn.status === 'error' && turn.error) {
      const box = element('div', 'error-box');
      box.setAttribute('role', 'alert');
      const message = element('div', 'error-message');
      message.textContent = turn.error.message;
      box.append(message);
      if (turn.error.hint) {
        const hint = element('div', 'error-hint');
        hint.textContent = turn.error.hint;
        box.append(hint);
      }
      box.append(retryButton());
      footer.append(box);
    } else if (turn.status === 'done' && turn.finishReason === 'length') {
      const notice = element('div', 'notice');
      notice.textContent = 'The answer was cut at the length limit.';
      footer.append(notice);
    }
  }

  private updateWelcome(): void {
    this.welcome.hidden = this.turns.size > 0;
  }

  private keepingBottom(change: () => void): void {
    const atBottom = this.root.scrollHeight - this.root.scrollTop - this.root.clientHeight <= STICKY_BOTTOM_PX;
    change();
    if (atBottom) {
      this.scrollToEnd();
    }
  }

  private scrollToEnd(): void {
    this.root.scrollTop = this.root.scrollHeight;
  }
}

/** Blocks the caret goes into, so it follows the last word rather than starting a line of its own. */
const CARET_PARENTS = new Set(['P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

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

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.className = className;
  return created;
}

function avatar(kind: 'user' | 'assistant'): HTMLElement {
  const badge = element('span', `avatar ${kind}`);
  badge.setAttribute('aria-hidden', 'true');
  badge.textContent = kind === 'user' ? 'U' : '✦';
  return badge;
}

function authorLine(name: string, kind: 'user' | 'assistant'): HTMLElement {
  const line = element('div', 'author');
  const label = element('span', 'author-name');
  label.textContent = name;
  line.append(avatar(kind), label);
  return line;
}

function markdownBlock(text: string): HTMLElement {
  const block = element('div', 'content markdown');
  block.innerHTML = renderMarkdown(text);
  return block;
}

function retryButton(): HTMLButtonElement {
  const button = element('button', 'link-button');
  button.type = 'button';
  button.dataset.action = 'retry';
  button.textContent = 'Retry';
  return button;
}
