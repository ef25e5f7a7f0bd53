import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  ARCHIVE_EXIT_GRACE_MS, DEFAULT_JAVA_ARGS, javaExecutable, jvmOptions, sidecarJar, sidecarLaunch, type LaunchFiles, type LaunchPlace,
} from '../../src/sidecar/launchCommand';

const extensionPath = path.resolve('/ext/chat-sidecar');
const packagedJar = path.join(extensionPath, 'server', 'chat-sidecar.jar');
const checkoutJar = path.resolve(extensionPath, '..', '..', 'server', 'target', 'chat-sidecar.jar');
const jar = path.resolve('/s.jar');
const cacheDir = path.resolve('/cache/chat-sidecar');
const place: LaunchPlace = { extensionPath, cacheDir, version: '1.2.3' };
const archive = path.join(cacheDir, 'chat-sidecar-1.2.3-4096-1700000000123.jsa');
const LOG_PAIR = ['-Xlog:disable', '-Xlog:all=warning:stderr'];

/** A jar of 4096 bytes, and a usable archive or none; records the directories made. */
class FilesStub implements LaunchFiles {
  readonly madeDirs: string[] = [];

  constructor(private readonly archiveUsable: boolean) {}

  exists(file: string): boolean {
    assert.notEqual(file, archive, 'whether the archive is usable is up to isArchive');
    return true;
  }

  isArchive(file: string): boolean {
    assert.equal(file, archive);
    return this.archiveUsable;
  }

  stat(file: string) {
    assert.equal(file, jar, 'the archive name must come from the jar that runs');
    return { size: 4096, mtimeMs: 1700000000123.9 };
  }

  makeDir(dir: string): void {
    this.madeDirs.push(dir);
  }
}

test('java: the configured path wins, then JAVA_HOME, then java from the PATH', () => {
  assert.equal(javaExecutable(' /opt/jdk/bin/java ', { JAVA_HOME: '/usr/lib/jvm/17' }), '/opt/jdk/bin/java');
  assert.equal(javaExecutable('', { JAVA_HOME: '/usr/lib/jvm/17' }, 'linux'), path.join('/usr/lib/jvm/17', 'bin', 'java'));
  assert.equal(javaExecutable('', { JAVA_HOME: 'C:\\jdk' }, 'win32'), path.join('C:\\jdk', 'bin', 'java.exe'));
  assert.equal(javaExecutable('', {}), 'java');
});

test('jar: the configured path, else the packaged jar, else the checkout build', () => {
  assert.equal(sidecarJar('/my/sidecar.jar', extensionPath, () => true), '/my/sidecar.jar');
  assert.equal(sidecarJar('', extensionPath, (file) => file === packagedJar), packagedJar);
  assert.equal(sidecarJar('', extensionPath, (file) => file === checkoutJar), checkoutJar);
});

test('a missing jar is reported with every place looked at and the setting to fix it', () => {
  assert.throws(() => sidecarJar('', extensionPath, () => false), (error: Error) => {
    assert.match(error.message, /not found/);
    assert.ok(error.message.includes(packagedJar) && error.message.includes(checkoutJar), error.message);
    assert.match(error.message, /chatSidecar\.server\.jarPath/);
    return true;
  });
  assert.throws(() => sidecarJar('/nowhere.jar', extensionPath, () => false), /\/nowhere\.jar/);
});

test('the default JVM options are the launcher flags of docs/benchmarks.md, in its order', () => {
  assert.equal(DEFAULT_JAVA_ARGS.join(' '), '-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -Xms8m -Xmx256m '
    + '-Xss512k -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr');
});

test('an existing archive is used: -XX:SharedArchiveFile after the launcher flags, then the absolute jar', () => {
  const files = new FilesStub(true);
  const launch = sidecarLaunch({ javaPath: '', jarPath: jar }, place, { PATH: '/bin' }, files, 4242);
  assert.equal(launch.command, 'java');
  assert.deepEqual(launch.args, [...DEFAULT_JAVA_ARGS, `-XX:SharedArchiveFile=${archive}`, '-jar', jar, '--stdio']);
  assert.deepEqual(launch.env, { PATH: '/bin' });
  assert.deepEqual(files.madeDirs, []);
  assert.ok(launch.afterExit && launch.onStderrLine, 'no hooks to keep the archive up to date');
  assert.equal(launch.exitGraceMs, undefined, 'an archive in use costs nothing at exit');
});

test('without an archive the JVM writes one at exit to a file of this client, in a cache directory made first', () => {
  const files = new FilesStub(false);
  const launch = sidecarLaunch({ javaPath: '', jarPath: jar }, place, {}, files, 4242);
  assert.deepEqual(launch.args, [...DEFAULT_JAVA_ARGS, `-XX:ArchiveClassesAtExit=${archive}.4242.tmp`, '-jar', jar, '--stdio']);
  assert.deepEqual(files.madeDirs, [cacheDir]);
  assert.equal(launch.exitGraceMs, ARCHIVE_EXIT_GRACE_MS, 'writing the archive at exit is given time');
});

test('classDataSharing off, or no cache directory: the launcher flags alone, no hooks', () => {
  for (const [settings, where] of [
    [{ javaPath: '', jarPath: jar, classDataSharing: false }, place],
    [{ javaPath: '', jarPath: jar }, { extensionPath }],
  ] as const) {
    const files = new FilesStub(true);
    const launch = sidecarLaunch(settings, where, {}, files, 4242);
    assert.deepEqual(launch.args, [...DEFAULT_JAVA_ARGS, '-jar', jar, '--stdio']);
    assert.equal(launch.afterExit, undefined);
    assert.deepEqual(files.madeDirs, []);
  }
});

test('configured JVM options replace the defaults; with an archive the -Xlog pair is put first when they lack it', () => {
  const custom = sidecarLaunch({ javaPath: 'j', jarPath: jar, javaArgs: ['-Xmx1g'] }, place, {}, new FilesStub(true), 1);
  assert.deepEqual(custom.args, [...LOG_PAIR, '-Xmx1g', `-XX:SharedArchiveFile=${archive}`, '-jar', jar, '--stdio']);
  const none = sidecarLaunch({ javaPath: 'j', jarPath: jar, javaArgs: [] }, place, {}, new FilesStub(false), 1);
  assert.deepEqual(none.args, [...LOG_PAIR, `-XX:ArchiveClassesAtExit=${archive}.1.tmp`, '-jar', jar, '--stdio']);
  const off = sidecarLaunch({ javaPath: 'j', jarPath: jar, javaArgs: ['-Xmx1g'], classDataSharing: false }, place, {}, new FilesStub(true), 1);
  assert.deepEqual(off.args, ['-Xmx1g', '-jar', jar, '--stdio']);
});

test('the -Xlog pair: kept where the user put it, added for the user\'s own archive option, and then no archive of ours', () => {
  const withPair = ['-Xlog:all=warning:stderr', '-Xmx1g', '-Xlog:disable'];
  assert.deepEqual(jvmOptions(withPair, '-XX:SharedArchiveFile=/a.jsa'), [...withPair, '-XX:SharedArchiveFile=/a.jsa']);
  assert.deepEqual(jvmOptions(['-Xlog:gc:file=gc.log'], '-XX:SharedArchiveFile=/a.jsa'),
    [...LOG_PAIR, '-Xlog:gc:file=gc.log', '-XX:SharedArchiveFile=/a.jsa'], 'the pair would clear the user\'s -Xlog option after it');
  assert.deepEqual(jvmOptions(['-Xmx1g']), ['-Xmx1g']);
  assert.deepEqual(jvmOptions(undefined), [...DEFAULT_JAVA_ARGS]);

  for (const own of [['-XX:SharedArchiveFile=/mine.jsa'], ['-XX:ArchiveClassesAtExit=/mine.jsa'], ['-Xshare:off']]) {
    const files = new FilesStub(false);
    const launch = sidecarLaunch({ javaPath: 'j', jarPath: jar, javaArgs: own }, place, {}, files, 1);
    const pair = own[0].startsWith('-Xshare') ? [] : LOG_PAIR;
    assert.deepEqual(launch.args, [...pair, ...own, '-jar', jar, '--stdio']);
    assert.deepEqual(files.madeDirs, []);
  }
});

test('a jar that cannot be read for its stamp starts without an archive rather than not at all', () => {
  const files = new FilesStub(false);
  files.stat = () => { throw new Error('EACCES'); };
  const launch = sidecarLaunch({ javaPath: '', jarPath: jar }, place, {}, files, 1);
  assert.deepEqual(launch.args, [...DEFAULT_JAVA_ARGS, '-jar', jar, '--stdio']);
});

test('a relative jar path is made absolute (the JVM checks the class path an archive was made with)', () => {
  const launch = sidecarLaunch({ javaPath: '', jarPath: 'build/s.jar' }, { extensionPath }, {}, new FilesStub(true), 1);
  assert.equal(launch.args.at(-2), path.resolve('build/s.jar'));
});
