/**
 * Where the Electron executable is, or null. Deliberately does not `require('electron')`: on a
 * machine without the binary that call tries to download it, which fails offline after a wait.
 * Mirrors node_modules/electron/index.js: ELECTRON_OVERRIDE_DIST_PATH, else dist/<path.txt>.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const electronDir = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));

export function findElectronBinary(): string | null {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative ?? 'electron') : relative ? join(electronDir, 'dist', relative) : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

export const NO_ELECTRON_MESSAGE = [
  'The Electron binary is not installed on this machine (node_modules/electron has no dist/), so the desktop app cannot start here.',
  'Get it with `npx install-electron` (needs access to github.com), or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45 folder.',
  'Meanwhile `npm run web` serves the same UI in a browser.',
].join('\n');
