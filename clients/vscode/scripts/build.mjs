// Bundles the extension (Node, `vscode` external) and the chat page (browser: script + stylesheet) with esbuild.
// `--production` minifies and leaves out source maps (used when packaging).
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');
// stale output (say, the compiled copy of a deleted test) must not outlive its source; packaging
// (--production) leaves out/ alone: the compiled tests stay runnable after `npm run package`
for (const stale of production ? ['dist'] : ['dist', 'out']) {
  rmSync(new URL(`../${stale}`, import.meta.url), { recursive: true, force: true });
}
const common = { absWorkingDir: root, bundle: true, minify: production, sourcemap: !production, logLevel: 'warning' };

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { chat: 'src/webview/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
  }),
  esbuild.build({
    ...common,
    entryPoints: { chat: 'src/webview/chat.css' },
    outdir: 'dist/webview',
  }),
]);
