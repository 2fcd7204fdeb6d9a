/**
 * npm run dev: the renderer from Vite's dev server (hot reload) and the main-process bundles
 * rebuilt on change, in an Electron window pointed at the dev server (SPECTRAL_DEV_URL).
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

const once = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-main.ts'], { cwd: root, stdio: 'inherit' });
if (once.status !== 0) process.exit(once.status ?? 1);
const watcher = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-main.ts', '--watch'], { cwd: root, stdio: 'inherit' });

const { createServer } = await import('vite');
const server = await createServer({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)) });
await server.listen();
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error('the Vite dev server did not report its URL');

const app = spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env: { ...process.env, SPECTRAL_DEV_URL: url.replace(/\/$/, '') } });
app.on('exit', async (code) => {
  watcher.kill();
  await server.close();
  process.exit(code ?? 0);
});
