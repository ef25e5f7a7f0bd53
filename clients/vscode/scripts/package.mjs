// Builds the installable .vsix: the production bundles (vsce runs `vscode:prepublish`) plus the
// sidecar jar, copied from the Maven build into server/ (ignored by git; the jar is never committed).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const jar = path.resolve(root, '..', '..', 'server', 'target', 'chat-sidecar.jar');
if (!existsSync(jar)) {
  console.error(`Missing ${jar}: build it first with "mvn -B -q package -DskipTests" at the repository root.`);
  process.exit(1);
}
mkdirSync(path.join(root, 'server'), { recursive: true });
copyFileSync(jar, path.join(root, 'server', 'chat-sidecar.jar'));

const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${name}-${version}.vsix`);
const vsce = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
// the bundles contain every runtime dependency, so node_modules stays out of the package
const result = spawnSync(vsce, ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix],
  { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.exit(result.status ?? 1);
}
console.log(`packaged ${path.relative(process.cwd(), vsix)}`);
