/**
 * The built main-process bundle (dist/main/main.cjs) wired to a recording fake of 'electron',
 * with the real utility bundle as its worker: what the app asks of Electron at start, and
 * open → segment → export → crash → session through the very IPC handlers it registers.
 * The closest this machine, which has no Electron binary, can get to running the app.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Channels, DEFAULT_PARAMS } from '../../src-main/api';
import type { OpenedImage, SegmentOutcome } from '../../src-main/api';
import type { Wire } from '../../src-main/app/ipc-contract';
import { decodeImage } from '../../src-main/image-io/index';
import { createFakeElectron } from './fake-electron';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Own copy of the bundles (other test files build theirs in parallel); inside the project so sharp resolves. */
const out = 'dist/test-bundles/main';
const coins = fileURLToPath(new URL('../fixtures/coins.png', import.meta.url));
const userData = mkdtempSync(join(tmpdir(), 'spectral-main-'));
const fake = createFakeElectron(userData);

type Loader = (request: string, ...rest: unknown[]) => unknown;
const mod = Module as unknown as { _load: Loader };
const realLoad = mod._load;

async function until<T>(probe: () => T | undefined | false, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('main-process bundle with a fake Electron', () => {
  beforeAll(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-main.ts', `--outdir=${out}`], { cwd: root, stdio: 'ignore' });
    mod._load = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? fake.electron : realLoad.call(this, request, ...rest);
    };
    const argv = process.argv;
    process.argv = ['/usr/bin/electron', '.', coins];
    try {
      createRequire(import.meta.url)(join(root, out, 'main.cjs'));
    } finally {
      process.argv = argv;
      mod._load = realLoad;
    }
    await until(() => fake.windows[0]?.url, 'the window to load');
  });
  afterAll(() => {
    fake.electron.app.emit('before-quit');
  });

  const win = () => fake.windows[0]!;
  const event = () => ({ sender: win().webContents, senderFrame: win().webContents.mainFrame });
  async function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
    const reply = (await fake.handlers.get(channel)!(event(), ...args)) as Wire<T>;
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.value;
  }

  it('starts one secure window on app://bundle with the preload bundle, a CSP, and no permissions', async () => {
    const o = win().options as { webPreferences: Record<string, unknown> };
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(o.webPreferences.preload).toBe(join(root, out, 'preload.cjs'));
    expect(existsSync(o.webPreferences.preload as string)).toBe(true);
    expect(win().url).toBe('app://bundle/index.html');
    expect(fake.recorded.schemes).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);

    let headers: unknown;
    fake.recorded.headerListener!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r));
    expect(headers).toEqual({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [expect.stringContaining("script-src 'self';")] } });
    let granted: boolean | undefined;
    fake.recorded.permissionHandler!(win().webContents, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);

    const escape = await fake.recorded.protocolHandlers.get('app')!(new Request('app://bundle/..%2f..%2fpackage.json'));
    expect(escape.status).toBe(404);

    expect(fake.forks.map((f) => [f.path, f.args])).toEqual([[join(root, out, 'utility.cjs'), []]]);
    expect([...fake.handlers.keys()].sort()).toEqual([Channels.exportResults, Channels.openDialog, Channels.openPaths, Channels.restoreSession, Channels.saveSession, Channels.segment].sort());
  });

  it('opens files from the command line once the page has loaded', async () => {
    const sent = await until(() => win().webContents.sent.find(([ch]) => ch === Channels.opened), 'the command-line file');
    const [, images, errors] = sent as [string, OpenedImage[], string[]];
    expect(errors).toEqual([]);
    expect(images.map((i) => [i.info.name, i.info.path])).toEqual([['coins.png', coins]]);
  });

  it('denies navigation away and new windows', () => {
    let prevented = 0;
    win().webContents.emit('will-navigate', { preventDefault: () => prevented++ }, 'https://evil.example/');
    win().webContents.emit('will-navigate', { preventDefault: () => prevented++ }, 'app://bundle/index.html');
    expect(prevented).toBe(1);
    expect(win().webContents.openHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  let docId = '';
  it('opens, segments into 4 regions with progress, and exports through the registered handlers', async () => {
    const opened = await invoke<{ images: OpenedImage[]; errors: string[] }>(Channels.openPaths, [coins]);
    expect(opened.errors).toEqual([]);
    expect(opened.images[0]!.info).toMatchObject({ name: 'coins.png', width: 384, height: 303, path: coins });
    docId = opened.images[0]!.info.id;

    const outcome = await invoke<SegmentOutcome>(Channels.segment, 'job-1', docId, null, { ...DEFAULT_PARAMS, clusters: 4, maxPixels: 10_000 });
    expect([...new Set(outcome.labels)].sort()).toEqual([1, 2, 3, 4]);
    expect(win().webContents.sent.some(([ch, id]) => ch === Channels.progress && id === 'job-1')).toBe(true);

    const target = join(userData, 'out.png');
    fake.electron.dialog.showSaveDialog = async () => ({ canceled: false, filePath: target }) as never;
    const reply = await invoke(Channels.exportResults, [{ docId, kinds: ['labels'], labelBits: 8, labels: outcome.labels, mask: new Uint8Array(384 * 303).fill(1) }]);
    expect(reply).toEqual({ ok: true, files: [target] });
    expect(Array.from((await decodeImage(target)).data)).toEqual(Array.from(outcome.labels));
  });

  it('reports a killed worker to the window, restarts it, and keeps the document', async () => {
    fake.forks[0]!.child.kill('SIGKILL');
    const crash = await until(() => win().webContents.sent.find(([ch]) => ch === Channels.workerCrash), 'the crash report');
    // Electron reports a utility process's end as a number only; the fake maps a signal to 1.
    expect(crash[1]).toBe('The segmentation process stopped unexpectedly (exit code 1). It was restarted; your images and painted masks are kept.');
    expect(fake.forks).toHaveLength(2);
    const outcome = await invoke<SegmentOutcome>(Channels.segment, 'job-2', docId, null, { ...DEFAULT_PARAMS, clusters: 3, maxPixels: 10_000 });
    expect([...new Set(outcome.labels)].sort()).toEqual([1, 2, 3]);
  });

  it('saves the session and restores it on the next start', async () => {
    await invoke(Channels.saveSession, { documents: [{ path: docId, name: 'coins.png', params: { ...DEFAULT_PARAMS, clusters: 5 }, maskRle: [100, 384 * 303 - 100] }], activeIndex: 0 });
    const restored = await invoke<{ session: { documents: { path: string; params: { clusters: number } }[] }; images: OpenedImage[] }>(Channels.restoreSession);
    expect(restored.session.documents.map((d) => [d.path, d.params.clusters])).toEqual([[coins, 5]]);
    expect(restored.images.map((i) => i.info.name)).toEqual(['coins.png']);
  });

  it('holds a quit until the session the page saved as it closed is on disk', async () => {
    let quits = 0;
    fake.electron.app.quit = () => void quits++;
    let held = 0;
    // The page's last save (sent from its beforeunload) and the quit arrive together.
    const saving = invoke(Channels.saveSession, { documents: [{ path: docId, name: 'coins.png', params: { ...DEFAULT_PARAMS, clusters: 7 }, maskRle: [5, 384 * 303 - 5] }], activeIndex: 0 });
    fake.electron.app.emit('will-quit', { preventDefault: () => void held++ });
    expect(held).toBe(1);
    await until(() => quits > 0, 'the held quit to go on');
    await saving;
    const onDisk = JSON.parse(readFileSync(join(userData, 'session.json'), 'utf8')) as { documents: { params: { clusters: number } }[] };
    expect(onDisk.documents[0].params.clusters).toBe(7);
    // The quit it then asks for goes through.
    fake.electron.app.emit('will-quit', { preventDefault: () => void held++ });
    expect(held).toBe(1);
  });

  it('forgets the documents when the page reloads', async () => {
    win().webContents.emit('did-start-loading');
    await expect(invoke(Channels.segment, 'job-3', docId, null, DEFAULT_PARAMS)).rejects.toMatchObject({ message: 'This image is not open; open it again.', field: 'image' });
    win().webContents.emit('did-finish-load');
  });

  it('routes File › Export… and Close Image to the window', () => {
    const file = (fake.recorded.menu as { label?: string; submenu?: { label?: string; click?: () => void }[] }[]).find((m) => m.label === 'File')!;
    file.submenu!.find((i) => i.label === 'Export…')!.click!();
    file.submenu!.find((i) => i.label === 'Close Image')!.click!();
    expect(win().webContents.sent.filter(([ch]) => ch === Channels.menuCommand).map(([, c]) => c)).toEqual(['export', 'close']);
  });
});
