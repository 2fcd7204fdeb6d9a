/** IPC handlers with fake Electron objects: sender checks and argument validation. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Channels, DEFAULT_PARAMS } from '../../src-main/api';
import type { SavedSession } from '../../src-main/api';
import { DocumentRegistry } from '../../src-main/app/documents';
import { createExporter } from '../../src-main/app/export';
import { createIpcHandlers, createSenderCheck } from '../../src-main/app/ipc';
import type { SenderEvent } from '../../src-main/app/ipc';
import type { Wire } from '../../src-main/app/ipc-contract';
import { createOpener } from '../../src-main/app/opener';
import { createAppUrlCheck } from '../../src-main/app/security';
import { encodeMask } from '../../src-main/jobs/mask-codec';
import { eventFrom, fakeHost, fakeWindow } from './fakes';

const coins = new URL('../fixtures/coins.png', import.meta.url).pathname;
const camera = new URL('../fixtures/camera.png', import.meta.url).pathname;
const W = 384;
const H = 303;

function setup() {
  const win = fakeWindow();
  const host = fakeHost();
  const documents = new DocumentRegistry();
  const saved: SavedSession[] = [];
  let stored: SavedSession | null = null;
  const dialogPaths: string[][] = [];
  const notified: { images: unknown[]; errors: string[] }[] = [];
  let ids = 0;
  const handlers = createIpcHandlers({
    isTrusted: createSenderCheck(() => win, createAppUrlCheck()),
    host,
    documents,
    open: createOpener(host, documents, () => `doc-${++ids}`),
    showOpenDialog: async () => ({ canceled: false, filePaths: dialogPaths.shift() ?? [] }),
    notifyOpened: (r) => notified.push(r),
    sessions: {
      file: '/dev/null',
      save: async (s) => {
        saved.push(s);
        stored = s;
      },
      load: async () => stored,
      settled: async () => undefined,
    },
    exportResults: createExporter({
      dialogs: {
        showSaveDialog: async () => ({ canceled: true }),
        showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
        showMessageBox: async () => ({ response: 1 }),
      },
      document: (id) => documents.get(id),
      write: (r, files) => host.exportFiles(r.docId, r.labels, r.mask, r.labelBits, files),
    }),
    decoder: { decode: async () => Promise.reject(new Error('unused')), respond: () => undefined },
  });
  const call = (event: SenderEvent, channel: string, ...args: unknown[]) => handlers.invoke[channel]!(event, ...args) as Promise<Wire<any>>;
  return { win, host, documents, saved, dialogPaths, notified, handlers, call, ev: eventFrom(win), setStored: (s: SavedSession | null) => (stored = s) };
}

async function error(p: Promise<Wire<unknown>>) {
  const r = await p;
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.error;
}

async function value<T>(p: Promise<Wire<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected success, got ${r.error.message}`);
  return r.value;
}

describe('IPC sender checks', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  const untrusted = (): [string, SenderEvent][] => [
    ['another webContents', { sender: { id: 2 }, senderFrame: { url: 'app://bundle/index.html' } }],
    ['an iframe of our window', { sender: { id: 1 }, senderFrame: { url: 'app://bundle/index.html' } }],
    ['a destroyed frame', { sender: { id: 1 }, senderFrame: null }],
  ];

  it('rejects every invoke channel from untrusted senders, before touching anything', async () => {
    for (const [, event] of untrusted()) {
      for (const channel of Object.keys(s.handlers.invoke)) {
        const e = await error(s.call(event, channel, [coins]));
        expect(e).toEqual({ message: 'This call is only accepted from the app window.', code: 'UNTRUSTED_SENDER' });
      }
    }
    expect(Object.keys(s.handlers.invoke).sort()).toEqual(
      [Channels.openDialog, Channels.openPaths, Channels.segment, Channels.exportResults, Channels.saveSession, Channels.restoreSession].sort(),
    );
    expect(s.host.calls).toEqual([]);
    expect(s.saved).toEqual([]);
  });

  it('rejects our own frame once it shows another page', async () => {
    s.win.webContents.mainFrame.url = 'https://evil.example/';
    expect((await error(s.call(s.ev, Channels.openPaths, [coins]))).code).toBe('UNTRUSTED_SENDER');
    s.win.webContents.mainFrame.url = 'file:///work/main/dist/renderer/index.html';
    expect((await error(s.call(s.ev, Channels.openPaths, [coins]))).code).toBe('UNTRUSTED_SENDER');
    s.win.webContents.mainFrame.url = 'app://bundle/assets/../index.html#doc';
    expect((await value(s.call(s.ev, Channels.openPaths, [coins]))).images).toHaveLength(1);
  });

  it('ignores fire-and-forget messages from untrusted senders', async () => {
    const [, other] = untrusted()[0]!;
    s.handlers.on[Channels.cancel]!(other, 'job-1');
    s.handlers.on[Channels.closeDocument]!(other, 'doc-1');
    expect(s.host.calls).toEqual([]);
    s.handlers.on[Channels.cancel]!(s.ev, 'job-1');
    expect(s.host.calls).toEqual([['cancel', 'job-1']]);
  });
});

describe('IPC argument validation', () => {
  let s: ReturnType<typeof setup>;
  let docId: string;
  beforeEach(async () => {
    s = setup();
    const opened = await value(s.call(s.ev, Channels.openPaths, [coins]));
    docId = (opened as { images: { info: { id: string } }[] }).images[0]!.info.id;
    s.host.calls.length = 0;
  });

  it('openPaths: refuses non-lists, non-strings, relative paths and NUL bytes; reports missing files per file', async () => {
    expect((await error(s.call(s.ev, Channels.openPaths, coins))).message).toBe('Expected a list of file paths.');
    expect((await error(s.call(s.ev, Channels.openPaths, [42]))).message).toBe('A file path must be a non-empty string.');
    expect((await error(s.call(s.ev, Channels.openPaths, ['fixtures/coins.png']))).message).toBe('fixtures/coins.png: not an absolute file path.');
    expect((await error(s.call(s.ev, Channels.openPaths, ['/tmp/a\0.png']))).message).toBe('That file path is not valid.');
    const r = await value(s.call(s.ev, Channels.openPaths, ['/nonexistent/x.png', camera]));
    expect(r.errors).toEqual(['x.png: file not found']);
    expect(r.images.map((i: { info: { name: string } }) => i.info.name)).toEqual(['camera.png']);
    expect(s.host.calls.map((c) => c[0])).toEqual(['open']);
  });

  it('segment: unknown document, mask of the wrong length, k out of range are refused with their field', async () => {
    const params = { ...DEFAULT_PARAMS, clusters: 4 };
    expect(await error(s.call(s.ev, Channels.segment, 'j1', 'no-such-doc', null, params))).toMatchObject({ field: 'image', message: 'This image is not open; open it again.' });
    expect(await error(s.call(s.ev, Channels.segment, 'j1', docId, new Uint8Array(100), params))).toEqual({
      code: 'BAD_ARGUMENT',
      field: 'mask',
      message: 'The mask has 100 pixels but the image has 384x303 = 116352.',
    });
    expect(await error(s.call(s.ev, Channels.segment, 'j1', docId, [1, 0, 1], params))).toMatchObject({ field: 'mask' });
    for (const k of [1, 65, 2.5, 'many', null]) {
      const e = await error(s.call(s.ev, Channels.segment, 'j1', docId, null, { ...params, clusters: k }));
      expect(e).toEqual({ code: 'BAD_ARGUMENT', field: 'clusters', message: `The number of regions must be a whole number from 2 to 64, or 'auto'; got ${String(k)}.` });
    }
    expect(await error(s.call(s.ev, Channels.segment, 'j1', docId, null, { ...params, beta: Number.NaN }))).toMatchObject({ field: 'beta' });
    expect(await error(s.call(s.ev, Channels.segment, 'j1', docId, null, { ...params, connectivity: 6 }))).toMatchObject({ field: 'connectivity' });
    expect(await error(s.call(s.ev, Channels.segment, 42, docId, null, params))).toMatchObject({ message: 'jobId must be a non-empty string of at most 200 characters.' });
    expect(s.host.calls).toEqual([]);

    const mask = new Uint8Array(W * H).fill(1);
    const ok = await value(s.call(s.ev, Channels.segment, 'j2', docId, mask, { ...params, clusters: 'auto', extra: 'dropped' }));
    expect(ok).toEqual({ clusters: 'auto' });
    expect(s.host.calls).toEqual([['segment', 'j2', docId, mask, { ...params, clusters: 'auto' }]]);
  });

  it('exportResults: unknown export kind, label map of the wrong length, bad labelBits are refused', async () => {
    const labels = new Int32Array(W * H);
    const mask = new Uint8Array(W * H);
    const req = { docId, kinds: ['labels'], labelBits: 8, labels, mask };
    expect((await error(s.call(s.ev, Channels.exportResults, [{ ...req, kinds: ['labels', 'jpeg'] }]))).message).toBe(
      'Unknown export kind "jpeg": expected one of labels, color, overlay, mask, regions.',
    );
    expect((await error(s.call(s.ev, Channels.exportResults, [{ ...req, labels: new Int32Array(5) }]))).message).toBe('The label map has 5 pixels but the image has 116352.');
    expect((await error(s.call(s.ev, Channels.exportResults, [{ ...req, labelBits: 12 }]))).message).toBe('labelBits must be 8 or 16.');
    expect((await error(s.call(s.ev, Channels.exportResults, [{ ...req, labels: null }]))).message).toBe('Segment the image before exporting its labels, colours, overlay or region table.');
    expect((await error(s.call(s.ev, Channels.exportResults, []))).message).toBe('Nothing to export.');
    // Valid, but the user cancels the save dialog: nothing is written.
    expect(await value(s.call(s.ev, Channels.exportResults, [req]))).toEqual({ ok: false, cancelled: true });
    expect(s.host.calls).toEqual([]);
  });

  it('saveSession: paths must be open documents or on the allow-list; ids are replaced by their paths', async () => {
    const doc = { name: 'coins.png', params: DEFAULT_PARAMS, maskRle: [5, W * H - 5] };
    const e = await error(s.call(s.ev, Channels.saveSession, { documents: [{ ...doc, path: '/etc/passwd' }], activeIndex: 0 }));
    expect(e.message).toBe('/etc/passwd: not a file that was opened in this window, so it cannot be saved in the session.');
    expect(s.saved).toEqual([]);
    expect(await error(s.call(s.ev, Channels.saveSession, { documents: [{ ...doc, path: docId, maskRle: [1, -2] }], activeIndex: 0 }))).toMatchObject({ field: 'mask' });

    await value(s.call(s.ev, Channels.saveSession, { documents: [{ ...doc, path: docId }, { ...doc, path: coins }], activeIndex: 1 }));
    expect(s.saved).toEqual([{ documents: [{ ...doc, path: coins }, { ...doc, path: coins }], activeIndex: 1 }]);
  });

  it('restoreSession reopens saved files, reports the missing ones and drops a mask that no longer fits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-ipc-'));
    const gone = join(dir, 'gone.png');
    writeFileSync(gone, 'x');
    const good = encodeMask(new Uint8Array(W * H).fill(1, 0, 1000));
    s.setStored({
      documents: [
        { path: join(dir, 'missing.png'), name: 'missing.png', params: DEFAULT_PARAMS, maskRle: [] },
        { path: coins, name: 'coins.png', params: { ...DEFAULT_PARAMS, clusters: 6 }, maskRle: good },
        { path: camera, name: 'camera.png', params: DEFAULT_PARAMS, maskRle: [10, 10] },
      ],
      activeIndex: 1,
    });
    const r = await value(s.call(s.ev, Channels.restoreSession));
    expect(r.errors).toEqual(['missing.png: file not found', 'camera.png: the saved mask does not fit the image any more (the file changed?), so the whole image is used.']);
    expect(r.images.map((i: { info: { name: string } }) => i.info.name)).toEqual(['coins.png', 'camera.png']);
    expect(r.session).toEqual({
      documents: [
        { path: coins, name: 'coins.png', params: { ...DEFAULT_PARAMS, clusters: 6 }, maskRle: good },
        { path: camera, name: 'camera.png', params: DEFAULT_PARAMS, maskRle: [] },
      ],
      activeIndex: 0,
    });
    // Documents opened meanwhile (command-line files) stay open.
    expect(s.host.calls.some((c) => c[0] === 'close')).toBe(false);
    expect(s.documents.get(docId)).toBeDefined();
  });

  it('closeAllDocuments (a page reload) closes every document in the worker', () => {
    s.handlers.closeAllDocuments();
    expect(s.host.calls).toEqual([['close', docId]]);
    expect(s.documents.ids()).toEqual([]);  });

  it('openDialog opens what the user chose and reports failures through onOpened', async () => {
    s.dialogPaths.push([camera, '/nonexistent/y.png']);
    const images = await value(s.call(s.ev, Channels.openDialog));
    expect(images.map((i: { info: { name: string; path: string } }) => [i.info.name, i.info.path])).toEqual([['camera.png', camera]]);
    expect(s.notified).toEqual([{ images: [], errors: ['y.png: file not found'] }]);
    expect(s.documents.isAllowed(camera)).toBe(true);
  });
});
