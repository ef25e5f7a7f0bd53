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

test('a model list that arrives after a newer one was asked for is dropped', async () => {
  const { posted, chat, transport } = controller();
  const answers: Array<(result: typeof transport.modelsResult) => void> = [];
  transport.models = () => new Promise((resolve) => { answers.push(resolve); });
  const older = chat.refreshModels(true);
  const newer = chat.refreshModels();
  const list = (id: string) => ({ defaultModel: id, models: [{ id, label: id, provider: 'chatgpt', available: true, unavailableReason: null }] });
  answers[1](list('newer'));
  await newer;
  answers[0](list('older'));
  await older;
  const shown = posted.filter((m) => m.type === 'models');
  assert.equal(shown.length, 1);
  assert.deepEqual(chat.modelList.models.map((m) => m.id), ['newer']);
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

function editorController() {
  const { transport, posted, actions, chat } = controller();
  return { transport, posted, actions, chat };
}

test('New chat keeps the old chat; the history lists it; opening it shows its turns again', async () => {
  const { chat, transport, posted } = editorController();
  const sending = chat.handle({ type: 'send', text: 'First question' });
  (await transport.next()).delta('A1').finish();
  await sending;
  await chat.handle({ type: 'newChat' });
  const state = posted.filter((m) => m.type === 'state').at(-1);
  assert.deepEqual(state?.type === 'state' && state.turns, []);
  const chats = posted.filter((m) => m.type === 'chats').at(-1);
  assert.ok(chats?.type === 'chats');
  assert.deepEqual(chats.chats.map((summary) => summary.title), ['First question']);
  await chat.handle({ type: 'openChat', chatId: chats.chats[0].id });
  const reopened = posted.filter((m) => m.type === 'state').at(-1);
  assert.deepEqual(reopened?.type === 'state' && reopened.turns.map((turn) => turn.answer), ['A1']);
  await chat.handle({ type: 'deleteChat', chatId: chats.chats[0].id });
  assert.deepEqual(chat.chatList, []);
  transport.assertExhausted();
});

test('an answer still streaming in a chat that is left is stopped, kept there, and not shown in the new chat', async () => {
  const { chat, transport, posted } = editorController();
  const sending = chat.handle({ type: 'send', text: 'Long one' });
  const call = await transport.next();
  call.delta('partial');
  await chat.handle({ type: 'newChat' });
  await sending;
  assert.equal(call.token.isCancellationRequested, true);
  const afterNew = posted.slice(posted.findIndex((m) => m.type === 'state' && m.turns.length === 0));
  assert.equal(afterNew.some((m) => m.type === 'turnFinished'), false);
  assert.deepEqual(chat.chatList.map((summary) => summary.title), ['Long one']);
  transport.assertExhausted();
});

test('a chat reopened before its stopped answer has ended shows that answer end and keeps it', async () => {
  const { chat, transport, posted } = editorController();
  const sending = chat.handle({ type: 'send', text: 'Long one' });
  (await transport.next()).delta('partial');
  const id = chat.chatList[0].id;
  chat.newChat();
  chat.openChat(id); // the stopped request has not answered yet
  await sending;
  assert.deepEqual(chat.session.snapshot.map(({ answer, status }) => ({ answer, status })), [{ answer: 'partial', status: 'stopped' }]);
  const finished = posted.filter((m) => m.type === 'turnFinished').at(-1);
  assert.deepEqual(finished?.type === 'turnFinished' && finished.turn.answer, 'partial', 'the page saw the answer end');
  const next = chat.handle({ type: 'send', text: 'Go on' });
  const call = await transport.next();
  assert.deepEqual(call.params.messages.map((message) => message.content), ['Long one', 'partial', 'Go on']);
  call.finish();
  await next;
  transport.assertExhausted();
});

test('attached context is sent with the next question and then cleared; chips can be removed', async () => {
  const transport = new TransportRecorder();
  const posted: HostMessage[] = [];
  const chat = new ChatController({
    transport,
    history: memoryHistory(),
    host: {
      post: (message) => posted.push(message),
      copy: () => undefined,
      insert: () => undefined,
      selectedModel: () => undefined,
      selectModel: () => undefined,
      log: () => undefined,
      currentFile: () => ({ path: 'src/app.ts', language: 'typescript', text: 'run();\n' }),
      currentSelection: () => ({ path: 'src/util.ts', language: 'typescript', text: 'x', lines: { start: 2, end: 2 } }),
      readFile: (path) => Promise.resolve({ path, text: 'other' }),
      findFiles: (query) => Promise.resolve([`src/${query}.ts`]),
    },
  });
  await chat.handle({ type: 'attachCurrentFile' });
  await chat.handle({ type: 'attachSelection' });
  await chat.handle({ type: 'attachFile', path: 'README.md' });
  const chips = posted.filter((m) => m.type === 'context').at(-1);
  assert.deepEqual(chips?.type === 'context' && chips.items.map((item) => item.label), ['src/app.ts', 'src/util.ts:2', 'README.md']);
  await chat.handle({ type: 'removeContext', id: chips && chips.type === 'context' ? chips.items[2].id : '' });
  await chat.handle({ type: 'findFiles', query: 'main' });
  assert.deepEqual(posted.at(-1), { type: 'fileSuggestions', query: 'main', files: ['src/main.ts'] });

  const sending = chat.handle({ type: 'send', text: 'Why?' });
  const call = await transport.next();
  assert.equal(call.params.messages[0].content,
    'Why?\n\nFrom `src/app.ts`:\n\n```typescript\nrun();\n```\n\nFrom `src/util.ts` (line 2):\n\n```typescript\nx\n```\n');
  assert.deepEqual(posted.filter((m) => m.type === 'context').at(-1), { type: 'context', items: [] });
  call.finish();
  await sending;
  transport.assertExhausted();
});

test('apply, new file, settings and restart go to the editor', async () => {
  const actions: string[] = [];
  const chat = new ChatController({
    transport: new TransportRecorder(),
    history: memoryHistory(),
    host: {
      post: () => undefined, copy: () => undefined, insert: () => undefined, selectedModel: () => undefined, selectModel: () => undefined, log: () => undefined,
      apply: (code, language) => { actions.push(`apply:${language}:${code}`); },
      newFile: (code, language) => { actions.push(`new:${language}:${code}`); },
      openSetting: (setting) => { actions.push(`setting:${setting}`); },
      restartSidecar: () => { actions.push('restart'); },
      streamingChanged: (streaming) => { actions.push(`streaming:${streaming}`); },
    },
  });
  await chat.handle({ type: 'apply', text: 'x = 1\n', language: 'py' });
  await chat.handle({ type: 'newFile', text: 'y', language: 'js' });
  await chat.handle({ type: 'openSetting', setting: 'server.jarPath' });
  await chat.handle({ type: 'restartSidecar' });
  await chat.handle({ type: 'apply', text: 'no language' });
  assert.deepEqual(actions, ['apply:py:x = 1\n', 'new:js:y', 'setting:server.jarPath', 'restart']);
});
