import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigurationProblem } from './sidecarError';
import {
  archiveOption, archivePath, archivePlan, hasArchiveMagic, isArchiveRejected, settleArchive, type ArchivePlan, type JarStamp,
} from './classArchive';

/** How the sidecar process is started: the command, its arguments and environment. */
export interface SidecarLaunch {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Told every line the process writes to stderr. */
  onStderrLine?: (line: string) => void;
  /**
   * Called once the process has ended and its output is read, before anyone waiting for the exit
   * hears of it. Returns a line for the log, if any.
   */
  afterExit?: (outcome: { initialized: boolean }) => string | undefined;
  /**
   * How long the process may take to end after `exit` before it is killed; longer than usual while
   * the JVM writes its class-data archive on the way out (0.8 s on a quiet machine, several seconds
   * on a busy one). Unset: the caller's default.
   */
  exitGraceMs?: number;
}

/** The exit wait of a session that writes the class-data archive when it ends. */
export const ARCHIVE_EXIT_GRACE_MS = 20_000;

/** The `chatSidecar.server.*` settings. Empty strings and a missing `javaArgs` mean "use the default". */
export interface ServerSettings {
  javaPath: string;
  jarPath: string;
  javaArgs?: string[];
  /** The AppCDS archive (faster start-up); missing means on. */
  classDataSharing?: boolean;
}

/** Where the extension is and where it may keep the class-data archive. */
export interface LaunchPlace {
  extensionPath: string;
  /** VS Code's `context.globalStorageUri.fsPath`; without it no archive is used. */
  cacheDir?: string;
  /** The extension's version, part of the archive's name. */
  version?: string;
}

/** The file-system look-ups a launch makes, replaceable in tests. */
export interface LaunchFiles {
  exists(file: string): boolean;
  /** The file is there and is a class-data archive (see {@link hasArchiveMagic}). */
  isArchive(file: string): boolean;
  stat(file: string): JarStamp;
  makeDir(dir: string): void;
}

const nodeFiles: LaunchFiles = {
  exists: fs.existsSync,
  isArchive: hasArchiveMagic,
  stat: (file) => fs.statSync(file),
  makeDir: (dir) => fs.mkdirSync(dir, { recursive: true }),
};

/**
 * The launcher flags of docs/benchmarks.md, in its order: C1 only with one compiler thread, serial
 * GC with a small heap that grows on demand, small thread stacks, no perf-data file; the JVM's own
 * log only as warnings on stderr, so that nothing but protocol frames ever reaches stdout.
 */
export const DEFAULT_JAVA_ARGS: readonly string[] = [
  '-XX:TieredStopAtLevel=1', '-XX:CICompilerCount=1', '-XX:+UseSerialGC', '-Xms8m', '-Xmx256m', '-Xss512k',
  '-XX:-UsePerfData', '-Xlog:disable', '-Xlog:all=warning:stderr',
];

/** Without these the JVM prints an archive it cannot use as a warning on stdout, into the protocol stream. */
const JVM_LOG_TO_STDERR: readonly string[] = ['-Xlog:disable', '-Xlog:all=warning:stderr'];

const ARCHIVE_OPTION = /^-XX:(SharedArchiveFile|ArchiveClassesAtExit)=/;

/** The jar's file name, both inside the packaged extension and in the Maven build. */
export const JAR_NAME = 'chat-sidecar.jar';

/**
 * The Java executable: the configured one, else `$JAVA_HOME/bin/java`, else `java` from the PATH.
 */
export function javaExecutable(configured: string, env: NodeJS.ProcessEnv, platform = process.platform): string {
  if (configured.trim()) {
    return configured.trim();
  }
  const javaHome = env.JAVA_HOME?.trim();
  if (javaHome) {
    return path.join(javaHome, 'bin', platform === 'win32' ? 'java.exe' : 'java');
  }
  return 'java';
}

/**
 * The jar to run: the configured path, else the one packaged in the extension (`server/`), else the
 * one a repository build leaves next to the extension's sources (for running from a checkout).
 *
 * @throws Error naming every place looked at, when none exists
 */
export function sidecarJar(configured: string, extensionPath: string, exists: (file: string) => boolean = fs.existsSync): string {
  const candidates = configured.trim()
    ? [configured.trim()]
    : [path.join(extensionPath, 'server', JAR_NAME), path.resolve(extensionPath, '..', '..', 'server', 'target', JAR_NAME)];
  const found = candidates.find((file) => exists(file));
  if (!found) {
    throw new ConfigurationProblem(`the sidecar jar was not found (looked at ${candidates.join(', ')}). `
      + 'Set chatSidecar.server.jarPath to the chat-sidecar.jar file.', 'server.jarPath');
  }
  return found;
}

/**
 * The JVM options before `-jar`: the configured ones (else {@link DEFAULT_JAVA_ARGS}), then the
 * archive option. Whenever an archive option is among them, the `-Xlog` pair that sends the JVM's
 * warnings to stderr is put first unless the configured options have it (first, so that the user's
 * own `-Xlog` options, which it would clear, still apply).
 */
export function jvmOptions(configured: readonly string[] | undefined, archive?: string): string[] {
  const options = [...(configured ?? DEFAULT_JAVA_ARGS), ...(archive ? [archive] : [])];
  const usesArchive = options.some((option) => ARCHIVE_OPTION.test(option));
  const logsToStderr = JVM_LOG_TO_STDERR.every((option) => options.includes(option));
  return usesArchive && !logsToStderr ? [...JVM_LOG_TO_STDERR, ...options] : options;
}

/**
 * The full launch: `java <JVM options> [archive option] -jar <absolute jar path> --stdio`, with
 * the hooks that keep the class-data archive up to date.
 */
export function sidecarLaunch(settings: ServerSettings, place: LaunchPlace, env: NodeJS.ProcessEnv = process.env,
  files: LaunchFiles = nodeFiles, clientPid = process.pid): SidecarLaunch {
  // absolute: the JVM checks that an archive is used with the same class path it was made with
  const jar = path.resolve(sidecarJar(settings.jarPath, place.extensionPath, (file) => files.exists(file)));
  const command = javaExecutable(settings.javaPath, env);
  const plan = classArchivePlan(settings, place, jar, files, clientPid);
  const args = [...jvmOptions(settings.javaArgs, plan && archiveOption(plan)), '-jar', jar, '--stdio'];
  if (!plan) {
    return { command, args, env };
  }
  let rejected = false;
  return {
    command,
    args,
    env,
    onStderrLine: (line) => { rejected ||= isArchiveRejected(line); },
    afterExit: ({ initialized }) => settleArchive(plan, { initialized, rejected }),
    ...(plan.kind === 'create' ? { exitGraceMs: ARCHIVE_EXIT_GRACE_MS } : {}),
  };
}

/**
 * None when the archive is turned off, there is no cache directory, the configured options handle
 * class-data sharing themselves, or the jar or the directory cannot be reached (the sidecar then
 * starts the slower way rather than not at all).
 */
function classArchivePlan(settings: ServerSettings, place: LaunchPlace, jar: string, files: LaunchFiles,
  clientPid: number): ArchivePlan | undefined {
  const ownSharing = settings.javaArgs?.some((option) => ARCHIVE_OPTION.test(option) || option.startsWith('-Xshare:'));
  if (settings.classDataSharing === false || !place.cacheDir || ownSharing) {
    return undefined;
  }
  try {
    const archive = archivePath(place.cacheDir, place.version ?? '', files.stat(jar));
    const plan = archivePlan(archive, files.isArchive(archive), clientPid);
    if (plan.kind === 'create') {
      // the JVM does not create it, and fails to write the archive with an error on stdout
      files.makeDir(place.cacheDir);
    }
    return plan;
  } catch {
    return undefined;
  }
}
