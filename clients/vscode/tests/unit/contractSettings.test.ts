// The sidecar's settings as its build exports them (server/target/contract.json) against what this
// extension declares in package.json and forwards: a key added to the server and not wired here fails.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { settingsObject, SIDECAR_SETTING_KEYS, type SettingsObject } from '../../src/sidecar/settingsObject';

interface ContractSetting {
  key: string;
  env: string[];
  kind: string;
  type: 'string' | 'integer' | 'array';
  secret: boolean;
  default: string | null;
}

/**
 * Sidecar settings the extension deliberately does not mirror, with the reason (README "Settings").
 * Only secrets may be here: VS Code keeps settings as plain-text JSON, often synced or committed.
 */
const NOT_MIRRORED: Record<string, string> = {
  'openai.apiKey': 'a secret: read from OPENAI_API_KEY in the environment only',
};

const extensionRoot = path.join(__dirname, '..', '..', '..');
const contractFile = path.join(extensionRoot, '..', '..', 'server', 'target', 'contract.json');

function contractSettings(): ContractSetting[] {
  assert.ok(existsSync(contractFile),
    `${contractFile} is missing: build the server first (mvn -B -q package -DskipTests at the repository root)`);
  return (JSON.parse(readFileSync(contractFile, 'utf8')) as { settings: ContractSetting[] }).settings;
}

const properties = (JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { type: string | string[] }> } };
}).contributes.configuration.properties;

const forwarded: readonly string[] = SIDECAR_SETTING_KEYS;

test('every setting a client can set is forwarded, except the secrets listed with a reason', () => {
  const missing = contractSettings().map((setting) => setting.key)
    .filter((key) => !forwarded.includes(key) && !(key in NOT_MIRRORED));
  assert.deepEqual(missing, [], `forward these sidecar settings (src/sidecar/settingsObject.ts, package.json): ${missing.join(', ')}`);
});

test('every forwarded key is a setting of the contract', () => {
  const known = contractSettings().map((setting) => setting.key);
  assert.deepEqual(forwarded.filter((key) => !known.includes(key)), []);
});

test('the keys left out are secrets and are not extension settings either', () => {
  const settings = contractSettings();
  for (const key of Object.keys(NOT_MIRRORED)) {
    const setting = settings.find((candidate) => candidate.key === key);
    assert.ok(setting?.secret, `${key} is left out, so it must be a secret of the contract`);
    assert.ok(!forwarded.includes(key), `${key} is not forwarded`);
    assert.equal(properties[`chatSidecar.${key}`], undefined, `chatSidecar.${key} is not in package.json`);
  }
});

test('package.json declares each forwarded setting with the JSON type the sidecar takes', () => {
  const expected = { string: 'string', integer: 'number', array: 'array' };
  for (const setting of contractSettings().filter((candidate) => forwarded.includes(candidate.key))) {
    const property = properties[`chatSidecar.${setting.key}`];
    assert.ok(property, `package.json lacks chatSidecar.${setting.key}`);
    const types = Array.isArray(property.type) ? property.type : [property.type];
    const wanted = expected[setting.type];
    assert.ok(types.includes(wanted) || (wanted === 'number' && types.includes('integer')),
      `chatSidecar.${setting.key} is ${JSON.stringify(property.type)}, the sidecar takes ${setting.type}`);
  }
});

test('a value of every forwarded setting reaches the Settings object under its dotted key', () => {
  const samples = { string: 'sample-value', integer: 42, array: ['one', 'two'] };
  for (const setting of contractSettings().filter((candidate) => forwarded.includes(candidate.key))) {
    const sent = settingsObject({ [setting.key]: samples[setting.type] });
    let node: SettingsObject | string | number | string[] | undefined = sent;
    for (const part of setting.key.split('.')) {
      node = typeof node === 'object' && !Array.isArray(node) ? node[part] : undefined;
    }
    assert.deepEqual(node, samples[setting.type], `${setting.key} is forwarded`);
  }
});
