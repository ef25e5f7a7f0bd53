import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryHistory } from '../../src/chat/chatHistory';
import { ChatLibrary, chatTitle, MAX_CHATS, type SavedLibrary } from '../../src/chat/chatLibrary';

function library(initial?: unknown) {
  let time = 1_000;
  const store = memoryHistory<SavedLibrary>(initial as SavedLibrary);
  const chats = new ChatLibrary(store, () => (time += 1_000));
  return { chats, store };
}

const ask = (chats: ChatLibrary, prompt: string) => {
  const id = chats.current.id;
  chats.storeFor(id).save({ version: 1, turns: [{ id: 't', prompt, answer: 'a', status: 'done' }] });
  return id;
};

test('New chat keeps the old chat in the history, titled by its first question, newest first', () => {
  const { chats, store } = library();
  const first = ask(chats, 'How do I   parse\nJSON?');
  const second = chats.create().id;
  assert.notEqual(second, first);
  ask(chats, 'Explain this regex');
  assert.deepEqual(chats.summaries().map(({ id, title }) => ({ id, title })), [
    { id: second, title: 'Explain this regex' }, { id: first, title: 'How do I parse JSON?' },
  ]);
  assert.equal(store.saved?.version, 2);
  assert.equal(store.saved?.currentId, second);
});

test('an empty open chat is reused by New chat instead of piling up empty chats', () => {
  const { chats } = library();
  const empty = chats.current.id;
  assert.equal(chats.create().id, empty);
  assert.deepEqual(chats.summaries(), []);
});

test('a chat reopens with its turns; deleting the open chat opens the most recent other one', () => {
  const { chats } = library();
  const first = ask(chats, 'one');
  chats.create();
  const second = ask(chats, 'two');
  assert.equal(chats.open(first)?.turns[0].prompt, 'one');
  assert.equal(chats.delete(first).id, second);
  assert.deepEqual(chats.summaries().map((chat) => chat.title), ['two']);
  assert.equal(chats.open('nope'), undefined);
  chats.delete(second);
  assert.deepEqual(chats.current.turns, []);
});

test('the chats survive a reload, and the older single-chat format becomes one chat', () => {
  const { chats, store } = library();
  ask(chats, 'kept');
  const reloaded = new ChatLibrary(store);
  assert.deepEqual(reloaded.summaries().map((chat) => chat.title), ['kept']);

  const legacy = library({ version: 1, turns: [{ id: 't1', prompt: 'old question', answer: 'x', status: 'streaming' }] });
  assert.deepEqual(legacy.chats.summaries().map((chat) => chat.title), ['old question']);
  assert.equal(legacy.chats.current.turns[0].status, 'stopped', 'a turn saved mid-stream comes back stopped');
});

test(`at most ${MAX_CHATS} chats are kept; titles are one line and shortened`, () => {
  const { chats } = library();
  for (let i = 0; i < MAX_CHATS + 5; i++) {
    ask(chats, `q${i}`);
    chats.create();
  }
  // the open (empty) chat counts too
  assert.equal(chats.summaries().length, MAX_CHATS - 1);
  assert.deepEqual(chats.summaries().at(-1)?.title, 'q6', 'the oldest went first');
  assert.equal(chatTitle('x'.repeat(100)).length, 60);
  assert.equal(chatTitle('   '), 'Untitled chat');
});
