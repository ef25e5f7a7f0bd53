import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryHistory } from '../../src/chat/chatHistory';
import { ChatSession } from '../../src/chat/chatSession';
import type { HostMessage } from '../../src/chat/pageMessages';
import { TransportRecorder } from './support/transportRecorder';

function session(history = memoryHistory()) {
  const transport = new TransportRecorder();
  const emitted: HostMessage[] = [];
  const chat = new ChatSession(transport, history, (message) => emitted.push(message));
  return { transport, emitted, chat, history };
}

test('a streamed answer is told to the page piece by piece and finished with the full text', async () => {
  const { transport, emitted, chat } = session();
  const finished = chat.send('Hello?', 'auto');
  const call = await transport.next();
  assert.deepEqual(call.params, { messages: [{ role: 'user', content: 'Hello?' }], model: 'auto' });
  assert.equal(chat.busy, true);
  call.begin('auto').delta('Hi', ' there');
  call.finish({ text: 'Hi there', conversation: { id: 'c1', parentMessageId: 'm1' } });
  const turn = await finished;

  assert.equal(turn?.status, 'done');
  assert.equal(chat.busy, false);
  const id = turn?.id ?? '';
  const elapsedMs = turn?.elapsedMs ?? -1;
  assert.ok(elapsedMs >= 0);
  assert.deepEqual(emitted, [
    { type: 'turnStarted', turn: { id, prompt: 'Hello?', answer: '', status: 'streaming' } },
    { type: 'turnModel', turnId: id, model: 'auto' },
    { type: 'delta', turnId: id, text: 'Hi' },
    { type: 'delta', turnId: id, text: ' there' },
    { type: 'turnFinished', turn: { id, prompt: 'Hello?', answer: 'Hi there', status: 'done', model: 'auto', finishReason: 'stop', elapsedMs } },
  ]);
  transport.assertExhausted();
});

test('a follow-up sends the history and passes the conversation back', async () => {
  const { transport, chat } = session();
  const first = chat.send('One');
  (await transport.next()).delta('Answer one').finish({ conversation: { id: 'c1', parentMessageId: 'm1' } });
  await first;

  const second = chat.send('Two');
  const call = await transport.next();
  assert.deepEqual(call.params, {
    messages: [{ role: 'user', content: 'One' }, { role: 'assistant', content: 'Answer one' }, { role: 'user', content: 'Two' }],
    conversation: { id: 'c1', parentMessageId: 'm1' },
  });
  call.delta('Answer two').finish();
  await second;
  transport.assertExhausted();
});

test('stop cancels the request and keeps the partial answer, marked stopped', async () => {
  const { transport, emitted, chat } = session();
  const finished = chat.send('Long story please');
  const call = await transport.next();
  call.delta('Once upon', ' a time');
  chat.stop();
  const turn = await finished;

  assert.equal(call.token.isCancellationRequested, true);
  assert.equal(turn?.status, 'stopped');
  assert.equal(turn?.answer, 'Once upon a time');
  assert.deepEqual(emitted.at(-1), { type: 'turnFinished', turn: { ...turn } });
  transport.assertExhausted();
});

test('an error ends up in the turn with its message, hint and partial text', async () => {
  const { transport, chat } = session();
  const finished = chat.send('Hi');
  (await transport.next()).delta('Par').fail({ type: 'rate_limited', message: 'Too many requests.', hint: 'Wait a minute.', retryable: true, retryAfterMs: 60000 });
  const turn = await finished;
  assert.equal(turn?.status, 'error');
  assert.equal(turn?.answer, 'Par');
  const { at, ...error } = turn?.error ?? {};
  assert.deepEqual(error, { type: 'rate_limited', message: 'Too many requests.', hint: 'Wait a minute.', retryable: true, retryAfterMs: 60000 });
  assert.ok(typeof at === 'number' && Math.abs(at - Date.now()) < 60_000, 'the countdown starts when the error arrived');
  transport.assertExhausted();
});

test('bug 4: a turn that failed with a non-retryable error is not asked again', async () => {
  const { transport, chat } = session();
  const failed = await (async () => {
    const sending = chat.send('Hi');
    (await transport.next()).fail({ type: 'invalid_request', message: 'messages[0].content must be a string', hint: '', retryable: false }, -32602);
    return sending;
  })();
  assert.equal(failed?.status, 'error');
  assert.equal(await chat.retry(failed?.id ?? ''), undefined);
  transport.assertExhausted();
});

test('reasoning, token usage and the elapsed time are kept with the answer', async () => {
  const { transport, emitted, chat } = session();
  const sending = chat.send('Think first');
  const call = await transport.next();
  call.reason('Let me ', 'see.').delta('Answer');
  call.finish({ usage: { promptTokens: 5, completionTokens: 7, totalTokens: 12 } });
  const turn = await sending;
  assert.equal(turn?.reasoning, 'Let me see.');
  assert.deepEqual(turn?.usage, { promptTokens: 5, completionTokens: 7, totalTokens: 12 });
  assert.ok(typeof turn?.elapsedMs === 'number' && turn.elapsedMs >= 0);
  assert.deepEqual(emitted.filter((m) => m.type === 'reasoning').map((m) => m.type === 'reasoning' && m.text), ['Let me ', 'see.']);
  transport.assertExhausted();
});

test('attached files are sent after the question, and kept for the follow-ups', async () => {
  const { transport, chat } = session();
  const first = chat.send('Explain', undefined, { labels: ['a.ts'], text: 'From `a.ts`:\n\n```ts\nx\n```\n' });
  const call = await transport.next();
  assert.deepEqual(call.params.messages, [{ role: 'user', content: 'Explain\n\nFrom `a.ts`:\n\n```ts\nx\n```\n' }]);
  call.delta('It is x.').finish();
  const turn = await first;
  assert.deepEqual(turn?.context, ['a.ts']);
  const second = chat.send('More');
  const next = await transport.next();
  assert.equal(next.params.messages[0].content, 'Explain\n\nFrom `a.ts`:\n\n```ts\nx\n```\n');
  next.finish();
  await second;
  transport.assertExhausted();
});

test('retry asks the failed last turn again under the same id, without the failed answer in the history', async () => {
  const { transport, emitted, chat } = session();
  const first = chat.send('Hi');
  (await transport.next()).fail({ type: 'unreachable', message: 'No network.', hint: 'Check the proxy.', retryable: true });
  const failed = await first;
  const retried = chat.retry(failed?.id ?? '');
  const call = await transport.next();
  assert.deepEqual(call.params.messages, [{ role: 'user', content: 'Hi' }]);
  call.delta('Hello!').finish();
  const turn = await retried;
  assert.equal(turn?.id, failed?.id);
  assert.equal(turn?.status, 'done');
  assert.equal(turn?.error, undefined);
  assert.equal(chat.snapshot.length, 1);
  assert.equal(emitted.filter((message) => message.type === 'turnStarted').length, 2);
  transport.assertExhausted();
});

test('retry is refused for anything but a failed or stopped last turn', async () => {
  const { transport, chat } = session();
  const first = chat.send('Hi');
  (await transport.next()).delta('Fine').finish();
  const done = await first;
  assert.equal(await chat.retry(done?.id ?? ''), undefined);
  assert.equal(await chat.retry('no-such-turn'), undefined);
  transport.assertExhausted();
});

test('after a stopped answer the next question starts a new conversation carrying the visible history', async () => {
  const { transport, chat } = session();
  const first = chat.send('One');
  (await transport.next()).delta('A1').finish({ conversation: { id: 'c1', parentMessageId: 'm1' } });
  await first;
  const second = chat.send('Two');
  (await transport.next()).delta('half an');
  chat.stop();
  await second;

  const third = chat.send('Three');
  const call = await transport.next();
  assert.deepEqual(call.params, {
    messages: [
      { role: 'user', content: 'One' }, { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Two' }, { role: 'assistant', content: 'half an' },
      { role: 'user', content: 'Three' },
    ],
  });
  call.finish();
  await third;
  transport.assertExhausted();
});

test('an error before any text keeps the conversation going', async () => {
  const { transport, chat } = session();
  const first = chat.send('One');
  (await transport.next()).delta('A1').finish({ conversation: { id: 'c1', parentMessageId: 'm1' } });
  await first;
  const second = chat.send('Two');
  (await transport.next()).fail({ type: 'rate_limited', message: 'Slow down.', hint: 'Wait.', retryable: true });
  await second;

  const third = chat.send('Three');
  const call = await transport.next();
  assert.deepEqual(call.params.conversation, { id: 'c1', parentMessageId: 'm1' });
  call.finish();
  await third;
  transport.assertExhausted();
});

test('a second question while one streams, or a blank one, is ignored', async () => {
  const { transport, chat } = session();
  const first = chat.send('One');
  const call = await transport.next();
  assert.equal(await chat.send('Two'), undefined);
  assert.equal(await chat.send('   '), undefined);
  call.finish();
  await first;
  assert.deepEqual(chat.snapshot.map((turn) => turn.prompt), ['One']);
  transport.assertExhausted();
});

test('the chat is saved and restored; a turn that was streaming comes back stopped', async () => {
  const history = memoryHistory();
  const first = session(history);
  const done = first.chat.send('One');
  (await first.transport.next()).delta('A1').finish({ conversation: { id: 'c9', parentMessageId: 'p9' } });
  await done;
  void first.chat.send('Two');
  (await first.transport.next()).delta('half');

  const reloaded = session(history);
  assert.deepEqual(reloaded.chat.snapshot.map((turn) => [turn.prompt, turn.status]), [['One', 'done'], ['Two', 'stopped']]);
  const next = reloaded.chat.send('Three');
  const call = await reloaded.transport.next();
  assert.deepEqual(call.params.conversation, { id: 'c9', parentMessageId: 'p9' });
  call.finish();
  await next;
  reloaded.transport.assertExhausted();
});

test('a damaged saved chat is ignored instead of breaking the view', () => {
  for (const saved of [null, 'text', { turns: 'x' }, { turns: [{ id: 1 }, null] }]) {
    const { chat } = session(memoryHistory(saved as never));
    assert.deepEqual(chat.snapshot, []);
  }
});
