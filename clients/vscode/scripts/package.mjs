// Builds one installable .vsix per platform (`vsce package --target`): the production bundles
// (vsce runs `vscode:prepublish`) plus a copy of the sidecar jar that keeps only that platform's
// native llama.cpp library (the shaded jar carries all seven). The copy goes to server/ (ignored by
// git) and is removed at the end; nothing the tests need (out/, the Maven jar) is touched.
//   node scripts/package.mjs                 every target below
//   node scripts/package.mjs linux-x64 ...   only these
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** vsce target → the directory of the jar's native library under de/kherud/llama/ (none: no native for it). */
export const TARGETS = {
  'linux-x64': 'Linux/x86_64',
  'linux-arm64': 'Linux/aarch64',
  'darwin-x64': 'Mac/x86_64',
  'darwin-arm64': 'Mac/aarch64',
  'win32-x64': 'Windows/x86_64',
};
const NATIVES = 'de/kherud/llama/';

const root = fileURLToPath(new URL('..', import.meta.url));
const jar = path.resolve(root, '..', '..', 'server', 'target', 'chat-sidecar.jar');
if (!existsSync(jar)) {
  console.error(`Missing ${jar}: build it first with "mvn -B -q package -DskipTests" at the repository root.`);
  process.exit(1);
}
const wanted = process.argv.slice(2);
const unknown = wanted.filter((target) => !(target in TARGETS));
if (unknown.length > 0) {
  console.error(`Unknown target(s) ${unknown.join(', ')}; known: ${Object.keys(TARGETS).join(', ')}`);
  process.exit(1);
}
const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsce = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
mkdirSync(path.join(root, 'server'), { recursive: true });
const packagedJar = path.join(root, 'server', 'chat-sidecar.jar');

for (const target of wanted.length > 0 ? wanted : Object.keys(TARGETS)) {
  run(java, [path.join(root, 'scripts', 'StripNatives.java'), jar, packagedJar, NATIVES, TARGETS[target]]);
  const vsix = path.join(root, `${name}-${target}-${version}.vsix`);
  // the bundles contain every runtime dependency, so node_modules stays out of the package
  // the README's screenshots ship in the package, so its relative links work as they are
  run(vsce, ['package', '--target', target, '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix]);
  console.log(`packaged ${path.relative(process.cwd(), vsix)} (${(statSync(vsix).size / 1e6).toFixed(1)} MB)`);
}
// the last copy carries another platform's library: without it a checkout runs the Maven build's jar again
rmSync(packagedJar, { force: true });

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}
