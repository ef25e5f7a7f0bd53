import assert from 'node:assert/strict';
import type { CancellationToken } from 'vscode-jsonrpc';
import type { ChatTransport } from '../../../src/chat/chatSession';
import type { ChatCompleteParams, ChatCompleteResult, ChatModelsResult, ErrorData } from '../../../src/sidecar/protocol';
import type { StreamHandlers } from '../../../src/sidecar/sidecarConnection';
import { SidecarError } from '../../../src/sidecar/sidecarError';

/** One `complete` call that the test answers by hand. */
export class RecordedCall {
  private streamed = '';
  private seq = 0;

  constructor(
    readonly params: ChatCompleteParams,
    private readonly handlers: StreamHandlers,
    readonly token: CancellationToken,
    private readonly resolve: (result: ChatCompleteResult) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    // like the sidecar: a cancel fails the request with what was streamed so far
    token.onCancellationRequested(() => this.fail({ type: 'cancelled', message: 'Cancelled.', hint: '', retryable: true }, -32800));
  }

  begin(model: string): this {
    this.handlers.onBegin?.(model);
    return this;
  }

  delta(...pieces: string[]): this {
    for (const piece of pieces) {
      this.streamed += piece;
      this.handlers.onDelta(piece, ++this.seq);
    }
    return this;
  }

  reason(...pieces: string[]): this {
    pieces.forEach((piece) => this.handlers.onReasoning?.(piece));
    return this;
  }

  finish(extra: Partial<ChatCompleteResult> = {}): void {
    this.resolve({ text: this.streamed, model: 'auto', finishReason: 'stop', ...extra });
  }

  fail(data: ErrorData, code = -32015): void {
    this.reject(new SidecarError(code, this.streamed ? { ...data, partialText: this.streamed } : data));
  }
}

/** A {@link ChatTransport} that records each call for the test to answer; `assertExhausted` checks none went unseen. */
export class TransportRecorder implements ChatTransport {
  private readonly calls: RecordedCall[] = [];
  private taken = 0;
  private waiting?: () => void;
  modelsResult: ChatModelsResult = { models: [], defaultModel: 'auto' };
  modelsCalls = 0;

  complete(params: ChatCompleteParams, handlers: StreamHandlers, token: CancellationToken): Promise<ChatCompleteResult> {
    return new Promise((resolve, reject) => {
      this.calls.push(new RecordedCall(structuredClone(params), handlers, token, resolve, reject));
      this.waiting?.();
    });
  }

  models(): Promise<ChatModelsResult> {
    this.modelsCalls++;
    return Promise.resolve(this.modelsResult);
  }

  /** The next call not yet looked at, waiting for it if needed. */
  async next(): Promise<RecordedCall> {
    while (this.taken >= this.calls.length) {
      await new Promise<void>((resolve) => { this.waiting = resolve; });
    }
    return this.calls[this.taken++];
  }

  assertExhausted(): void {
    assert.equal(this.calls.length - this.taken, 0, `${this.calls.length - this.taken} complete call(s) were not checked`);
  }
}
