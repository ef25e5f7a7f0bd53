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
    keybindings: { command: string; key: string; mac?: string; when?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
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

test('focus chat, new chat, stop and ask about selection have default keys on every platform; keys do not collide', () => {
  for (const command of ['openChat', 'newChat', 'stop', 'askAboutSelection']) {
    const binding = manifest.contributes.keybindings.find((candidate) => candidate.command === `chatSidecar.${command}`);
    assert.ok(binding?.key && binding.mac, `chatSidecar.${command} has no default keys`);
  }
  const keys = manifest.contributes.keybindings.map((binding) => binding.key);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(manifest.contributes.keybindings.find((binding) => binding.command === 'chatSidecar.stop')?.when, 'chatSidecar.streaming');
});

test('the view title shows Stop only while an answer streams (the context key the extension sets)', () => {
  const stop = manifest.contributes.menus['view/title'].find((item) => item.command === 'chatSidecar.stop');
  assert.deepEqual(stop, { command: 'chatSidecar.stop', when: 'view == chatSidecar.chatView && chatSidecar.streaming', group: 'navigation@0' });
  const host = readFileSync(path.join(root, 'src', 'editorChatHost.ts'), 'utf8');
  assert.ok(host.includes("'setContext', 'chatSidecar.streaming'"));
});

test('the marketplace icon is a 128×128 PNG and the license ships', () => {
  const full = manifest as unknown as { icon: string; license: string };
  const png = readFileSync(path.join(root, full.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  assert.match(full.license, /LICENSE\.txt/);
  assert.ok(readFileSync(path.join(root, 'LICENSE.txt'), 'utf8').startsWith('MIT License'));
  const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8');
  for (const shipped of ['!media/icon.png', '!LICENSE.txt', '!media/screenshot-*.png']) {
    assert.ok(ignore.includes(shipped), `${shipped} is not packaged`);
  }
});

test('the default JVM options in package.json are the ones the launcher uses', () => {
  assert.deepEqual(manifest.contributes.configuration.properties['chatSidecar.server.javaArgs'].default, DEFAULT_JAVA_ARGS);
});

test('the entry point is the bundle the build writes', () => {
  assert.equal(manifest.main, './dist/extension.js');
});
