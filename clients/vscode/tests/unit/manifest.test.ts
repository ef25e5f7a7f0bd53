import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_JAVA_ARGS } from '../../src/sidecar/launchCommand';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string; type: string }[]>;
    keybindings: { command: string; key: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
};

test('every contributed command is registered by the extension, and the other way round', () => {
  const source = ['registerCommands.ts', 'registerApplyDiff.ts'].map((file) => readFileSync(path.join(root, 'src', file), 'utf8')).join('\n');
  const registered = [...source.matchAll(/'(chatSidecar\.\w+)'(?:: \(\)|, \()/g)].map((match) => match[1]).sort();
  const contributed = manifest.contributes.commands.map((command) => command.command).sort();
  assert.deepEqual(registered, contributed);
  for (const needed of ['openChat', 'askAboutSelection', 'pickModel', 'stop', 'newChat']) {
    assert.ok(contributed.includes(`chatSidecar.${needed}`), `missing chatSidecar.${needed}`);
  }
});

test('the chat view the extension registers is contributed as a webview view', () => {
  const source = readFileSync(path.join(root, 'src', 'registerChatView.ts'), 'utf8');
  const id = /CHAT_VIEW_ID = '([^']+)'/.exec(source)?.[1];
  const views = Object.values(manifest.contributes.views).flat();
  assert.deepEqual(views.find((view) => view.id === id), { type: 'webview', id, name: 'Chat' });
});

test('"ask about selection" has a keybinding', () => {
  assert.ok(manifest.contributes.keybindings.some((binding) => binding.command === 'chatSidecar.askAboutSelection'));
});

test('the default JVM options in package.json are the ones the launcher uses', () => {
  assert.deepEqual(manifest.contributes.configuration.properties['chatSidecar.server.javaArgs'].default, DEFAULT_JAVA_ARGS);
});

test('the entry point is the bundle the build writes', () => {
  assert.equal(manifest.main, './dist/extension.js');
});
