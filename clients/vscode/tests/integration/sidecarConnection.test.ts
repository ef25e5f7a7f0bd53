import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import type { ChatCompleteResult } from '../../src/sidecar/protocol';
import { SidecarConnection, type StreamHandlers } from '../../src/sidecar/sidecarConnection';
import { SidecarError } from '../../src/sidecar/sidecarError';
import { eventually, FakeBackend } from './support/fakeBackend';
import { sidecarLaunch } from './support/sidecarJars';

/** Records one streamed answer in the order it arrived. */
class StreamRecorder implements StreamHandlers {
  readonly events: string[] = [];
  readonly seqs: number[] = [];
  text = '';

  constructor(private readonly onPiece?: (seq: number) => void) {}

  onBegin(model: string): void {
    this.events.push(`begin:${model}`);
  }

  onDelta(text: string, seq: number): void {
    this.events.push('delta');
    this.seqs.push(seq);
    this.text += text;
    this.onPiece?.(seq);
  }
}

async function failure(promise: Promise<ChatCompleteResult>): Promise<SidecarError> {
  try {
    const result = await promise;
    assert.fail(`expected a failure, got ${JSON.stringify(result)}`);
  } catch (error) {
    assert.ok(error instanceof SidecarError, String(error));
    return error;
  }
}

describe('sidecar connection against the real jar and the fake backend', { timeout: 120_000 }, () => {
  let fake: FakeBackend;
  let sidecar: SidecarConnection;
  const logs: string[] = [];

  before(async () => {
    // pieces a little apart, as a real answer streams, so each one reaches the client on its own
    fake = await FakeBackend.start('--chunk-delay-ms', '15');
    sidecar = await SidecarConnection.start(sidecarLaunch(), { initializationOptions: { chatgpt: { baseUrl: fake.baseUrl } } },
      (line) => logs.push(line));
  });
  after(async () => {
    await sidecar?.shutdown();
    await fake?.stop();
  });

  test('initialize names the server, and chat/models lists the default model as available', async () => {
    assert.equal(sidecar.serverInfo.name, 'chat-sidecar');
    const { models, defaultModel } = await sidecar.models();
    const model = models.find((candidate) => candidate.id === defaultModel);
    assert.ok(model, `default ${defaultModel} not in ${JSON.stringify(models)}`);
    assert.equal(model.available, true);
    assert.ok(logs.some((line) => line.includes('started sidecar')), 'start not logged');
  });

  test('an answer streams through $/progress: begin, then gap-free deltas that add up to the result', async () => {
    const stream = new StreamRecorder();
    const result = await sidecar.complete({ messages: [{ role: 'user', content: 'count [[chunks:6]]' }] }, stream);
    assert.equal(result.text, 'w1 w2 w3 w4 w5 w6');
    assert.equal(stream.text, result.text);
    assert.equal(stream.events[0], `begin:${result.model}`);
    assert.deepEqual(stream.seqs, stream.seqs.map((_, index) => index + 1));
    assert.ok(stream.seqs.length >= 2, `expected several deltas, got ${stream.seqs.length}`);
    assert.equal(result.finishReason, 'stop');
  });

  test('a follow-up that passes the conversation back continues it', async () => {
    const first = await sidecar.complete({ messages: [{ role: 'user', content: 'hello' }] }, new StreamRecorder());
    assert.equal(first.text, 'You said: hello');
    assert.ok(first.conversation?.id, 'no conversation returned');
    const second = await sidecar.complete({
      messages: [{ role: 'user', content: 'hello' }, { role: 'assistant', content: first.text }, { role: 'user', content: 'again' }],
      conversation: first.conversation ?? undefined,
    }, new StreamRecorder());
    assert.equal(second.text, 'You said: again (turn 2)');
    assert.equal(second.conversation?.id, first.conversation?.id);
  });

  test('cancelling sends $/cancelRequest: the request fails as cancelled with the partial text, upstream is aborted', async () => {
    const abortsBefore = (await fake.stats()).clientAborts;
    const cancel = new CancellationTokenSource();
    const stream = new StreamRecorder((seq) => { if (seq === 3) cancel.cancel(); });
    const started = Date.now();
    const error = await failure(sidecar.complete({ messages: [{ role: 'user', content: 'tell me [[slow]]' }] }, stream, cancel.token));
    const elapsed = Date.now() - started;

    assert.equal(error.code, -32800);
    assert.equal(error.data.type, 'cancelled');
    assert.equal(error.data.partialText, stream.text, 'partialText must be exactly what was streamed');
    assert.match(stream.text, /^w1 w2 w3 /);
    assert.ok(stream.seqs.length < 60, 'the answer went on to the end');
    assert.ok(elapsed < 5_000, `cancel took ${elapsed} ms (a [[slow]] answer takes 12 s)`);
    await eventually('the fake backend to see the client abort', () => fake.stats(), (stats) => stats.clientAborts > abortsBefore);
  });

  test('an upstream error arrives with its type, code, hint and retry time', async () => {
    const error = await failure(sidecar.complete({ messages: [{ role: 'user', content: 'hi [[error:429]]' }] }, new StreamRecorder()));
    assert.equal(error.data.type, 'rate_limited');
    assert.equal(error.code, -32012);
    assert.equal(error.data.retryable, true);
    assert.equal(error.data.retryAfterMs, 37_000);
    assert.equal(error.data.httpStatus, 429);
    assert.ok(error.data.hint.length > 0, 'no hint');
  });

  test('a stream cut midway fails as upstream_error and keeps what was streamed', async () => {
    const stream = new StreamRecorder();
    const error = await failure(sidecar.complete({ messages: [{ role: 'user', content: 'one two three four five six [[cut]]' }] }, stream));
    assert.equal(error.data.type, 'upstream_error');
    assert.ok(stream.text.length > 0, 'nothing streamed before the cut');
    assert.equal(error.data.partialText, stream.text);
  });

  test('a 403 "unusual activity" is reported as blocked', async () => {
    const error = await failure(sidecar.complete({ messages: [{ role: 'user', content: 'hi [[error:403]]' }] }, new StreamRecorder()));
    assert.equal(error.data.type, 'blocked');
    assert.ok(error.data.hint.length > 0, 'no hint');
  });
});
