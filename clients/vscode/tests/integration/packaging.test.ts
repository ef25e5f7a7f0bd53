import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { requireJar, SIDECAR_JAR } from './support/sidecarJars';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NATIVE = /^de\/kherud\/llama\/.+\.(so|dylib|dll)$/;

function entries(jar: string): string[] {
  // `jar` comes with the JDK the sidecar needs anyway
  return execFileSync('jar', ['tf', jar], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
}

test('each platform\'s jar copy keeps only its own native llama library and everything else', { timeout: 120_000 }, () => {
  const full = requireJar(SIDECAR_JAR);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strip-natives-'));
  try {
    const all = entries(full);
    assert.ok(all.filter((name) => NATIVE.test(name)).length >= 5, 'the shaded jar no longer carries the natives where packaging looks');
    const source = readFileSync(path.join(ROOT, 'scripts', 'package.mjs'), 'utf8');
    const targets = Object.fromEntries([...source.matchAll(/'([a-z0-9]+-[a-z0-9]+)': '([^']+)'/g)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(targets), ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64']);
    for (const [target, keep] of Object.entries(targets)) {
      const copy = path.join(dir, `${target}.jar`);
      execFileSync('java', [path.join(ROOT, 'scripts', 'StripNatives.java'), full, copy, 'de/kherud/llama/', keep], { stdio: 'pipe' });
      const kept = entries(copy);
      const natives = kept.filter((name) => NATIVE.test(name));
      assert.equal(natives.length, 1, `${target}: ${natives.join(', ')}`);
      assert.ok(natives[0].startsWith(`de/kherud/llama/${keep}/`), `${target} kept ${natives[0]}`);
      assert.deepEqual(kept.filter((name) => !NATIVE.test(name)), all.filter((name) => !NATIVE.test(name)), `${target}: other entries changed`);
      assert.ok(statSync(copy).size < statSync(full).size / 2, `${target}: the copy is not much smaller`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
