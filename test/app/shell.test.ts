/** The small main-process modules: security, window placement, file arrivals, menu, renderer decoding. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesFromArgv, routeFileArrivals } from '../../src-main/app/files';
import type { DecodeRequest } from '../../src-main/app/ipc-contract';
import { aboutDetail, menuTemplate } from '../../src-main/app/menu';
import { createRendererDecoder } from '../../src-main/app/renderer-decoder';
import { contentSecurityPolicy, createAppUrlCheck, resolveBundleFile } from '../../src-main/app/security';
import { LEAVE_QUESTION, askBeforeLeaving, fitToDisplays, windowOptions } from '../../src-main/app/window';
import { decodeImage, toDisplayRgba } from '../../src-main/image-io/index';
import { pixelsFromRgba } from '../../src-main/jobs/rgba-pixels';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

describe('security', () => {
  it('serves only files inside the renderer folder', () => {
    const root = '/app/dist/renderer';
    expect(resolveBundleFile('app://bundle/index.html', root)).toBe('/app/dist/renderer/index.html');
    expect(resolveBundleFile('app://bundle/', root)).toBe('/app/dist/renderer/index.html');
    expect(resolveBundleFile('app://bundle/assets/index-abc.js?x=1#y', root)).toBe('/app/dist/renderer/assets/index-abc.js');
    expect(resolveBundleFile('app://bundle/../main/main.cjs', root)).toBe('/app/dist/renderer/main/main.cjs'); // URL parsing drops the ..
    expect(resolveBundleFile('app://bundle/%2e%2e/%2e%2e/etc/passwd', root)).toBe('/app/dist/renderer/etc/passwd'); // so does %2e%2e
    expect(resolveBundleFile('app://bundle/assets/..%2f..%2f..%2fetc%2fpasswd', root)).toBeNull();
    expect(resolveBundleFile('app://bundle/a%00.js', root)).toBeNull();
    expect(resolveBundleFile('app://other/index.html', root)).toBeNull();
    expect(resolveBundleFile('file:///etc/passwd', root)).toBeNull();
  });

  it('recognises our pages only', () => {
    const prod = createAppUrlCheck();
    expect(prod('app://bundle/index.html')).toBe(true);
    expect(prod('app://bundle.evil/index.html')).toBe(false);
    expect(prod('http://127.0.0.1:5173/')).toBe(false);
    expect(prod('file:///index.html')).toBe(false);
    expect(prod('not a url')).toBe(false);
    const dev = createAppUrlCheck('http://127.0.0.1:5173');
    expect(dev('http://127.0.0.1:5173/src/main.ts')).toBe(true);
    expect(dev('http://127.0.0.1:5174/')).toBe(false);
  });

  it('has a strict Content-Security-Policy: no inline or eval script, nothing remote', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy('http://127.0.0.1:5173')).toContain('connect-src \'self\' http://127.0.0.1:5173 ws://127.0.0.1:5173');
  });

  it('creates the window sandboxed, isolated and without Node', () => {
    const o = windowOptions({ width: 1000, height: 700, maximized: false }, '/app/preload.cjs', '1.2.3');
    expect(o.webPreferences).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
    expect(o.webPreferences!.additionalArguments).toEqual(['--spectral-version=1.2.3']);
  });
});

describe('leaving with results not exported', () => {
  it('asks when the page refuses to unload, and leaves only on Leave', () => {
    const webContents = new EventEmitter();
    const asked: unknown[] = [];
    let answer = 1;
    askBeforeLeaving({ webContents } as never, (options) => (asked.push(options), answer));
    const attempt = () => {
      let allowed = false;
      webContents.emit('will-prevent-unload', { preventDefault: () => (allowed = true) });
      return allowed;
    };
    expect(attempt()).toBe(false);
    answer = 0;
    expect(attempt()).toBe(true);
    expect(asked).toEqual([LEAVE_QUESTION, LEAVE_QUESTION]);
    expect(LEAVE_QUESTION).toMatchObject({ buttons: ['Leave', 'Stay'], defaultId: 1, cancelId: 1, message: 'Segmentations that were not exported will be lost.' });
  });
});

describe('window placement', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('keeps a saved position that is on screen', () => {
    expect(fitToDisplays({ x: 100, y: 50, width: 1000, height: 700, maximized: true }, screen)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
  });
  it('centres a window whose display is gone, and clamps its size', () => {
    expect(fitToDisplays({ x: 3000, y: 100, width: 5000, height: 300 }, screen)).toEqual({ width: 1920, height: 480, maximized: false });
    expect(fitToDisplays({ x: -5000, y: 'x', width: NaN }, screen)).toEqual({ width: 1280, height: 860, maximized: false });
    expect(fitToDisplays(null, screen)).toEqual({ width: 1280, height: 860, maximized: false });
  });
  it('accepts a position on a second display', () => {
    expect(fitToDisplays({ x: 2000, y: 10, width: 800, height: 600 }, [...screen, { x: 1920, y: 0, width: 1280, height: 1024 }])).toMatchObject({ x: 2000, y: 10 });
  });
});

describe('file arrivals', () => {
  it('takes file arguments, not switches or URLs, relative to the launch folder', () => {
    expect(filesFromArgv(['/opt/app/spectral', 'a.png', '--no-sandbox', '/abs/b.tif', 'https://x/y.png'], '/home/u', true)).toEqual(['/home/u/a.png', '/abs/b.tif']);
    expect(filesFromArgv(['/usr/bin/electron', '.', 'c.png'], '/work', false)).toEqual(['/work/c.png']);
  });

  it('queues files until the app is ready, then routes second launches and open-file straight through', () => {
    const app = Object.assign(new EventEmitter(), { isPackaged: true, requestSingleInstanceLock: () => true });
    let focused = 0;
    const route = routeFileArrivals(app as never, ['/opt/spectral', 'first.png'], '/home/u', () => focused++)!;
    let prevented = 0;
    app.emit('open-file', { preventDefault: () => prevented++ }, '/mac/early.png');
    const got: string[][] = [];
    route.ready((p) => got.push(p));
    expect(got).toEqual([['/home/u/first.png', '/mac/early.png']]);
    app.emit('second-instance', {}, ['/opt/spectral', 'second.png', '--flag'], '/tmp');
    expect(got[1]).toEqual(['/tmp/second.png']);
    expect(focused).toBe(1);
    expect(prevented).toBe(1);
  });

  it('gives up the start when another instance holds the lock', () => {
    const app = Object.assign(new EventEmitter(), { isPackaged: true, requestSingleInstanceLock: () => false });
    expect(routeFileArrivals(app as never, [], '/', () => undefined)).toBeNull();
  });
});

describe('menu', () => {
  const actions = { open: () => undefined, export: () => undefined, closeImage: () => undefined, about: () => undefined };
  it('has File (Open…, Export…, Close Image, Quit), View (zoom, full screen) and About', () => {
    const t = menuTemplate('linux', 'Spectral Segmenter', actions);
    const file = t.find((m) => m.label === 'File')!.submenu as { label?: string; role?: string; accelerator?: string }[];
    expect(file.filter((i) => i.label).map((i) => [i.label, i.accelerator])).toEqual([
      ['Open…', 'CmdOrCtrl+O'],
      ['Export…', 'CmdOrCtrl+E'],
      ['Close Image', 'CmdOrCtrl+W'],
      ['Quit', 'CmdOrCtrl+Q'],
    ]);
    const view = t.find((m) => m.label === 'View')!.submenu as { role?: string }[];
    expect(view.filter((i) => i.role).map((i) => i.role)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    const help = t.find((m) => m.role === 'help')!.submenu as { label?: string }[];
    expect(help.map((i) => i.label)).toEqual(['About Spectral Segmenter']);
    // macOS: the app menu carries About and Quit.
    const mac = menuTemplate('darwin', 'Spectral Segmenter', actions);
    expect(mac[0]!.label).toBe('Spectral Segmenter');
  });
  it('lists the versions in About', () => {
    expect(aboutDetail('0.1.0', { electron: '45.6.0', chrome: '140.0.1', node: '22.1.0', v8: '14.0' })).toBe('Version: 0.1.0\nElectron: 45.6.0\nChromium: 140.0.1\nNode.js: 22.1.0\nV8: 14.0');
  });
});

describe('decoding in the window (fallback)', () => {
  /** Plays the preload: answers each request with the RGBA Chromium would produce. */
  const fakeWindowDecode = (decoder: ReturnType<typeof createRendererDecoder>) => async (req: DecodeRequest) => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-dec-'));
    writeFileSync(join(dir, req.name), req.bytes);
    const p = await decodeImage(join(dir, req.name));
    decoder.respond({ requestId: req.requestId, ok: true, width: p.width, height: p.height, rgba: toDisplayRgba(p) });
  };

  it('turns the window’s RGBA back into gray pixels and notes the 16-bit loss', async () => {
    let decoder!: ReturnType<typeof createRendererDecoder>;
    decoder = createRendererDecoder((req) => (void fakeWindowDecode(decoder)(req), true));
    const coins = await decoder.decode(fixture('coins.png'), 'coins.png');
    expect(coins.pixels).toMatchObject({ width: 384, height: 303, channels: 1, bitDepth: 8 });
    expect(Buffer.compare(Buffer.from(coins.pixels.data as Uint8Array), Buffer.from((await decodeImage(fixture('coins.png'))).data as Uint8Array))).toBe(0);
    expect(coins.note).toBe('Read by the window’s built-in decoder because the image decoder failed: 8 bits per channel.');

    const dir = mkdtempSync(join(tmpdir(), 'spectral-dec16-'));
    const png16 = join(dir, 'deep.png');
    const sharp = (await import('sharp')).default;
    await sharp(new Uint16Array([0, 1000, 40000, 65535]), { raw: { width: 2, height: 2, channels: 1 } }).toColourspace('grey16').png().toFile(png16);
    expect(readFileSync(png16)[24]).toBe(16);
    const deep = await decoder.decode(png16, 'deep.png');
    expect(deep.note).toBe('Read by the window’s built-in decoder because the image decoder failed: 8 bits per channel; the file’s 16-bit samples were reduced to 8 bits.');
    expect(Array.from(deep.pixels.data)).toEqual([0, 4, 156, 255]);
  });

  it('refuses TIFF (Chromium cannot read it) and reports the window’s failures and silence', async () => {
    const sent: DecodeRequest[] = [];
    const decoder = createRendererDecoder((req) => (sent.push(req), true), 200);
    await expect(decoder.decode(fixture('chessboard_GRAY_U16.tif'), 'chessboard_GRAY_U16.tif')).rejects.toThrow(
      'chessboard_GRAY_U16.tif: TIFF files cannot be read without the image decoder, which failed to load in this app',
    );
    expect(sent).toEqual([]);
    const failing = decoder.decode(fixture('coins.png'), 'coins.png');
    await new Promise((r) => setTimeout(r, 20));
    decoder.respond({ requestId: sent[0]!.requestId, ok: false, message: 'the window could not decode it either (bad data)' });
    await expect(failing).rejects.toThrow('coins.png: the window could not decode it either (bad data)');
    const malformed = decoder.decode(fixture('coins.png'), 'coins.png');
    await new Promise((r) => setTimeout(r, 20));
    decoder.respond({ requestId: sent[1]!.requestId, ok: true, width: 384, height: 303, rgba: new Uint8ClampedArray(10) });
    await expect(malformed).rejects.toThrow('coins.png: the window returned malformed pixels');
    await expect(decoder.decode(fixture('coins.png'), 'coins.png')).rejects.toThrow('coins.png: the window did not decode the image in time');
    const closed = createRendererDecoder(() => false);
    await expect(closed.decode(fixture('coins.png'), 'coins.png')).rejects.toThrow('coins.png: no window to decode the image in');
  });

  it('pixelsFromRgba keeps colour and translucency only where the image has them', () => {
    expect(pixelsFromRgba(2, 1, new Uint8ClampedArray([9, 9, 9, 255, 7, 7, 7, 255]))).toEqual({ width: 2, height: 1, channels: 1, bitDepth: 8, data: new Uint8Array([9, 7]) });
    expect(pixelsFromRgba(2, 1, new Uint8ClampedArray([9, 9, 9, 255, 7, 7, 7, 10]))).toMatchObject({ channels: 2, data: new Uint8Array([9, 255, 7, 10]) });
    expect(pixelsFromRgba(1, 1, new Uint8ClampedArray([1, 2, 3, 255]))).toMatchObject({ channels: 3, data: new Uint8Array([1, 2, 3]) });
    expect(pixelsFromRgba(1, 1, new Uint8ClampedArray([1, 2, 3, 4]))).toMatchObject({ channels: 4, data: new Uint8Array([1, 2, 3, 4]) });
    expect(() => pixelsFromRgba(2, 2, new Uint8ClampedArray(4))).toThrow('RGBA data of 4 bytes does not fit a 2x2 image.');
  });
});

describe('window state file', () => {
  it('remembers the normal bounds on close and reads them back', async () => {
    const { rememberWindowState, loadWindowState } = await import('../../src-main/app/window');
    const dir = mkdtempSync(join(tmpdir(), 'spectral-win-'));
    const file = join(dir, 'window.json');
    const win = Object.assign(new EventEmitter(), { getNormalBounds: () => ({ x: 40, y: 30, width: 900, height: 640 }), isMaximized: () => true });
    rememberWindowState(win as never, file);
    win.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 40, y: 30, width: 900, height: 640, maximized: true });
    expect(await loadWindowState(file, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({ x: 40, y: 30, width: 900, height: 640, maximized: true });
    expect(await loadWindowState(join(dir, 'missing.json'), [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({ width: 1280, height: 860, maximized: false });
  });
});
