import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_JAVA_ARGS, javaExecutable, sidecarJar, sidecarLaunch } from '../../src/sidecar/launchCommand';

const extensionPath = path.resolve('/ext/chat-sidecar');
const packagedJar = path.join(extensionPath, 'server', 'chat-sidecar.jar');
const checkoutJar = path.resolve(extensionPath, '..', '..', 'server', 'target', 'chat-sidecar.jar');

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

test('the launch runs the jar in stdio mode after the JVM options', () => {
  const launch = sidecarLaunch({ javaPath: '', jarPath: '/s.jar' }, extensionPath, { PATH: '/bin' }, () => true);
  assert.equal(launch.command, 'java');
  assert.deepEqual(launch.args, [...DEFAULT_JAVA_ARGS, '-jar', '/s.jar', '--stdio']);
  assert.deepEqual(launch.env, { PATH: '/bin' });
});

test('configured JVM options replace the defaults, also when empty', () => {
  const custom = sidecarLaunch({ javaPath: 'j', jarPath: '/s.jar', javaArgs: ['-Xmx1g'] }, extensionPath, {}, () => true);
  assert.deepEqual(custom.args, ['-Xmx1g', '-jar', '/s.jar', '--stdio']);
  const none = sidecarLaunch({ javaPath: 'j', jarPath: '/s.jar', javaArgs: [] }, extensionPath, {}, () => true);
  assert.deepEqual(none.args, ['-jar', '/s.jar', '--stdio']);
});
