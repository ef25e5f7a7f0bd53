import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatController, type ChatHost } from '../../src/chat/chatController';
import { memoryHistory } from '../../src/chat/chatHistory';
import type { HostMessage } from '../../src/chat/pageMessages';
import { TransportRecorder } from './support/transportRecorder';

function controller() {
  const transport = new TransportRecorder();
  transport.modelsResult = {
    defaultModel: 'auto',
    models: [
      { id: 'auto', label: 'ChatGPT (auto)', provider: 'chatgpt', aliases: ['gpt-3.5-turbo'], isDefault: true, available: true, unavailableReason: null },
      { id: 'local/tiny', label: 'Local tiny', provider: 'local', available: false, unavailableReason: 'No model file configured.' },
    ],
  };
  const posted: HostMessage[] = [];
  const actions: string[] = [];
  let selected: string | undefined;
  const host: ChatHost = {
    post: (message) => posted.push(message),
    copy: (text) => { actions.push(`copy:${text}`); },
    insert: (text) => { actions.push(`insert:${text}`); },
    selectedModel: () => selected,
    selectModel: (model) => { selected = model; },
    log: (line) => actions.push(`log:${line}`),
  };
  const chat = new ChatController({ transport, history: memoryHistory(), host });
  return { transport, posted, actions, chat };
}

test('a page that opens gets the whole state', async () => {
  const { posted, chat } = controller();
  await chat.handle({ type: 'ready' });
  assert.deepEqual(posted.slice(0, 1), [{ type: 'state', turns: [], models: { models: [], selected: undefined }, status: { state: 'starting' } }]);
  assert.deepEqual(posted.slice(1).map((m) => m.type), ['chats', 'context']);
});

test('a sidecar that becomes ready is asked for models, which the page gets with their availability', async () => {
  const { posted, chat, transport } = controller();
  await chat.setStatus({ state: 'ready', message: 'chat-sidecar 0.1.0' });
  assert.equal(transport.modelsCalls, 1);
  assert.deepEqual(posted, [
    { type: 'status', status: { state: 'ready', message: 'chat-sidecar 0.1.0' } },
    {
      type: 'models',
      models: {
        defaultModel: 'auto',
        selected: undefined,
        models: [
          { id: 'auto', label: 'ChatGPT (auto)', available: true, unavailableReason: null },
          { id: 'local/tiny', label: 'Local tiny', available: false, unavailableReason: 'No model file configured.' },
        ],
      },
    },
  ]);
});

test('send uses the picked model; stop cancels', async () => {
  const { chat, transport } = controller();
  await chat.handle({ type: 'selectModel', model: 'auto' });
  const sending = chat.handle({ type: 'send', text: 'Hi' });
  const call = await transport.next();
  assert.equal(call.params.model, 'auto');
  await chat.handle({ type: 'stop' });
  await sending;
  assert.equal(call.token.isCancellationRequested, true);
  assert.equal(chat.session.snapshot[0].status, 'stopped');
  transport.assertExhausted();
});

test('copy and insert go to the editor', async () => {
  const { chat, actions } = controller();
  await chat.handle({ type: 'copy', text: 'print(1)' });
  await chat.handle({ type: 'insert', text: 'print(2)' });
  assert.deepEqual(actions, ['copy:print(1)', 'insert:print(2)']);
});

test('messages the page cannot send are ignored and logged', async () => {
  const { chat, posted, actions, transport } = controller();
  for (const bad of [null, 'send', { type: 'send' }, { type: 'send', text: 5 }, { type: 'retry' }, { type: 'rm -rf' }]) {
    await chat.handle(bad);
  }
  assert.deepEqual(posted, []);
  assert.equal(actions.length, 6);
  assert.ok(actions.every((line) => line.startsWith('log:ignored a message')));
  transport.assertExhausted();
});
