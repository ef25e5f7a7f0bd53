import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_JAVA_ARGS, type SidecarLaunch } from '../../../src/sidecar/launchCommand';

/** clients/vscode, from out/tests/integration/support. */
const EXTENSION_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const SIDECAR_JAR = path.resolve(EXTENSION_ROOT, '..', '..', 'server', 'target', 'chat-sidecar.jar');
export const FAKE_BACKEND_JAR = path.resolve(EXTENSION_ROOT, '..', '..', 'fake-backend', 'target', 'fake-backend.jar');

/**
 * The path of a jar these tests need. They build nothing: a missing jar fails the test with
 * the command that builds it (CI runs it before `npm test`).
 */
export function requireJar(jar: string): string {
  if (!existsSync(jar)) {
    throw new Error(`Missing ${jar}. Build the jars first with "mvn -B -q package -DskipTests" at the repository root; `
      + 'the VS Code extension tests use them as they are and build nothing themselves.');
  }
  return jar;
}

/** The launch the extension would use for the sidecar jar of this checkout. */
export function sidecarLaunch(): SidecarLaunch {
  return { command: 'java', args: [...DEFAULT_JAVA_ARGS, '-jar', requireJar(SIDECAR_JAR), '--stdio'], env: process.env };
}
