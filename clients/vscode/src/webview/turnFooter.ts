import type { ChatTurn } from '../chat/pageMessages';
import { actionButton, element } from './dom';

/**
 * What follows an answer: the stopped notice, the error (type, message, hint), Retry when it can
 * help — counting down `retryAfterMs` first — and the answer's time and token counts.
 */
export class TurnFooter {
  private timer?: ReturnType<typeof setInterval>;

  constructor(readonly root: HTMLElement) {}

  render(turn: ChatTurn): void {
    this.dispose();
    this.root.replaceChildren();
    if (turn.status === 'stopped') {
      const notice = element('div', 'notice stopped', turn.answer ? 'Stopped — the partial answer is kept.' : 'Stopped before any answer arrived.');
      notice.append(actionButton('retry', 'Retry'));
      this.root.append(notice);
    } else if (turn.status === 'error' && turn.error) {
      this.root.append(this.errorBox(turn.error));
    } else if (turn.status === 'done' && turn.finishReason === 'length') {
      this.root.append(element('div', 'notice', 'The answer was cut at the length limit.'));
    }
    const meta = metaLine(turn);
    if (meta) {
      this.root.append(element('div', 'turn-meta', meta));
    }
  }

  /** Stops the countdown (the turn was redrawn or removed). */
  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private errorBox(error: NonNullable<ChatTurn['error']>): HTMLElement {
    const box = element('div', 'error-box');
    box.setAttribute('role', 'alert');
    const message = element('div', 'error-message');
    message.append(element('span', 'error-type', error.type), document.createTextNode(error.message));
    box.append(message);
    if (error.hint) {
      box.append(element('div', 'error-hint', error.hint));
    }
    if (error.retryable) {
      const retry = actionButton('retry', 'Retry');
      box.append(retry);
      if (error.retryAfterMs && error.at) {
        this.countDown(retry, error.at + error.retryAfterMs);
      }
    }
    return box;
  }

  private countDown(button: HTMLButtonElement, until: number): void {
    const tick = () => {
      const left = Math.ceil((until - Date.now()) / 1000);
      button.disabled = left > 0;
      button.textContent = left > 0 ? `Retry in ${left} s` : 'Retry';
      if (left <= 0) {
        this.dispose();
      }
    };
    tick();
    if (button.disabled) {
      this.timer = setInterval(tick, 250);
    }
  }
}

/** `2.4 s · 42 tokens (12 in, 30 out)`; empty while streaming. */
export function metaLine(turn: ChatTurn): string {
  if (turn.status === 'streaming') {
    return '';
  }
  const parts: string[] = [];
  if (typeof turn.elapsedMs === 'number') {
    parts.push(turn.elapsedMs < 1000 ? `${turn.elapsedMs} ms` : `${(turn.elapsedMs / 1000).toFixed(1)} s`);
  }
  const usage = turn.usage;
  if (usage && (usage.totalTokens ?? usage.completionTokens) !== undefined) {
    const total = usage.totalTokens ?? (usage.promptTokens ?? 0) + (usage.completionTokens ?? 0);
    const split = usage.promptTokens !== undefined && usage.completionTokens !== undefined
      ? ` (${usage.promptTokens} in, ${usage.completionTokens} out)` : '';
    parts.push(`${total} tokens${split}`);
  }
  return parts.join(' · ');
}
