import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { settingsObject, SIDECAR_SETTING_KEYS } from '../../src/sidecar/settingsObject';

test('dotted keys become nested sections', () => {
  const settings = settingsObject({
    'chatgpt.baseUrl': 'http://127.0.0.1:4000',
    'http.connectTimeoutMs': 2500,
    'http.noProxy': ['localhost', '127.0.0.1'],
    fallback: ['openai/gpt-4o-mini'],
  });
  assert.deepEqual(settings, {
    chatgpt: { baseUrl: 'http://127.0.0.1:4000' },
    http: { connectTimeoutMs: 2500, noProxy: ['localhost', '127.0.0.1'] },
    fallback: ['openai/gpt-4o-mini'],
  });
});

test('unset values are left out so the sidecar uses its environment and defaults', () => {
  const settings = settingsObject({
    'chatgpt.baseUrl': '   ',
    'tls.caFile': '',
    'http.idleTimeoutMs': null,
    'openai.models': [],
    'local.threads': undefined,
  });
  assert.deepEqual(settings, {});
});

test('values are trimmed and blank list items dropped', () => {
  assert.deepEqual(settingsObject({ 'chatgpt.baseUrl': ' http://x.test ', 'http.noProxy': [' a ', '', '  '] }),
    { chatgpt: { baseUrl: 'http://x.test' }, http: { noProxy: ['a'] } });
});

test("VS Code's http.proxy is used only when chatSidecar.http.proxy is unset", () => {
  assert.deepEqual(settingsObject({}, 'http://proxy.test:3128'), { http: { proxy: 'http://proxy.test:3128' } });
  assert.deepEqual(settingsObject({ 'http.proxy': 'http://own.test:8080' }, 'http://proxy.test:3128'),
    { http: { proxy: 'http://own.test:8080' } });
  assert.deepEqual(settingsObject({}, ''), {});
});

test('keys that are not sidecar settings are not forwarded', () => {
  const values = { 'chatgpt.baseUrl': 'http://a.test', 'server.javaPath': '/opt/java' } as Record<string, unknown>;
  assert.deepEqual(settingsObject(values), { chatgpt: { baseUrl: 'http://a.test' } });
});

test('every forwarded key is an extension setting in package.json', () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, unknown> } };
  };
  const declared = Object.keys(manifest.contributes.configuration.properties);
  for (const key of SIDECAR_SETTING_KEYS) {
    assert.ok(declared.includes(`chatSidecar.${key}`), `package.json lacks chatSidecar.${key}`);
  }
});
