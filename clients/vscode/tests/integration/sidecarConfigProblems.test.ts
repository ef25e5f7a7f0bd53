import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { exponentialBackoff } from '../../src/sidecar/backoff';
import { sidecarLaunch as extensionLaunch } from '../../src/sidecar/launchCommand';
import { SidecarError } from '../../src/sidecar/sidecarError';
import { SidecarSupervisor, type SidecarStatus } from '../../src/sidecar/sidecarSupervisor';
import { requireJar, SIDECAR_JAR } from './support/sidecarJars';

/** Lets every timer that a backoff of `ms` would set run out, several times over. */
const waitPast = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bug 3: a sidecar that cannot start because of a setting', { timeout: 120_000 }, () => {
  test('a missing jar is reported once with the setting that fixes it, not retried with backoff, and starts once the setting is fixed', async () => {
    const nowhere = mkdtempSync(path.join(os.tmpdir(), 'no-jar-'));
    let jarPath = path.join(nowhere, 'missing.jar');
    let launches = 0;
    const statuses: SidecarStatus[] = [];
    const sidecar = new SidecarSupervisor({
      launch: () => {
        launches++;
        return extensionLaunch({ javaPath: '', jarPath, classDataSharing: false }, { extensionPath: nowhere });
      },
      settings: () => ({}),
      log: () => undefined,
      backoff: exponentialBackoff(20, 40),
    });
    sidecar.onStatus((status) => statuses.push(status));
    try {
      const error = await sidecar.connection().then(() => assert.fail('started without a jar'), (failure: unknown) => failure);
      assert.ok(error instanceof SidecarError);
      assert.equal(error.data.type, 'sidecar_misconfigured');
      assert.equal(error.data.retryable, false);
      assert.match(error.data.hint, /chatSidecar\.server\.jarPath/);
      await waitPast(400);
      assert.equal(launches, 1, 'a configuration error was retried with backoff');
      assert.deepEqual(statuses.map((status) => status.state), ['starting', 'failed']);
      assert.equal(statuses[1].setting, 'server.jarPath');
      assert.match(statuses[1].message ?? '', /^The sidecar jar was not found \(looked at .*missing\.jar\)/);

      jarPath = requireJar(SIDECAR_JAR);
      await sidecar.restart();
      assert.equal(sidecar.status.state, 'ready');
    } finally {
      await sidecar.stop();
      rmSync(nowhere, { recursive: true, force: true });
    }
  });

  test('a Java that cannot be run points at chatSidecar.server.javaPath and is not retried either', async () => {
    let launches = 0;
    const sidecar = new SidecarSupervisor({
      launch: () => {
        launches++;
        return { command: path.join(os.tmpdir(), 'no-such-java-here', 'java'), args: ['-jar', SIDECAR_JAR, '--stdio'] };
      },
      settings: () => ({}),
      log: () => undefined,
      backoff: exponentialBackoff(20, 40),
    });
    try {
      await assert.rejects(sidecar.connection(), (error: SidecarError) => error.data.type === 'sidecar_misconfigured');
      await waitPast(400);
      assert.equal(launches, 1);
      assert.equal(sidecar.status.state, 'failed');
      assert.equal(sidecar.status.setting, 'server.javaPath');
    } finally {
      await sidecar.stop();
    }
  });
});
