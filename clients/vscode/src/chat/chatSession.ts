import { CancellationTokenSource, type CancellationToken } from 'vscode-jsonrpc';
import type { ChatCompleteParams, ChatCompleteResult, ChatMessage, ConversationRef } from '../sidecar/protocol';
import type { StreamHandlers } from '../sidecar/sidecarConnection';
import { toSidecarError } from '../sidecar/sidecarError';
import { restoredChat, type HistoryStore } from './chatHistory';
import type { ChatTurn, HostMessage } from './pageMessages';

/** What the session needs from the sidecar (the supervisor in production, a fake in tests). */
export interface ChatTransport {
  complete(params: ChatCompleteParams, handlers: StreamHandlers, token?: CancellationToken): Promise<ChatCompleteResult>;
}

interface ActiveTurn {
  turn: ChatTurn;
  cancel: CancellationTokenSource;
}

/** Files or a selection sent along with a question. */
export interface Attachments {
  /** What the question's chips show. */
  labels: string[];
  /** The text sent after the question. */
  text: string;
}

/**
 * One chat: its turns, the conversation to continue, and at most one answer streaming at a time.
 * Every change is told to `emit` as a page message and saved to the history store.
 */
export class ChatSession {
  private turns: ChatTurn[];
  private conversation?: ConversationRef;
  private active?: ActiveTurn;
  private idSeq = 0;

  constructor(
    private readonly transport: ChatTransport,
    private readonly history: HistoryStore,
    private readonly emit: (message: HostMessage) => void,
  ) {
    const saved = restoredChat(history.load());
    this.turns = saved.turns;
    this.conversation = saved.conversation;
  }

  /** A copy of the turns, oldest first. */
  get snapshot(): ChatTurn[] {
    return this.turns.map((turn) => ({ ...turn }));
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  /**
   * Asks `prompt` as the next turn and resolves with the finished turn, or with `undefined` when
   * the prompt is blank or an answer is still streaming. Never rejects: failures end up in the turn.
   */
  async send(prompt: string, model?: string, attachments?: Attachments): Promise<ChatTurn | undefined> {
    if (!prompt.trim() || this.active) {
      return undefined;
    }
    const turn: ChatTurn = { id: this.nextId(), prompt, answer: '', status: 'streaming' };
    if (attachments && attachments.labels.length > 0) {
      Object.assign(turn, { context: attachments.labels, attached: attachments.text });
    }
    this.turns.push(turn);
    return this.run(turn, model);
  }

  /**
   * Asks the last turn again when it was stopped or failed with an error that says a retry can
   * help (`retryable`); otherwise does nothing.
   */
  async retry(turnId: string, model?: string): Promise<ChatTurn | undefined> {
    const last = this.turns[this.turns.length - 1];
    const retryable = last?.status === 'stopped' || (last?.status === 'error' && last.error?.retryable === true);
    if (this.active || !last || last.id !== turnId || !retryable) {
      return undefined;
    }
    Object.assign(last, {
      answer: '', status: 'streaming', error: undefined, finishReason: undefined, model: undefined,
      reasoning: undefined, usage: undefined, elapsedMs: undefined,
    });
    return this.run(last, model);
  }

  /** Stops the answer that is streaming; what arrived so far is kept and marked stopped. */
  stop(): void {
    this.active?.cancel.cancel();
  }


  private async run(turn: ChatTurn, model?: string): Promise<ChatTurn> {
    const cancel = new CancellationTokenSource();
    const active: ActiveTurn = { turn, cancel };
    this.active = active;
    this.emit({ type: 'turnStarted', turn: { ...turn } });
    this.save();
    const params: ChatCompleteParams = { messages: this.messagesUpTo(turn) };
    if (model) {
      params.model = model;
    }
    if (this.conversation) {
      params.conversation = this.conversation;
    }
    const current = () => this.active === active;
    const started = Date.now();
    try {
      const result = await this.transport.complete(params, {
        onBegin: (answering) => {
          if (current()) {
            turn.model = answering;
            this.emit({ type: 'turnModel', turnId: turn.id, model: answering });
          }
        },
        onDelta: (text) => {
          if (current()) {
            turn.answer += text;
            this.emit({ type: 'delta', turnId: turn.id, text });
          }
        },
        onReasoning: (text) => {
          if (current()) {
            turn.reasoning = (turn.reasoning ?? '') + text;
            this.emit({ type: 'reasoning', turnId: turn.id, text });
          }
        },
      }, cancel.token);
      Object.assign(turn, { answer: result.text, status: 'done', model: result.model, finishReason: result.finishReason });
      if (result.reasoning) {
        turn.reasoning = result.reasoning;
      }
      if (result.usage) {
        turn.usage = result.usage;
      }
      if (current()) {
        this.conversation = result.conversation ?? undefined;
      }
    } catch (failure) {
      const error = toSidecarError(failure, turn.answer);
      turn.answer = error.data.partialText ?? turn.answer;
      if (current() && (error.cancelled || turn.answer)) {
        // upstream may keep the unfinished answer as the conversation's last message, and a
        // follow-up whose parent is an older message can be refused: start anew with the visible history
        this.conversation = undefined;
      }
      if (error.cancelled) {
        turn.status = 'stopped';
      } else {
        const { type, message, hint, retryable, retryAfterMs } = error.data;
        const shown: ChatTurn['error'] = { type, message, hint, retryable };
        if (retryable && typeof retryAfterMs === 'number' && retryAfterMs > 0) {
          Object.assign(shown, { retryAfterMs, at: Date.now() });
        }
        Object.assign(turn, { status: 'error', error: shown });
      }
    } finally {
      cancel.dispose();
    }
    turn.elapsedMs = Date.now() - started;
    if (current()) {
      this.active = undefined;
      this.emit({ type: 'turnFinished', turn: { ...turn } });
      this.save();
    }
    return turn;
  }

  /** Earlier answered turns as user/assistant pairs, then this turn's prompt. */
  private messagesUpTo(turn: ChatTurn): ChatMessage[] {
    const messages: ChatMessage[] = [];
    for (const earlier of this.turns) {
      if (earlier === turn) {
        break;
      }
      if ((earlier.status === 'done' || earlier.status === 'stopped') && earlier.answer) {
        messages.push({ role: 'user', content: userContent(earlier) }, { role: 'assistant', content: earlier.answer });
      }
    }
    messages.push({ role: 'user', content: userContent(turn) });
    return messages;
  }

  private save(): void {
    this.history.save({ version: 1, turns: this.snapshot, conversation: this.conversation });
  }

  private nextId(): string {
    return `t${Date.now().toString(36)}-${++this.idSeq}`;
  }
}

/** The question as sent: what the user typed, then the attached files. */
function userContent(turn: ChatTurn): string {
  return turn.attached ? `${turn.prompt}\n\n${turn.attached}` : turn.prompt;
}
