/**
 * The desktop app end to end with Playwright's Electron driver: launch the built app, drop
 * coins.png (a real file, so the preload's webUtils.getPathForFile finds its path), segment it
 * into 4 regions, export the label map through a save dialog (stubbed in the main process,
 * since native dialogs cannot be driven) and read the file back.
 *
 * Runs only where an Electron binary is installed; elsewhere it reports that it was not run and why.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src-main/image-io/index';
import { findElectronBinary } from '../../scripts/electron-binary';

const root = fileURLToPath(new URL('../..', import.meta.url));
const coins = fileURLToPath(new URL('../fixtures/coins.png', import.meta.url));
const electronBinary = findElectronBinary();
const hasElectron = electronBinary !== null;

if (!hasElectron) {
  console.warn(
    '[test/e2e/electron.test.ts] NOT RUN: no Electron binary is installed here (node_modules/electron/dist is missing and ' +
      'ELECTRON_OVERRIDE_DIST_PATH is unset), so the desktop app cannot be launched. Install Electron (`npx install-electron`) to run it.',
  );
}

/** Drops real files: a hidden file input gets them from disk, then they are dropped on the page. */
async function dropFiles(page: Page, paths: string[]): Promise<void> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'e2e-drop-source';
    input.style.display = 'none';
    document.body.append(input);
  });
  await page.setInputFiles('#e2e-drop-source', paths);
  await page.evaluate(() => {
    const input = document.getElementById('e2e-drop-source') as HTMLInputElement;
    const dt = new DataTransfer();
    for (const f of Array.from(input.files ?? [])) dt.items.add(f);
    input.remove();
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
}

describe('desktop app (Electron)', () => {
  let app: ElectronApplication | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it.skipIf(!hasElectron)('launches, opens a dropped image, segments it into 4 regions and exports the label map', async () => {
    if (!existsSync(join(root, 'dist/main/main.cjs')) || !existsSync(join(root, 'dist/renderer/index.html'))) {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    }
    const userData = mkdtempSync(join(tmpdir(), 'spectral-e2e-profile-'));
    const out = mkdtempSync(join(tmpdir(), 'spectral-e2e-export-'));
    app = await _electron.launch({ executablePath: electronBinary!, args: [root], cwd: root, env: { ...process.env, SPECTRAL_USER_DATA: userData } });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    // The bridge is there, and nothing of Node or ipcRenderer leaks into the page.
    expect(await page.evaluate(() => typeof (window as unknown as { spectral?: { segment?: unknown } }).spectral?.segment)).toBe('function');
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer)).toBe('undefined');

    await dropFiles(page, [coins]);
    await page.getByRole('tab', { name: /coins\.png/ }).waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Segment', exact: true }).click();
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const c = document.querySelector<HTMLCanvasElement>('[data-testid=result-canvas]');
            if (!c) return 0;
            const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            const seen = new Set<string>();
            for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
            return seen.size;
          }),
        { timeout: 120_000 },
      )
      .toBe(4);

    // Native dialogs cannot be clicked: answer them from the main process.
    const target = join(out, 'coins-labels.png');
    await app.evaluate(({ dialog }, [file, folder]) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [folder] })) as typeof dialog.showOpenDialog;
    }, [target, out] as const);
    for (const label of ['Colour image', 'Overlay (boundaries)', 'Mask']) await page.getByLabel(label).setChecked(false);
    await page.getByLabel('Label map (ids)').setChecked(true);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(() => page.getByTestId('export-message').textContent(), { timeout: 30_000 }).toMatch(/coins-labels\.png/);

    const labels = await decodeImage(target);
    expect(labels).toMatchObject({ width: 384, height: 303, channels: 1, bitDepth: 8 });
    expect([...new Set(labels.data)].sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
  });
});
