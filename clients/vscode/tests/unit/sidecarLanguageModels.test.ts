import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SidecarLanguageModels, toChatMessages } from '../../src/lm/sidecarLanguageModels';
import { TransportRecorder } from './support/transportRecorder';

test('VS Code messages become the sidecar\'s: roles, text parts and tool results\' text; other parts are left out', () => {
  assert.deepEqual(toChatMessages([
    { role: 3, content: [{ value: 'Be brief.' }] },
    { role: 1, content: [{ value: 'Hello ' }, { value: 'there' }, { mimeType: 'image/png', data: new Uint8Array() }] },
    { role: 2, content: [{ callId: 'c1', name: 'tool', input: {} }] },
    { role: 1, content: [{ callId: 'c1', content: [{ value: 'tool said 42' }] }] },
  ]), [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello there' },
    { role: 'user', content: 'tool said 42' },
  ]);
});

test('only models that can answer are offered; unchecked ones are, marked', async () => {
  const transport = new TransportRecorder();
  transport.modelsResult = {
    defaultModel: 'auto',
    models: [
      { id: 'auto', label: 'ChatGPT (auto)', provider: 'chatgpt', available: true },
      { id: 'local/model', label: 'Local', provider: 'local', available: false, unavailableReason: 'no file' },
      { id: 'openai/x', label: 'X', provider: 'openai', available: true, status: 'unchecked' },
    ],
  };
  const models = await new SidecarLanguageModels(transport, () => undefined).information();
  assert.deepEqual(models.map((model) => [model.id, model.detail]), [['auto', 'Chat Sidecar'], ['openai/x', 'not checked yet']]);
});

test('a sidecar that cannot list models offers none and logs why', async () => {
  const logs: string[] = [];
  const transport = new TransportRecorder();
  transport.models = () => Promise.reject(new Error('not running'));
  assert.deepEqual(await new SidecarLanguageModels(transport, (line) => logs.push(line)).information(), []);
  assert.match(logs[0], /not running/);
});
