import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ChatController } from '../../src/chat/chatController';
import { memoryHistory } from '../../src/chat/chatHistory';
import type { HostMessage } from '../../src/chat/pageMessages';
import { SidecarConnection } from '../../src/sidecar/sidecarConnection';
import { SidecarSupervisor } from '../../src/sidecar/sidecarSupervisor';
import { eventually } from './support/fakeBackend';

const stubLaunch = () => ({ command: process.execPath, args: [path.join(__dirname, 'support', 'stubSidecar.js')] });

test('chat/modelsChanged from the sidecar makes the chat fetch the models again (status unchecked → ready)', { timeout: 60_000 }, async () => {
  const sidecar = new SidecarSupervisor({
    launch: stubLaunch,
    settings: () => ({}),
    log: () => undefined,
  });
  const posted: HostMessage[] = [];
  const chat = new ChatController({
    transport: sidecar,
    history: memoryHistory(),
    host: { post: (m) => posted.push(m), copy: () => undefined, insert: () => undefined, selectedModel: () => undefined, selectModel: () => undefined, log: () => undefined },
  });
  let notified = 0;
  sidecar.onModelsChanged(() => { notified++; void chat.refreshModels(); });
  sidecar.onStatus((status) => void chat.setStatus(status));
  try {
    await sidecar.connection();
    const statuses = () => posted.filter((m) => m.type === 'models').map((m) => m.type === 'models' && m.models.models[0]?.status);
    await eventually('the refreshed list', statuses, (seen) => seen.includes('ready'), 30_000);
    assert.deepEqual(statuses(), ['unchecked', 'ready']);
    assert.equal(notified, 1);
  } finally {
    await sidecar.stop();
  }
});

test('reasoning in progress reports reaches the "Thinking" text, apart from the answer; the result\'s reasoning and usage are kept', { timeout: 60_000 }, async () => {
  const sidecar = new SidecarSupervisor({ launch: stubLaunch, settings: () => ({}), log: () => undefined });
  const posted: HostMessage[] = [];
  const chat = new ChatController({
    transport: sidecar,
    history: memoryHistory(),
    host: { post: (m) => posted.push(m), copy: () => undefined, insert: () => undefined, selectedModel: () => undefined, selectModel: () => undefined, log: () => undefined },
  });
  try {
    await chat.send('What is two and two?');
    const kinds = posted.filter((m) => m.type === 'reasoning' || m.type === 'delta')
      .map((m) => (m.type === 'reasoning' ? `thinking:${m.text}` : m.type === 'delta' ? `answer:${m.text}` : ''));
    assert.deepEqual(kinds, ['thinking:Two and ', 'thinking:two…', 'answer:Four', 'answer:.']);
    const turn = chat.session.snapshot[0];
    assert.equal(turn.answer, 'Four.');
    assert.equal(turn.reasoning, 'Two and two…');
    assert.deepEqual(turn.usage, { promptTokens: 3, completionTokens: 2, totalTokens: 5 });
  } finally {
    await sidecar.stop();
  }
});

test('a restart asked for while the sidecar is still starting replaces that start with one launched after it', { timeout: 60_000 }, async () => {
  let javaPath = 'old';
  const launched: string[] = [];
  const sidecar = new SidecarSupervisor({
    launch: () => { launched.push(javaPath); return stubLaunch(); },
    settings: () => ({}),
    log: () => undefined,
  });
  try {
    const starting = sidecar.connection();
    javaPath = 'new'; // a server setting changes before the first start answered initialize
    const restarted = await sidecar.restart();
    const first = await starting;
    assert.deepEqual(launched, ['old', 'new']);
    assert.notEqual(restarted.pid, first.pid);
    assert.equal(sidecar.running, restarted);
    await first.exited;
  } finally {
    await sidecar.stop();
  }
});

test('a launch with an exit grace (the JVM writes its class-data archive) may end slower than the shutdown wait; others are killed', { timeout: 60_000 }, async () => {
  const slowExit = { ...stubLaunch(), env: { ...process.env, STUB_EXIT_DELAY_MS: '1000' } };
  const patient = await SidecarConnection.start({ ...slowExit, exitGraceMs: 10_000 }, { initializationOptions: {} }, () => undefined);
  assert.deepEqual(await patient.shutdown(300), { code: 0, signal: null });
  const hurried = await SidecarConnection.start(slowExit, { initializationOptions: {} }, () => undefined);
  assert.deepEqual(await hurried.shutdown(300), { code: null, signal: 'SIGKILL' });
});
