/** Stand-ins for Electron objects and the worker host, for the IPC handler tests. */
import type { OpenedImage, SegmentOutcome, SegmentParams } from '../../src-main/api';
import type { SenderEvent } from '../../src-main/app/ipc';
import type { WorkerHost } from '../../src-main/app/worker-host';
import type { ExportFile } from '../../src-main/jobs/protocol';

export const APP_PAGE = 'app://bundle/index.html';

/** Our window: webContents id 1 and its main frame showing our page. */
export function fakeWindow() {
  const mainFrame = { url: APP_PAGE };
  return { webContents: { id: 1, mainFrame } };
}

export function eventFrom(win: ReturnType<typeof fakeWindow>): SenderEvent {
  return { sender: { id: win.webContents.id }, senderFrame: win.webContents.mainFrame };
}

export type Call = [string, ...unknown[]];

/** A worker host that records calls; open reports a 384x303 gray image like coins.png. */
export function fakeHost(): WorkerHost & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async open(docId, path, name) {
      calls.push(['open', docId, path, name]);
      const opened: OpenedImage = { info: { id: docId, name, width: 384, height: 303, channels: 1, bitDepth: 8, path }, rgba: new Uint8ClampedArray(0) };
      return opened;
    },
    async segment(jobId: string, docId: string, mask: Uint8Array | null, params: SegmentParams) {
      calls.push(['segment', jobId, docId, mask, params]);
      return { clusters: params.clusters } as unknown as SegmentOutcome;
    },
    async exportFiles(docId: string, _labels: Int32Array | null, _mask: Uint8Array | null, _bits: 8 | 16, files: ExportFile[]) {
      calls.push(['exportFiles', docId, files]);
      return files.map((f) => f.path);
    },
    cancel: (jobId) => void calls.push(['cancel', jobId]),
    close: (docId) => void calls.push(['close', docId]),
    isRunning: () => false,
    decodesInWorker: () => true,
    dispose: () => undefined,
  };
}
