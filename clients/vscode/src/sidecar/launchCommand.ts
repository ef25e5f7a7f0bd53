import * as fs from 'node:fs';
import * as path from 'node:path';

/** How the sidecar process is started: the command, its arguments and environment. */
export interface SidecarLaunch {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** The `chatSidecar.server.*` settings. Empty strings and a missing `javaArgs` mean "use the default". */
export interface ServerSettings {
  javaPath: string;
  jarPath: string;
  javaArgs?: string[];
}

/** Small stack, serial GC, C1 only: the sidecar mostly waits on the network, so a lean JVM is enough. */
export const DEFAULT_JAVA_ARGS: readonly string[] = ['-Xss512k', '-XX:+UseSerialGC', '-Xmx256m', '-XX:TieredStopAtLevel=1'];

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
    throw new Error(`the sidecar jar was not found (looked at ${candidates.join(', ')}). `
      + 'Set chatSidecar.server.jarPath to the chat-sidecar.jar file.');
  }
  return found;
}

/** The full launch: `java <javaArgs> -jar <jar> --stdio`. */
export function sidecarLaunch(settings: ServerSettings, extensionPath: string, env: NodeJS.ProcessEnv = process.env,
  exists?: (file: string) => boolean): SidecarLaunch {
  const javaArgs = settings.javaArgs ?? [...DEFAULT_JAVA_ARGS];
  return {
    command: javaExecutable(settings.javaPath, env),
    args: [...javaArgs, '-jar', sidecarJar(settings.jarPath, extensionPath, exists), '--stdio'],
    env,
  };
}
