/**
 * npm start: build the main-process bundles and the renderer, then launch Electron — or, where
 * there is no Electron binary, say so once and exit non-zero instead of pretending.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, NO_ELECTRON_MESSAGE } from './electron-binary';

const root = fileURLToPath(new URL('..', import.meta.url));
const electron = findElectronBinary();
if (!electron) {
  console.error(NO_ELECTRON_MESSAGE);
  process.exit(1);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (built.status !== 0) process.exit(built.status ?? 1);

const app = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
app.on('exit', (code) => process.exit(code ?? 0));
