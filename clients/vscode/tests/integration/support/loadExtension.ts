import Module from 'node:module';
import * as path from 'node:path';
import type { FakeVscode } from './fakeVscode';

/** clients/vscode, from out/tests/integration/support. */
export const EXTENSION_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const BUNDLE = path.join(EXTENSION_ROOT, 'dist', 'extension.js');

export interface ExtensionModule {
  activate(context: unknown): void;
  deactivate(): Promise<void> | undefined;
}

/**
 * Loads a fresh copy of the bundled extension with `require('vscode')` answered by the fake (its
 * module state, such as the supervisor, is not shared between test files).
 */
export function loadExtension(vscode: FakeVscode): ExtensionModule {
  const loader = Module as unknown as { _load(this: void, request: string, ...rest: unknown[]): unknown };
  const original = loader._load;
  loader._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? vscode.api : original(request, ...rest));
  try {
    delete require.cache[BUNDLE];
    // the bundle is CommonJS and loaded at run time, as VS Code loads it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(BUNDLE) as ExtensionModule;
  } finally {
    loader._load = original;
  }
}
