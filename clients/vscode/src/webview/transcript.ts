import type { ChatTurn } from '../chat/pageMessages';
import { AnswerView } from './answerView';
import { element } from './dom';
import { renderMarkdown } from './markdown';
import { TurnFooter } from './turnFooter';

interface TurnElements {
  turn: ChatTurn;
  root: HTMLElement;
  author: HTMLElement;
  reply: HTMLElement;
  answer: AnswerView;
  thinking: HTMLDetailsElement;
  thinkingText: HTMLElement;
  footer: TurnFooter;
  renderPending: boolean;
}

/** Distance from the bottom (px) within which new text keeps the view scrolled to the end. */
const STICKY_BOTTOM_PX = 48;
/** Screen readers hear at most this much of a finished answer. */
const ANNOUNCED_CHARS = 600;

/**
 * The list of turns. Answers are re-rendered from their whole Markdown text as deltas arrive, at
 * most once per frame, so half-written lists and code fences show as they will end up. The list
 * itself is not a live region: a finished answer is announced once through `announcer`.
 */
export class TranscriptView {
  private readonly turns = new Map<string, TurnElements>();

  constructor(
    private readonly root: HTMLElement,
    private readonly welcome: HTMLElement,
    private readonly announcer: HTMLElement,
    private readonly modelLabel: (modelId: string | undefined) => string,
  ) {}

  /** Replaces everything with `turns`. */
  reset(turns: ChatTurn[]): void {
    for (const elements of this.turns.values()) {
      elements.footer.dispose();
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
    existing?.footer.dispose();
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
        this.keepingBottom(() => elements.answer.render(elements.turn.answer, elements.turn.status === 'streaming'));
      });
    }
  }

  /** Reasoning goes into the collapsed "Thinking" section, as plain text. */
  appendReasoning(turnId: string, text: string): void {
    const elements = this.turns.get(turnId);
    if (elements) {
      elements.turn.reasoning = (elements.turn.reasoning ?? '') + text;
      elements.thinking.hidden = false;
      elements.thinkingText.append(text);
    }
  }

  /**
   * Shows a finished turn: the answer's blocks that did not change stay, the status and footer
   * are redrawn, and the answer is announced once.
   */
  finish(turn: ChatTurn): void {
    const elements = this.turns.get(turn.id);
    if (!elements) {
      this.upsert(turn);
      return;
    }
    this.keepingBottom(() => {
      elements.turn = { ...turn };
      elements.reply.dataset.status = turn.status;
      elements.author.textContent = this.modelLabel(turn.model);
      this.fillThinking(elements);
      elements.answer.render(turn.answer, false);
      elements.footer.render(elements.turn);
    });
    this.announce(turn);
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

  turnIdOf(node: Element): string | undefined {
    return node.closest<HTMLElement>('.turn')?.dataset.turnId;
  }

  private announce(turn: ChatTurn): void {
    const who = this.modelLabel(turn.model);
    const text = turn.answer.length > ANNOUNCED_CHARS ? `${turn.answer.slice(0, ANNOUNCED_CHARS)}…` : turn.answer;
    this.announcer.textContent = turn.status === 'done' ? `${who} answered: ${text}`
      : turn.status === 'stopped' ? `${who} stopped.` : `${who} failed: ${turn.error?.message ?? ''}`;
  }

  private build(turn: ChatTurn): TurnElements {
    const root = element('article', 'turn');
    root.dataset.turnId = turn.id;

    const question = element('div', 'message user');
    question.append(authorLine('You', 'user'));
    if (turn.context && turn.context.length > 0) {
      const chips = element('ul', 'chips sent');
      chips.setAttribute('aria-label', 'Attached');
      turn.context.forEach((label) => chips.append(element('li', 'chip', label)));
      question.append(chips);
    }
    const prompt = element('div', 'content markdown');
    prompt.innerHTML = renderMarkdown(turn.prompt);
    question.append(prompt);

    const reply = element('div', 'message assistant');
    reply.dataset.status = turn.status;
    const author = element('span', 'author-name', this.modelLabel(turn.model));
    const header = element('div', 'author');
    header.append(avatar('assistant'), author);
    const thinking = element('details', 'thinking');
    const thinkingText = element('div', 'thinking-text');
    thinking.append(element('summary', '', 'Thinking'), thinkingText);
    const answer = new AnswerView(element('div', 'content markdown'));
    const footer = new TurnFooter(element('div', 'turn-footer'));
    reply.append(header, thinking, answer.root, footer.root);
    root.append(question, reply);

    const elements: TurnElements = { turn, root, author, reply, answer, thinking, thinkingText, footer, renderPending: false };
    this.fillThinking(elements);
    answer.render(turn.answer, turn.status === 'streaming');
    footer.render(turn);
    return elements;
  }

  private fillThinking({ turn, thinking, thinkingText }: TurnElements): void {
    thinking.hidden = !turn.reasoning;
    thinkingText.textContent = turn.reasoning ?? '';
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

function avatar(kind: 'user' | 'assistant'): HTMLElement {
  const badge = element('span', `avatar ${kind}`, kind === 'user' ? 'U' : '✦');
  badge.setAttribute('aria-hidden', 'true');
  return badge;
}

function authorLine(name: string, kind: 'user' | 'assistant'): HTMLElement {
  const line = element('div', 'author');
  line.append(avatar(kind), element('span', 'author-name', name));
  return line;
}
