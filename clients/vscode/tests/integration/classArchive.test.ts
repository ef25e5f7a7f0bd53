import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { archivePath, hasArchiveMagic } from '../../src/sidecar/classArchive';
import { sidecarLaunch, type LaunchPlace, type SidecarLaunch } from '../../src/sidecar/launchCommand';
import { SidecarConnection } from '../../src/sidecar/sidecarConnection';
import { requireJar, SIDECAR_JAR } from './support/sidecarJars';
import { strictSession, type StrictSessionRecord } from './support/strictSession';

const EXTENSION_ROOT = path.resolve(__dirname, '..', '..', '..');

function assertInitialized(record: StrictSessionRecord): void {
  const init = record.messages.find((message) => message.id === 1);
  assert.equal((init?.result as { serverInfo?: { name?: string } } | undefined)?.serverInfo?.name, 'chat-sidecar', JSON.stringify(init));
  assert.ok(record.messages.some((message) => message.id === 2 && 'result' in message), 'no shutdown response');
  assert.equal(record.code, 0, record.stderr.join('\n'));
}

/** The launch with `extra` JVM options put just before `-jar` (for what a test needs to see). */
function withOptions(launch: SidecarLaunch, ...extra: string[]): SidecarLaunch {
  const jarAt = launch.args.indexOf('-jar');
  return { ...launch, args: [...launch.args.slice(0, jarAt), ...extra, ...launch.args.slice(jarAt)] };
}

/**
 * The launcher recipe of docs/benchmarks.md against the real jar: the first session writes the
 * AppCDS archive when it ends, later ones start from it, and nothing it does reaches stdout.
 */
describe('the class-data archive with the real sidecar jar', { timeout: 180_000 }, () => {
  let cacheDir: string;
  let place: LaunchPlace;
  let archive: string;
  const settings = { javaPath: '', jarPath: SIDECAR_JAR };
  const archiveFiles = () => fs.readdirSync(cacheDir).filter((name) => name.startsWith('chat-sidecar-'));

  before(() => {
    requireJar(SIDECAR_JAR);
    // VS Code does not make the global storage directory: the launch has to
    cacheDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-cds-')), 'globalStorage');
    place = { extensionPath: EXTENSION_ROOT, cacheDir, version: 'test' };
    archive = archivePath(cacheDir, 'test', fs.statSync(SIDECAR_JAR));
  });
  after(() => fs.rmSync(path.dirname(cacheDir), { recursive: true, force: true }));

  test('first launch: the JVM writes the archive when the session ends, and it is moved into place', async (t) => {
    const launch = sidecarLaunch(settings, place);
    assert.ok(launch.args.includes(`-XX:ArchiveClassesAtExit=${archive}.${process.pid}.tmp`), launch.args.join(' '));
    assert.ok(fs.existsSync(cacheDir), 'the cache directory must exist before the JVM writes into it');

    const record = await strictSession(launch);

    assertInitialized(record);
    assert.equal(record.note, `saved the class-data archive ${archive}`);
    assert.deepEqual(archiveFiles(), [path.basename(archive)], 'the .tmp file must be gone');
    assert.ok(hasArchiveMagic(archive) && fs.statSync(archive).size > 1_000_000, `not an archive: ${fs.statSync(archive).size} bytes`);
    t.diagnostic(`spawn → initialize response without the archive: ${record.initializeMs.toFixed(0)} ms`);
  });

  test('second launch starts from the archive: initialize works, stdout stays frames, the JVM has nothing to say', async (t) => {
    const launch = sidecarLaunch(settings, place);
    assert.ok(launch.args.includes(`-XX:SharedArchiveFile=${archive}`), launch.args.join(' '));

    const record = await strictSession(launch);

    assertInitialized(record);
    assert.deepEqual(record.stderr.filter((line) => /\[(warning|error)\]/.test(line)), []);
    assert.equal(record.note, undefined);
    assert.deepEqual(archiveFiles(), [path.basename(archive)]);
    t.diagnostic(`spawn → initialize response with the archive: ${record.initializeMs.toFixed(0)} ms`);
  });

  test('the sidecar\'s own classes are loaded from the archive, not from the jar', async () => {
    const record = await strictSession(withOptions(sidecarLaunch(settings, place), '-Xlog:class+load=info:stderr'));
    assertInitialized(record);
    const main = record.stderr.find((line) => line.includes(' dev.chatsidecar.server.Main '));
    assert.match(main ?? 'not loaded', /source: shared objects file \(top\)$/);
  });

  test('a stale archive (made for another jar): the JVM\'s warning goes to stderr only, even with the user\'s own JVM options', async () => {
    const otherJar = path.join(path.dirname(cacheDir), 'chat-sidecar.jar');
    fs.copyFileSync(SIDECAR_JAR, otherJar);
    const stale = archivePath(cacheDir, 'test', fs.statSync(otherJar));
    fs.copyFileSync(archive, stale);
    const launch = sidecarLaunch({ javaPath: '', jarPath: otherJar, javaArgs: ['-Xmx128m', '-XX:+UseSerialGC'] }, place);
    assert.deepEqual(launch.args.slice(0, 5),
      ['-Xlog:disable', '-Xlog:all=warning:stderr', '-Xmx128m', '-XX:+UseSerialGC', `-XX:SharedArchiveFile=${stale}`]);

    const record = await strictSession(launch);

    assertInitialized(record);
    assert.ok(record.stderr.some((line) => line.includes('[warning][cds') && line.includes('Unable to use shared archive')),
      record.stderr.join('\n'));
    assert.match(record.note ?? '', /deleted the class-data archive .* the JVM could not use it/);
    assert.ok(!fs.existsSync(stale), 'the stale archive must go, so that the next start writes a fresh one');

    // the control: without the -Xlog pair the same warning lands in the protocol stream
    fs.copyFileSync(archive, stale);
    await assert.rejects(strictSession({ command: launch.command, args: launch.args.slice(2), env: launch.env }),
      /stdout is not only protocol frames; found: "\[[\d.]+s\]\[warning\]\[cds/);
  });

  test('garbage in the archive file: the session works, stdout stays frames, and a real archive replaces it', async () => {
    fs.chmodSync(archive, 0o644);
    fs.writeFileSync(archive, 'garbage '.repeat(1000));
    const launch = sidecarLaunch(settings, place);
    assert.ok(launch.args.includes(`-XX:ArchiveClassesAtExit=${archive}.${process.pid}.tmp`),
      'the JVM silently runs without any class-data sharing when given such a file');

    const record = await strictSession(launch);

    assertInitialized(record);
    assert.equal(record.note, `saved the class-data archive ${archive}`);
    assert.ok(hasArchiveMagic(archive));
  });

  test('a truncated archive crashes the JVM: that start fails, and the client\'s next start writes a fresh archive', async () => {
    const whole = fs.readFileSync(archive);
    fs.chmodSync(archive, 0o644);
    fs.writeFileSync(archive, whole.subarray(0, 100_000));
    const logs: string[] = [];
    const errorFile = path.join(path.dirname(cacheDir), 'hs_err_%p.log'); // not into the working directory

    await assert.rejects(SidecarConnection.start(withOptions(sidecarLaunch(settings, place), `-XX:ErrorFile=${errorFile}`),
      { initializationOptions: {} }, (line) => logs.push(line)), /exited during start-up/);
    assert.ok(logs.some((line) => /deleted the class-data archive .* did not start with it/.test(line)), logs.join('\n'));
    assert.deepEqual(archiveFiles(), []);

    const launch = sidecarLaunch(settings, place);
    assert.ok(launch.args.some((arg) => arg.startsWith('-XX:ArchiveClassesAtExit=')), launch.args.join(' '));
    const sidecar = await SidecarConnection.start(launch, { initializationOptions: {} }, (line) => logs.push(line));
    assert.equal(sidecar.serverInfo.name, 'chat-sidecar');
    assert.deepEqual(await sidecar.shutdown(10_000), { code: 0, signal: null });
    assert.ok(logs.includes(`saved the class-data archive ${archive}`), logs.join('\n'));
    assert.ok(hasArchiveMagic(archive));
  });
});
