/** npm start / npm run dev without an Electron binary: one clear message, non-zero exit, nothing built. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findElectronBinary, NO_ELECTRON_MESSAGE } from '../../scripts/electron-binary';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('launch scripts', () => {
  it.each(['scripts/start.ts', 'scripts/dev.ts'])('%s says the Electron binary is missing and exits 1', (script) => {
    const empty = mkdtempSync(join(tmpdir(), 'no-electron-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(NO_ELECTRON_MESSAGE);
    expect(r.stdout).toBe('');
    expect(NO_ELECTRON_MESSAGE).toContain('npm run web');
  });

  it('finds an Electron placed with ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'electron-dist-'));
    const saved = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    try {
      process.env.ELECTRON_OVERRIDE_DIST_PATH = dir;
      expect(findElectronBinary()).toBeNull();
      writeFileSync(join(dir, 'electron'), '#!/bin/sh\n');
      chmodSync(join(dir, 'electron'), 0o755);
      expect(findElectronBinary()).toBe(join(dir, 'electron'));
    } finally {
      if (saved === undefined) delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
      else process.env.ELECTRON_OVERRIDE_DIST_PATH = saved;
    }
  });
});
