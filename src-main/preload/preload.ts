/**
 * The sandboxed preload: exposes window.spectral (SpectralApi) and nothing else — ipcRenderer
 * itself never reaches the page. Bundled to one CommonJS file (scripts/build-main.mjs), as
 * sandboxed preloads cannot require local modules.
 *
 * Also answers main's decode requests (the fallback when the worker's decoder fails) with
 * Chromium's own decoders, without the page being involved.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { Channels } from '../api';
import type { MenuCommand, OpenedImage, Progress, SpectralApi } from '../api';
import { InternalChannels } from '../app/ipc-contract';
import type { DecodeRequest, DecodeResponse, Wire } from '../app/ipc-contract';

async function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel, ...args)) as Wire<T>;
  if (reply.ok) return reply.value;
  // A plain object, not an Error: the context bridge would keep only an Error's message,
  // and the UI needs code, field and cancelled.
  throw { name: 'SpectralError', ...reply.error };
}

/**
 * Events from main. With `hold`, events that come while nobody listens are kept for the first
 * listener: files passed on the command line arrive before the UI has mounted and must not be
 * lost. Progress is not held: it only matters live.
 */
function eventChannel<A extends unknown[]>(channel: string, hold = true) {
  const held: A[] = [];
  const listeners = new Set<(...args: A) => void>();
  ipcRenderer.on(channel, (_event: IpcRendererEvent, ...args: unknown[]) => {
    if (listeners.size === 0 && hold) held.push(args as A);
    for (const l of listeners) l(...(args as A));
  });
  return (listener: (...args: A) => void): (() => void) => {
    listeners.add(listener);
    for (const args of held.splice(0)) listener(...args);
    return () => void listeners.delete(listener);
  };
}

const onProgress = eventChannel<[string, Progress]>(Channels.progress, false);
const onOpened = eventChannel<[OpenedImage[], string[]]>(Channels.opened);
const onWorkerCrash = eventChannel<[string]>(Channels.workerCrash);
const onMenuCommand = eventChannel<[MenuCommand]>(Channels.menuCommand);

function appVersion(): string {
  const arg = process.argv.find((a) => a.startsWith('--spectral-version='));
  return arg ? arg.slice('--spectral-version='.length) : '';
}

const api: SpectralApi = {
  versions: { app: appVersion(), electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node ?? '' },
  openDialog: () => invoke(Channels.openDialog),
  async openFiles(files) {
    const paths: string[] = [];
    const errors: string[] = [];
    for (const file of files) {
      const path = webUtils.getPathForFile(file);
      if (path) paths.push(path);
      else errors.push(`${file.name}: not a file on this computer (drop files from a folder).`);
    }
    if (paths.length === 0) return { images: [], errors };
    const result = await invoke<{ images: OpenedImage[]; errors: string[] }>(Channels.openPaths, paths);
    return { images: result.images, errors: [...errors, ...result.errors] };
  },
  segment: (jobId, docId, mask, params) => invoke(Channels.segment, jobId, docId, mask, params),
  cancel: (jobId) => ipcRenderer.send(Channels.cancel, jobId),
  onProgress: (listener) => onProgress(listener),
  onOpened: (listener) => onOpened(listener),
  onWorkerCrash: (listener) => onWorkerCrash(listener),
  onMenuCommand: (listener) => onMenuCommand(listener),
  exportResults: (requests) => invoke(Channels.exportResults, requests),
  saveSession: (session) => invoke(Channels.saveSession, session),
  restoreSession: () => invoke(Channels.restoreSession),
  closeDocument: (docId) => ipcRenderer.send(Channels.closeDocument, docId),
};

contextBridge.exposeInMainWorld('spectral', api);

ipcRenderer.on(InternalChannels.decodeRequest, (_event: IpcRendererEvent, request: DecodeRequest) => {
  void decodeWithChromium(request).then((response) => ipcRenderer.send(InternalChannels.decodeResponse, response));
});

async function decodeWithChromium({ requestId, bytes }: DecodeRequest): Promise<DecodeResponse> {
  try {
    // No colour management or premultiplication: the values as stored in the file.
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas available');
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return { requestId, ok: true, width, height, rgba };
  } catch (err) {
    return { requestId, ok: false, message: `the window could not decode it either (${(err as Error).message || 'unsupported format'})` };
  }
}
