import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exponentialBackoff } from '../../src/sidecar/backoff';
import type { SettingsObject } from '../../src/sidecar/settingsObject';
import { SidecarError } from '../../src/sidecar/sidecarError';
import { SidecarSupervisor, type SidecarStatus, type SupervisorOptions } from '../../src/sidecar/sidecarSupervisor';
import { closedPort, eventually, FakeBackend } from './support/fakeBackend';
import { sidecarLaunch } from './support/sidecarJars';

interface Seen {
  status: SidecarStatus;
  at: number;
}

function supervisor(options: Partial<SupervisorOptions> & Pick<SupervisorOptions, 'settings'>) {
  const statuses: Seen[] = [];
  const logs: string[] = [];
  const sidecar = new SidecarSupervisor({ launch: sidecarLaunch, log: (line) => logs.push(line), ...options });
  sidecar.onStatus((status) => statuses.push({ status, at: Date.now() }));
  return { sidecar, statuses, logs };
}

const ask = (sidecar: SidecarSupervisor, prompt: string, onDelta: (text: string) => void = () => undefined) =>
  sidecar.complete({ messages: [{ role: 'user', content: prompt }] }, { onDelta });

describe('sidecar supervisor against the real jar', { timeout: 120_000 }, () => {
  let fake: FakeBackend;
  before(async () => { fake = await FakeBackend.start(); });
  after(async () => { await fake?.stop(); });

  test('a killed sidecar is restarted after the backoff and answers again; the request in flight keeps its partial text', async () => {
    const backoffMs = 300;
    const { sidecar, statuses } = supervisor({
      settings: () => ({ chatgpt: { baseUrl: fake.baseUrl } }),
      backoff: exponentialBackoff(backoffMs, 5_000),
    });
    try {
      const first = await sidecar.connection();
      const firstPid = first.pid;
      let streamed = '';
      let killedAt = 0;
      const inFlight = ask(sidecar, 'story [[slow]]', (text) => {
        streamed += text;
        if (killedAt === 0 && streamed.startsWith('w1 w2 ')) {
          killedAt = Date.now();
          process.kill(firstPid ?? 0, 'SIGKILL');
        }
      });
      const error = await inFlight.then(() => assert.fail('the request survived its process'), (failure: unknown) => failure);
      assert.ok(error instanceof SidecarError);
      assert.equal(error.data.type, 'sidecar_stopped');
      assert.equal(error.data.retryable, true);
      assert.equal(error.data.partialText, streamed);

      await eventually('a restarted sidecar', () => sidecar.running?.pid, (pid) => pid !== undefined && pid !== firstPid, 30_000);
      const states = statuses.map((seen) => seen.status.state);
      assert.deepEqual(states, ['starting', 'ready', 'restarting', 'restarting', 'ready']);
      assert.match(statuses[2].status.message ?? '', /stopped unexpectedly \(killed by SIGKILL\); restarting in 300 ms/);
      assert.ok(statuses[3].at - killedAt >= backoffMs, `restarted ${statuses[3].at - killedAt} ms after the kill, before the ${backoffMs} ms backoff`);

      const again = await ask(sidecar, 'back again');
      assert.equal(again.text, 'You said: back again');
    } finally {
      await sidecar.stop();
    }
  });

  test('crashes in a row back off exponentially, are reported once, and then restarting stops', async () => {
    const reported: number[] = [];
    const { sidecar, statuses } = supervisor({
      settings: () => ({}),
      // a JVM that exits at once: the same path as a sidecar dying during start-up
      launch: () => ({ command: 'java', args: ['-jar', '/nonexistent/chat-sidecar.jar'] }),
      backoff: exponentialBackoff(100, 10_000),
      warnAfterCrashes: 3,
      maxRestarts: 3,
      onRepeatedCrashes: (crashes) => reported.push(crashes),
    });
    try {
      const error = await sidecar.connection().then(() => assert.fail('started'), (failure: unknown) => failure);
      assert.ok(error instanceof SidecarError);
      assert.equal(error.data.type, 'sidecar_unavailable');
      assert.match(error.data.message, /exited during start-up \(exit code 1\)/);

      await eventually('the supervisor to give up', () => sidecar.status.state, (state) => state === 'failed', 30_000);
      assert.deepEqual(reported, [3]);
      const waits = statuses.filter((seen) => seen.status.state === 'restarting' && /restarting in/.test(seen.status.message ?? ''))
        .map((seen) => /restarting in (\d+) ms/.exec(seen.status.message ?? '')?.[1]);
      assert.deepEqual(waits, ['100', '200', '400']);
      assert.match(sidecar.status.message ?? '', /failed 3 times in a row/);

      // a new request tries again rather than failing forever
      const retried = await sidecar.connection().then(() => 'started', (failure: unknown) => failure);
      assert.ok(retried instanceof SidecarError);
    } finally {
      await sidecar.stop();
    }
  });

  test('changed settings reach the running sidecar through workspace/didChangeConfiguration', async () => {
    let settings: SettingsObject = { chatgpt: { baseUrl: `http://127.0.0.1:${await closedPort()}` }, http: { connectTimeoutMs: 2000 } };
    const { sidecar, logs } = supervisor({ settings: () => settings });
    try {
      const pid = (await sidecar.connection()).pid;
      const error = await ask(sidecar, 'hello').then(() => assert.fail('answered from a closed port'), (failure: unknown) => failure);
      assert.ok(error instanceof SidecarError);
      assert.equal(error.data.type, 'unreachable');

      settings = { chatgpt: { baseUrl: fake.baseUrl } };
      await sidecar.updateSettings();
      const answer = await ask(sidecar, 'hello');
      assert.equal(answer.text, 'You said: hello');
      assert.equal(sidecar.running?.pid, pid, 'the sidecar was restarted instead of reconfigured');
      assert.ok(logs.some((line) => line.includes('settings changed')), 'the sidecar did not log the change');
    } finally {
      await sidecar.stop();
    }
  });

  test('stop shuts the sidecar down with shutdown + exit (code 0) and does not restart it', async () => {
    const { sidecar, logs } = supervisor({ settings: () => ({ chatgpt: { baseUrl: fake.baseUrl } }) });
    const connection = await sidecar.connection();
    await sidecar.stop();
    assert.deepEqual(await connection.exited, { code: 0, signal: null });
    assert.equal(sidecar.status.state, 'stopped');
    assert.equal(sidecar.running, undefined);
    const error = await sidecar.connection().then(() => 'started', (failure: unknown) => failure);
    assert.ok(error instanceof SidecarError);
    assert.ok(!logs.some((line) => line.startsWith('restart')), 'a restart was scheduled after stop');
  });
});
