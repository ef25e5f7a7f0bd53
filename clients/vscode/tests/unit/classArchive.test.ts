import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { archiveOption, archivePath, archivePlan, hasArchiveMagic, isArchiveRejected, settleArchive } from '../../src/sidecar/classArchive';

let dir: string;
let archive: string;
let pending: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'class-archive-'));
  archive = archivePath(dir, '0.1.0', { size: 10, mtimeMs: 20 });
  pending = `${archive}.77.tmp`;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes a file read-only, as the JVM writes its archives. */
function jvmWrites(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o444 });
}

const files = () => fs.readdirSync(dir).sort();

test('the archive is named after the version and the jar\'s size and whole-millisecond mtime', () => {
  assert.equal(archivePath('/c', '0.1.0', { size: 1234, mtimeMs: 1700000000123.75 }), path.join('/c', 'chat-sidecar-0.1.0-1234-1700000000123.jsa'));
  assert.equal(path.basename(archivePath('/c', '1.0/../x y', { size: 1, mtimeMs: 2 })), 'chat-sidecar-1.0_.._x_y-1-2.jsa');
  assert.equal(path.basename(archivePath('/c', '', { size: 1, mtimeMs: 2 })), 'chat-sidecar-unknown-1-2.jsa');
});

test('the plan uses an existing archive and otherwise writes to a file named after the client process', () => {
  assert.equal(archiveOption(archivePlan('/c/a.jsa', true, 9)), '-XX:SharedArchiveFile=/c/a.jsa');
  assert.equal(archiveOption(archivePlan('/c/a.jsa', false, 9)), '-XX:ArchiveClassesAtExit=/c/a.jsa.9.tmp');
});

test('only a file that starts with the JVM\'s dynamic-archive magic number counts as an archive', () => {
  const magic = Buffer.alloc(4);
  if (os.endianness() === 'LE') {
    magic.writeUInt32LE(0xf00baba8);
  } else {
    magic.writeUInt32BE(0xf00baba8);
  }
  fs.writeFileSync(archive, Buffer.concat([magic, Buffer.from('rest of the archive')]));
  assert.equal(hasArchiveMagic(archive), true);
  fs.writeFileSync(archive, 'garbage, not an archive');
  assert.equal(hasArchiveMagic(archive), false);
  fs.writeFileSync(archive, magic.subarray(0, 3));
  assert.equal(hasArchiveMagic(archive), false);
  const staticMagic = Buffer.from(magic);
  staticMagic[os.endianness() === 'LE' ? 0 : 3] = 0xa2; // the JDK's own (static) archive
  fs.writeFileSync(archive, staticMagic);
  assert.equal(hasArchiveMagic(archive), false);
  assert.equal(hasArchiveMagic(path.join(dir, 'missing.jsa')), false);
});

test('the JVM\'s warning about an archive it cannot use is recognised', () => {
  assert.ok(isArchiveRejected('[0.011s][warning][cds,dynamic] Unable to use shared archive. The top archive failed to load: /c/a.jsa'));
  assert.ok(!isArchiveRejected('[0.307s][warning][cds] Skipping jdk/internal/event/Event: JFR event class'));
});

test('a written archive is moved into place; archives of other jars and abandoned .tmp files go', () => {
  const otherJar = path.join(dir, 'chat-sidecar-0.0.9-10-5.jsa');
  const abandoned = path.join(dir, 'chat-sidecar-0.0.9-10-5.jsa.12.tmp');
  const beingWritten = `${archive}.13.tmp`;
  const unrelated = path.join(dir, 'notes.jsa');
  for (const file of [otherJar, abandoned, beingWritten, unrelated]) {
    jvmWrites(file, 'x');
  }
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
  jvmWrites(pending, 'classes');

  const note = settleArchive({ kind: 'create', archive, pending }, { initialized: true, rejected: false });

  assert.equal(note, `saved the class-data archive ${archive}`);
  assert.equal(fs.readFileSync(archive, 'utf8'), 'classes');
  assert.deepEqual(files(), [path.basename(archive), path.basename(beingWritten), 'notes.jsa'].sort());
});

test('an empty file, or one from a session that never initialized, is deleted and not used', () => {
  jvmWrites(pending, '');
  assert.equal(settleArchive({ kind: 'create', archive, pending }, { initialized: true, rejected: false }), undefined);
  assert.deepEqual(files(), []);
  jvmWrites(pending, 'classes of a failed start');
  assert.equal(settleArchive({ kind: 'create', archive, pending }, { initialized: false, rejected: false }), undefined);
  assert.deepEqual(files(), []);
});

test('nothing written (the sidecar was killed): nothing changes, nothing throws', () => {
  assert.equal(settleArchive({ kind: 'create', archive, pending }, { initialized: true, rejected: false }), undefined);
  assert.deepEqual(files(), []);
});

test('an archive that worked is kept; one the JVM rejected or did not start with is deleted for a fresh one', () => {
  jvmWrites(archive, 'classes');
  assert.equal(settleArchive({ kind: 'use', archive }, { initialized: true, rejected: false }), undefined);
  assert.deepEqual(files(), [path.basename(archive)]);

  assert.match(settleArchive({ kind: 'use', archive }, { initialized: true, rejected: true }) ?? '', /deleted .* the JVM could not use it/);
  assert.deepEqual(files(), []);

  jvmWrites(archive, 'truncated');
  assert.match(settleArchive({ kind: 'use', archive }, { initialized: false, rejected: false }) ?? '', /deleted .* did not start with it/);
  assert.deepEqual(files(), []);
});

test('a rename that fails is reported and leaves no .tmp behind', () => {
  jvmWrites(pending, 'classes');
  const note = settleArchive({ kind: 'create', archive: path.join(dir, 'gone', 'a.jsa'), pending }, { initialized: true, rejected: false });
  assert.match(note ?? '', /^class-data archive: .*ENOENT/);
  assert.deepEqual(files(), []);
});
