import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, FakeBackend } from './support/fakeBackend';
import { EXTENSION_ROOT, loadExtension, type ExtensionModule } from './support/loadExtension';
import { FakeCancellationToken, FakeTextPart, FakeVscode, type FakeLanguageModelProvider } from './support/fakeVscode';
import { requireJar, SIDECAR_JAR } from './support/sidecarJars';

const manifest = JSON.parse(readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  contributes: { languageModelChatProviders: { vendor: string; displayName: string }[] };
};

const user = (text: string) => ({ role: 1, content: [new FakeTextPart(text)], name: undefined });

/**
 * The sidecar's models in `vscode.lm`: the bundled extension registers its Language Model Chat
 * Provider with the stand-in `vscode` module; the provider is driven as VS Code drives it, against
 * the real jar and the fake backend.
 */
describe('language model chat provider against the real jar', { timeout: 120_000 }, () => {
  let fake: FakeBackend;
  const vscode = new FakeVscode();
  let extension: ExtensionModule;
  let provider: FakeLanguageModelProvider;
  const storage = mkdtempSync(path.join(os.tmpdir(), 'lm-storage-'));

  before(async () => {
    requireJar(SIDECAR_JAR);
    fake = await FakeBackend.start('--chunk-delay-ms', '20');
    vscode.settings.set('chatSidecar.chatgpt.baseUrl', fake.baseUrl);
    vscode.settings.set('chatSidecar.server.classDataSharing', false);
    extension = loadExtension(vscode);
    extension.activate(vscode.context(EXTENSION_ROOT, manifest, storage));
    provider = vscode.languageModelProviders.get('chat-sidecar') as FakeLanguageModelProvider;
  });
  after(async () => {
    await extension?.deactivate();
    await fake?.stop();
    rmSync(storage, { recursive: true, force: true });
  });

  test('the provider is contributed and registered under the same vendor, on a VS Code that has the stable API', () => {
    assert.deepEqual(manifest.contributes.languageModelChatProviders, [{ vendor: 'chat-sidecar', displayName: 'Chat Sidecar' }]);
    assert.ok(provider, 'registerLanguageModelChatProvider was not called');
    assert.equal(manifest.engines.vscode, '^1.104.0');
  });

  test('it lists the sidecar\'s models that can answer, and tells VS Code when they change', async () => {
    let changes = 0;
    provider.onDidChangeLanguageModelChatInformation?.(() => { changes++; });
    const models = await provider.provideLanguageModelChatInformation({ silent: true }, new FakeCancellationToken());
    const ids = models.map((model) => model.id);
    assert.ok(ids.includes('auto'), ids.join());
    assert.ok(!ids.includes('local/model'), 'an unavailable model was offered');
    assert.equal(models.find((model) => model.id === 'auto')?.name, 'ChatGPT (auto)');
    await vscode.api.commands.executeCommand('chatSidecar.restartServer');
    await eventually('a change event after the restart', () => changes, (count) => count > 0, 30_000);
  });

  test('an answer streams as text parts', async () => {
    const parts: unknown[] = [];
    await provider.provideLanguageModelChatResponse({ id: 'auto' }, [user('count [[chunks:5]]')], {},
      { report: (part) => parts.push(part) }, new FakeCancellationToken());
    assert.ok(parts.length >= 2, `expected several parts, got ${parts.length}`);
    assert.ok(parts.every((part) => part instanceof FakeTextPart));
    assert.equal(parts.map((part) => part.value).join(''), 'w1 w2 w3 w4 w5');
  });

  test('cancelling stops the answer at once; what arrived stays reported', async () => {
    const token = new FakeCancellationToken();
    const parts: string[] = [];
    const answering = provider.provideLanguageModelChatResponse({ id: 'auto' }, [user('long [[slow]]')], {},
      { report: (part) => { parts.push((part as FakeTextPart).value); if (parts.join('').startsWith('w1 w2 w3')) token.cancel(); } }, token);
    await answering;
    const text = parts.join('');
    assert.match(text, /^w1 w2 w3/);
    assert.doesNotMatch(text, /w60/);
  });

  test('an upstream error rejects with its type and message', async () => {
    await assert.rejects(
      provider.provideLanguageModelChatResponse({ id: 'auto' }, [user('hi [[error:429]]')], {}, { report: () => undefined }, new FakeCancellationToken()),
      (error: Error) => /^rate_limited: .*rate-limiting/.test(error.message),
    );
  });

  test('token counts are estimated from the text', async () => {
    assert.equal(await provider.provideTokenCount({ id: 'auto' }, 'abcdefgh', new FakeCancellationToken()), 2);
  });
});
