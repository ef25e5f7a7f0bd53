import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HostMessage } from '../../src/chat/pageMessages';
import { eventually } from './support/fakeBackend';
import { FakeDocument, fakeEditor } from './support/fakeEditor';
import { EXTENSION_ROOT, loadExtension, type ExtensionModule } from './support/loadExtension';
import { FakeVscode } from './support/fakeVscode';

const FILE = 'import os\n\ndef greet(name):\n    print("hi " + name)\n    return None\n';
const BLOCK = 'def greet(name):\n    print(f"hi {name}")\n    return None\n';

/**
 * The code actions and attachments through the bundled extension's thin layer, against the
 * stand-in `vscode` module: Apply opens a diff with the proposed file and applies it only on
 * Accept; New file opens an untitled editor of the block's language; Attach adds a chip.
 */
describe('editor actions of the bundled extension', { timeout: 120_000 }, () => {
  const vscode = new FakeVscode();
  let extension: ExtensionModule;
  let document: FakeDocument;
  const storage = mkdtempSync(path.join(os.tmpdir(), 'editor-actions-'));
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8')) as unknown;

  before(() => {
    vscode.settings.set('chatSidecar.server.classDataSharing', false);
    extension = loadExtension(vscode);
    extension.activate(vscode.context(EXTENSION_ROOT, manifest, storage));
    vscode.openView('chatSidecar.chatView');
  });
  after(async () => {
    await extension?.deactivate();
    rmSync(storage, { recursive: true, force: true });
  });
  const useFile = () => {
    document = new FakeDocument({ scheme: 'file', fsPath: 'src/greet.py', toString: () => 'file:///src/greet.py' }, FILE, 'python');
    vscode.activeTextEditor = fakeEditor(document, 0);
  };

  test('Apply opens a diff between the file and the file with the block; Accept applies it', async () => {
    useFile();
    vscode.nextChoice = 'Accept';
    vscode.fromPage({ type: 'apply', text: BLOCK, language: 'python' });
    await eventually('the accepted change', () => document.text, (text) => text !== FILE);
    assert.equal(document.text, 'import os\n\ndef greet(name):\n    print(f"hi {name}")\n    return None\n');
    const diff = vscode.diffs.at(-1);
    assert.equal(diff?.left, document.uri);
    assert.equal(diff?.proposed, document.text, 'the diff showed what Accept applied');
    assert.match(diff?.title ?? '', /greet\.py ↔ with the answer's code/);
    assert.ok(vscode.notices.some((notice) => notice.startsWith("info:Apply the answer's code to src/greet.py (replacing the matching lines)?")));
  });

  test('Discard leaves the file as it was', async () => {
    useFile();
    vscode.nextChoice = 'Discard';
    const before = vscode.diffs.length;
    vscode.fromPage({ type: 'apply', text: BLOCK, language: 'python' });
    await eventually('the diff', () => vscode.diffs.length, (count) => count > before);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(document.text, FILE);
  });

  test('New file opens an untitled editor in the language of the fence', async () => {
    vscode.fromPage({ type: 'newFile', text: 'print(1)\n', language: 'py' });
    await eventually('the untitled editor', () => vscode.untitled, (opened) => opened.length > 0);
    assert.deepEqual(vscode.untitled, [{ content: 'print(1)\n', language: 'python' }]);
  });

  test('Attach Current File adds a chip for the next question', async () => {
    useFile();
    await vscode.api.commands.executeCommand('chatSidecar.attachCurrentFile');
    const chips = (vscode.posted as HostMessage[]).filter((m) => m.type === 'context').at(-1);
    assert.deepEqual(chips?.type === 'context' && chips.items.map((item) => item.label), ['src/greet.py']);
  });
});
