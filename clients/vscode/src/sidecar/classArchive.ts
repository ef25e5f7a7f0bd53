import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * The sidecar's AppCDS archive, as docs/benchmarks.md ("Launcher recipe for the clients") describes
 * it: the first start writes the classes it loaded into an archive when the JVM exits; later
 * starts map that archive instead of loading and verifying those classes again (about half of the
 * start-up time).
 */

/** What one launch does with the archive. */
export type ArchivePlan =
  | { kind: 'use'; archive: string }
  /** The JVM writes `pending` when it exits; it becomes `archive` only once complete. */
  | { kind: 'create'; archive: string; pending: string };

/** The jar's size and modification time: the JVM refuses an archive made for another jar. */
export interface JarStamp {
  size: number;
  mtimeMs: number;
}

/** How a session went, as far as the archive cares. */
export interface SessionOutcome {
  /** The process answered `initialize`. */
  initialized: boolean;
  /** The JVM said on stderr that it could not use the archive (see {@link isArchiveRejected}). */
  rejected: boolean;
}

/** HotSpot's `CDS_DYNAMIC_ARCHIVE_MAGIC`, the first four bytes of the file in the machine's byte order. */
const DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

/** Leftover `.tmp` files older than this are from an editor that died while the JVM wrote them. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** `<cacheDir>/chat-sidecar-<version>-<jar size>-<jar mtime ms>.jsa`: a changed jar gets a new name. */
export function archivePath(cacheDir: string, version: string, jar: JarStamp): string {
  const safeVersion = version.replace(/[^A-Za-z0-9._+]/g, '_') || 'unknown';
  return path.join(cacheDir, `chat-sidecar-${safeVersion}-${jar.size}-${Math.floor(jar.mtimeMs)}.jsa`);
}

/**
 * Use the archive when there is one; else let the JVM write one to a file named after this client's
 * process, so that two editors starting at once never write the same file.
 */
export function archivePlan(archive: string, usable: boolean, clientPid: number): ArchivePlan {
  return usable ? { kind: 'use', archive } : { kind: 'create', archive, pending: `${archive}.${clientPid}.tmp` };
}

/**
 * True when `file` starts like a dynamic archive. The JVM ignores any other file given as an
 * archive without a word and then runs without class-data sharing at all (not even the JDK's own
 * archive), so such a file must be replaced rather than used.
 */
export function hasArchiveMagic(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(4);
    if (fs.readSync(fd, head, 0, 4, 0) < 4) {
      return false;
    }
    return (os.endianness() === 'LE' ? head.readUInt32LE(0) : head.readUInt32BE(0)) === DYNAMIC_ARCHIVE_MAGIC;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}

/** The JVM option that carries out the plan. */
export function archiveOption(plan: ArchivePlan): string {
  return plan.kind === 'use' ? `-XX:SharedArchiveFile=${plan.archive}` : `-XX:ArchiveClassesAtExit=${plan.pending}`;
}

/** True for the JVM's warning that it ignored a stale or foreign archive (`[warning][cds…] Unable to use shared archive…`). */
export function isArchiveRejected(stderrLine: string): boolean {
  return stderrLine.includes('Unable to use shared archive');
}

/**
 * Tidies up after the sidecar process has ended; never throws.
 *
 * - `create`: a non-empty archive written by a session that got through `initialize` is renamed into
 *   place (atomically: a reader never sees half a file) and archives of other jars are deleted;
 *   anything else written is deleted, and the next start tries again.
 * - `use`: the archive is deleted when the JVM rejected it (a stale archive would otherwise be
 *   ignored on every start) or the process did not get through `initialize` (a damaged archive
 *   with an intact header crashes the JVM), so that the next start writes a fresh one.
 *
 * @returns a line for the log, when something changed
 */
export function settleArchive(plan: ArchivePlan, outcome: SessionOutcome): string | undefined {
  try {
    if (plan.kind === 'use') {
      if (!outcome.rejected && outcome.initialized) {
        return undefined;
      }
      removeFile(plan.archive);
      return `deleted the class-data archive ${plan.archive}: ${outcome.rejected ? 'the JVM could not use it' : 'the sidecar did not start with it'}`;
    }
    if (!outcome.initialized || sizeOf(plan.pending) === 0) {
      removeFile(plan.pending);
      return undefined;
    }
    fs.renameSync(plan.pending, plan.archive);
    removeOthers(plan.archive);
    return `saved the class-data archive ${plan.archive}`;
  } catch (error) {
    if (plan.kind === 'create') {
      removeFile(plan.pending);
    }
    return `class-data archive: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Archives of other jars, and `.tmp` files nobody is going to rename any more. */
function removeOthers(archive: string): void {
  const dir = path.dirname(archive);
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!name.startsWith('chat-sidecar-') || file === archive) {
      continue;
    }
    if (name.endsWith('.jsa') || (name.endsWith('.tmp') && now - fs.statSync(file).mtimeMs > ABANDONED_AFTER_MS)) {
      removeFile(file);
    }
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The JVM writes archives read-only, which Windows refuses to delete. */
function removeFile(file: string): void {
  try {
    fs.chmodSync(file, 0o644);
    fs.rmSync(file, { force: true });
  } catch {
    // missing, or in use by another editor's sidecar (Windows): left for a later clean-up
  }
}
