import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HostMessage } from '../../src/chat/pageMessages';
import { eventually, FakeBackend } from './support/fakeBackend';
import { BUNDLE, EXTENSION_ROOT, loadExtension, type ExtensionModule } from './support/loadExtension';
import { FakeVscode } from './support/fakeVscode';
import { requireJar, SIDECAR_JAR } from './support/sidecarJars';

const manifest = JSON.parse(readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };


/**
 * The bundled extension (dist/extension.js) activated against a fake `vscode` module: it finds
 * the checkout's sidecar jar next to itself, starts it, and serves the chat view's messages.
 */
describe('the bundled extension, activated without VS Code', { timeout: 120_000 }, () => {
  let fake: FakeBackend;
  const vscode = new FakeVscode();
  let extension: ExtensionModule;
  const posted = () => vscode.posted as HostMessage[];
  const globalStorage = path.join(mkdtempSync(path.join(os.tmpdir(), 'extension-storage-')), 'chat-sidecar.chat-sidecar');

  before(async () => {
    requireJar(SIDECAR_JAR);
    assert.ok(existsSync(BUNDLE), `The extension bundle is missing at ${BUNDLE}: run "npm run build".`);
    fake = await FakeBackend.start();
    vscode.settings.set('chatSidecar.chatgpt.baseUrl', fake.baseUrl);
    extension = loadExtension(vscode);
    extension.activate(vscode.context(EXTENSION_ROOT, manifest, globalStorage));
  });
  after(async () => {
    await extension?.deactivate();
    await fake?.stop();
    rmSync(path.dirname(globalStorage), { recursive: true, force: true });
  });

  test('activation registers every contributed command and the chat view', () => {
    assert.deepEqual([...vscode.commands.keys()].sort(), manifest.contributes.commands.map((c) => c.command).sort());
    assert.deepEqual([...vscode.providers.keys()], ['chatSidecar.chatView']);
  });

  test('the view gets the page with its CSP, and the page gets the state, the status and the models', async () => {
    const view = vscode.openView('chatSidecar.chatView');
    assert.match(view.webview.html, /script-src 'nonce-[A-Za-z0-9+/]{24}'/);
    assert.ok(view.webview.html.includes(path.join(EXTENSION_ROOT, 'dist', 'webview', 'chat.js')));
    vscode.fromPage({ type: 'ready' });
    await eventually('the state message', posted, (messages) => messages.some((m) => m.type === 'state'));
    const models = await eventually('the models', posted, (messages) => messages.some((m) => m.type === 'models' && m.models.models.length > 0));
    assert.ok(models.some((m) => m.type === 'status' && m.status.state === 'ready'));
    // with no jarPath set it runs the packaged jar (after `npm run package`) or else the checkout's build
    const jars = [path.join(EXTENSION_ROOT, 'server', 'chat-sidecar.jar'), SIDECAR_JAR];
    assert.ok(vscode.output.some((line) => line.startsWith('started sidecar') && jars.some((jar) => line.includes(`-jar ${jar} --stdio`))),
      vscode.output.join('\n'));
  });

  test('a question from the page is answered and kept in the workspace state', async () => {
    vscode.fromPage({ type: 'send', text: 'hello' });
    const messages = await eventually('the answer', posted, (all) => all.some((m) => m.type === 'turnFinished'));
    const finished = messages.find((m) => m.type === 'turnFinished');
    assert.equal(finished?.type === 'turnFinished' && finished.turn.answer, 'You said: hello');
    const saved = vscode.workspaceState.get('chatSidecar.chat') as { version: number; chats: { turns: { answer: string }[] }[] };
    assert.equal(saved.version, 2);
    assert.deepEqual(saved.chats.flatMap((chat) => chat.turns.map((turn) => turn.answer)), ['You said: hello']);
  });

  test('a changed sidecar setting is sent to the running sidecar', async () => {
    vscode.changeSetting('chatSidecar.http.connectTimeoutMs', 5000);
    await eventually('the settings change', () => vscode.output, (lines) => lines.some((line) => line.includes('sent changed settings')));
    await eventually('the sidecar to apply it', () => vscode.output, (lines) => lines.some((line) => line.includes('settings changed')));
  });

  test('the New Chat command opens an empty chat and keeps the old one in the history', async () => {
    await vscode.api.commands.executeCommand('chatSidecar.newChat');
    const state = posted().filter((m) => m.type === 'state').at(-1);
    assert.deepEqual(state?.type === 'state' && state.turns, []);
    const chats = posted().filter((m) => m.type === 'chats').at(-1);
    assert.deepEqual(chats?.type === 'chats' && chats.chats.map((chat) => chat.title), ['hello']);
  });

  test('while an answer streams the view title offers Stop (context key), and the Stop command ends it', async () => {
    vscode.fromPage({ type: 'send', text: 'long [[slow]]' });
    await eventually('streaming', () => vscode.contexts.get('chatSidecar.streaming'), (value) => value === true, 30_000);
    await vscode.api.commands.executeCommand('chatSidecar.stop');
    await eventually('not streaming', () => vscode.contexts.get('chatSidecar.streaming'), (value) => value === false, 30_000);
    const finished = posted().filter((m) => m.type === 'turnFinished').at(-1);
    assert.equal(finished?.type === 'turnFinished' && finished.turn.status, 'stopped');
  });

  test('deactivate shuts the sidecar down cleanly, and the class-data archive it wrote is kept in the global storage', async () => {
    const started = vscode.output.find((line) => line.startsWith('started sidecar')) ?? '';
    assert.match(started, /-Xlog:all=warning:stderr -XX:ArchiveClassesAtExit=(\S+)\.jsa\.\d+\.tmp -jar /);
    await extension.deactivate();
    assert.ok(vscode.output.some((line) => /sidecar \(pid \d+\) exited: exit code 0/.test(line)), vscode.output.join('\n'));
    const saved = vscode.output.find((line) => line.startsWith('saved the class-data archive ')) ?? vscode.output.join('\n');
    assert.equal(path.dirname(saved.slice('saved the class-data archive '.length)), globalStorage);
  });
});
