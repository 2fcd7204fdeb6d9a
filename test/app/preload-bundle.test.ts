/**
 * The built preload (dist/main/preload.cjs) against a fake 'electron': what it exposes, how it
 * unwraps replies and failures, turns dropped Files into paths, holds early events, and answers
 * main's decode requests.
 */
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { Channels, DEFAULT_PARAMS } from '../../src-main/api';
import type { SpectralApi } from '../../src-main/api';
import { InternalChannels } from '../../src-main/app/ipc-contract';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Own copy of the bundles: other test files build theirs in parallel. */
const out = 'dist/test-bundles/preload';

interface Loaded {
  api: SpectralApi;
  exposedAs: string;
  requires: string[];
  invokes: [string, unknown[]][];
  sends: [string, unknown[]][];
  ipc: EventEmitter;
  replies: Map<string, unknown>;
}

/** Runs the bundle in a fresh context the way a sandboxed preload runs: only require('electron'). */
function loadPreload(): Loaded {
  const code = readFileSync(`${root}${out}/preload.cjs`, 'utf8');
  const ipc = new EventEmitter();
  const loaded = { requires: [] as string[], invokes: [] as [string, unknown[]][], sends: [] as [string, unknown[]][], ipc, replies: new Map<string, unknown>() } as Loaded;
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: SpectralApi) => {
        loaded.exposedAs = key;
        loaded.api = api;
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        loaded.invokes.push([channel, args]);
        return loaded.replies.get(channel);
      },
      send: (channel: string, ...args: unknown[]) => void loaded.sends.push([channel, args]),
      on: (channel: string, l: (...a: unknown[]) => void) => void ipc.on(channel, l),
    },
    webUtils: { getPathForFile: (f: { path?: string }) => f.path ?? '' },
  };
  const sandbox = {
    require: (name: string) => {
      loaded.requires.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
    module: { exports: {} },
    exports: {},
    process: { argv: ['--spectral-version=9.9.9'], versions: { electron: '45.6.0', chrome: '140', node: '22' } },
    Blob,
    createImageBitmap: async () => ({ width: 2, height: 1, close() {} }),
    OffscreenCanvas: class {
      getContext() {
        return { drawImage() {}, getImageData: () => ({ data: new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255]) }) };
      }
    },
    console,
  };
  vm.runInNewContext(code, sandbox, { filename: 'preload.cjs' });
  return loaded;
}

describe('preload bundle', () => {
  let p: Loaded;
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-main.ts', `--outdir=${out}`], { cwd: root, stdio: 'ignore' });
    p = loadPreload();
  });

  it('exposes exactly the SpectralApi as window.spectral and requires nothing but electron', () => {
    expect(p.exposedAs).toBe('spectral');
    expect(Object.keys(p.api).sort()).toEqual(
      ['versions', 'openDialog', 'openFiles', 'segment', 'cancel', 'onProgress', 'onOpened', 'onWorkerCrash', 'onMenuCommand', 'exportResults', 'saveSession', 'restoreSession', 'closeDocument'].sort(),
    );
    expect(new Set(p.requires)).toEqual(new Set(['electron']));
    expect(p.api.versions).toEqual({ app: '9.9.9', electron: '45.6.0', chrome: '140', node: '22' });
  });

  it('unwraps replies and rethrows failures with code, field and cancelled intact', async () => {
    p.replies.set(Channels.segment, { ok: false, error: { message: 'Cancelled.', code: 'ABORTED', field: 'run', cancelled: true } });
    await expect(p.api.segment('j', 'd', new Uint8Array(1), DEFAULT_PARAMS)).rejects.toEqual({ name: 'SpectralError', message: 'Cancelled.', code: 'ABORTED', field: 'run', cancelled: true });
    p.replies.set(Channels.openDialog, { ok: true, value: [] });
    expect(await p.api.openDialog()).toEqual([]);
  });

  it('turns dropped files into paths, and reports files without one', async () => {
    p.replies.set(Channels.openPaths, { ok: true, value: { images: [], errors: ['b.png: file not found'] } });
    const r = await p.api.openFiles([{ name: 'a.png', path: '/x/a.png' }, { name: 'from-browser.png' }, { name: 'b.png', path: '/x/b.png' }] as unknown as File[]);
    expect(p.invokes.at(-1)).toEqual([Channels.openPaths, [['/x/a.png', '/x/b.png']]]);
    expect(r.errors).toEqual(['from-browser.png: not a file on this computer (drop files from a folder).', 'b.png: file not found']);
  });

  it('holds events that arrive before the page listens, then delivers them in order', () => {
    p.ipc.emit(Channels.opened, {}, [], ['early.png: file not found']);
    p.ipc.emit(Channels.workerCrash, {}, 'crashed');
    const got: unknown[] = [];
    const off = p.api.onOpened((images, errors) => got.push(errors));
    p.ipc.emit(Channels.opened, {}, [], ['late.png: file not found']);
    expect(got).toEqual([['early.png: file not found'], ['late.png: file not found']]);
    off();
    p.ipc.emit(Channels.opened, {}, [], ['unheard']);
    expect(got).toHaveLength(2);
    const crashes: string[] = [];
    p.api.onWorkerCrash((m) => crashes.push(m));
    expect(crashes).toEqual(['crashed']);
    // Progress of a job nobody watches is dropped, not replayed to the next job's listener.
    p.ipc.emit(Channels.progress, {}, 'old-job', { stage: 'eigen', fraction: 0.5 });
    const progress: string[] = [];
    p.api.onProgress((jobId) => progress.push(jobId));
    p.ipc.emit(Channels.progress, {}, 'new-job', { stage: 'graph', fraction: 0.1 });
    expect(progress).toEqual(['new-job']);
  });

  it('sends cancel and close without waiting, and answers decode requests with the window’s pixels', async () => {
    p.api.cancel('job-7');
    p.api.closeDocument('doc-3');
    p.ipc.emit(InternalChannels.decodeRequest, {}, { requestId: 'r1', name: 'x.png', bytes: new Uint8Array([1, 2, 3]) });
    await new Promise((r) => setTimeout(r, 10));
    expect(p.sends).toEqual([
      [Channels.cancel, ['job-7']],
      [Channels.closeDocument, ['doc-3']],
      [InternalChannels.decodeResponse, [{ requestId: 'r1', ok: true, width: 2, height: 1, rgba: new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255]) }]],
    ]);
  });
});
