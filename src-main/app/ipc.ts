/**
 * The IPC handlers behind window.spectral. Every handler first checks that the call comes from
 * our window's top frame showing our own page, then validates its arguments (validate.ts), and
 * answers with a Wire envelope so a failure keeps its code and field. Electron objects are
 * injected, so the handlers run in plain Node tests.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import { Channels } from '../api';
import type { ExportReply, ExportRequest, OpenedImage, SavedSession } from '../api';
import { decodeMask } from '../jobs/mask-codec';
import type { DocumentRegistry } from './documents';
import { InternalChannels } from './ipc-contract';
import type { Wire, WireError } from './ipc-contract';
import type { OpenResult, Opener } from './opener';
import type { RendererDecoder } from './renderer-decoder';
import type { SessionStore } from './session';
import * as check from './validate';
import type { WorkerHost } from './worker-host';

/** What a sender check looks at; real events have more. */
export interface SenderEvent {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

/**
 * Trusted: sent by the window's webContents, from its main frame (not an iframe), whose page is
 * ours (the bundled renderer or the dev server).
 */
export function createSenderCheck(window: () => { webContents: { id: number; mainFrame: unknown } } | null, isAppUrl: (url: string) => boolean) {
  return (event: SenderEvent): boolean => {
    const contents = window()?.webContents;
    const frame = event.senderFrame;
    return !!contents && !!frame && event.sender.id === contents.id && frame === contents.mainFrame && isAppUrl(frame.url);
  };
}

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'tif', 'tiff', 'webp', 'gif'];

export interface IpcDeps {
  isTrusted(event: SenderEvent): boolean;
  host: WorkerHost;
  documents: DocumentRegistry;
  open: Opener;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  /** Tells the renderer about files opened outside a request (and errors of a dialog open). */
  notifyOpened(result: OpenResult): void;
  sessions: SessionStore;
  exportResults(requests: ExportRequest[]): Promise<ExportReply>;
  decoder: RendererDecoder;
  log?: (message: string) => void;
}

type Invoke = (event: SenderEvent, ...args: unknown[]) => Promise<Wire<unknown>>;
type Listener = (event: SenderEvent, ...args: unknown[]) => void;

export interface IpcHandlers {
  /** ipcMain.handle channels (renderer invoke). */
  invoke: Record<string, Invoke>;
  /** ipcMain.on channels (renderer send, no answer). */
  on: Record<string, Listener>;
  /** When the page reloads its documents are gone: free their pixels in the worker too. */
  closeAllDocuments(): void;
}

export class UntrustedSenderError extends Error {
  readonly code = 'UNTRUSTED_SENDER';
}

function toWire(err: unknown): WireError {
  const e = err as { message?: unknown; code?: unknown; field?: unknown; cancelled?: unknown };
  const out: WireError = { message: typeof e?.message === 'string' ? e.message : String(err) };
  if (typeof e?.code === 'string') out.code = e.code;
  if (typeof e?.field === 'string') out.field = e.field;
  if (e?.cancelled === true) out.cancelled = true;
  return out;
}

export function createIpcHandlers(deps: IpcDeps): IpcHandlers {
  const log = deps.log ?? (() => undefined);

  const guarded =
    (fn: (...args: unknown[]) => Promise<unknown>): Invoke =>
    async (event, ...args) => {
      if (!deps.isTrusted(event)) {
        log(`Refused IPC from an untrusted sender (${event.senderFrame?.url ?? 'no frame'}).`);
        return { ok: false, error: toWire(new UntrustedSenderError('This call is only accepted from the app window.')) };
      }
      try {
        return { ok: true, value: await fn(...args) };
      } catch (err) {
        return { ok: false, error: toWire(err) };
      }
    };
  const guardedOn =
    (fn: (...args: unknown[]) => void): Listener =>
    (event, ...args) => {
      if (!deps.isTrusted(event)) return log(`Refused IPC from an untrusted sender (${event.senderFrame?.url ?? 'no frame'}).`);
      try {
        fn(...args);
      } catch (err) {
        log(`Ignored a bad IPC message: ${(err as Error).message}`);
      }
    };

  const docSize = (docId: string) => deps.documents.get(docId);

  async function openDialog(): Promise<OpenedImage[]> {
    const chosen = await deps.showOpenDialog({
      title: 'Open images',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Images', extensions: IMAGE_EXTENSIONS },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    if (chosen.canceled || chosen.filePaths.length === 0) return [];
    const result = await deps.open(chosen.filePaths);
    if (result.errors.length) deps.notifyOpened({ images: [], errors: result.errors });
    return result.images;
  }

  async function segment(jobId: unknown, docId: unknown, mask: unknown, params: unknown) {
    const job = check.id(jobId, 'jobId');
    const doc = docSize(check.id(docId, 'docId'));
    if (!doc) throw new check.ArgumentError('This image is not open; open it again.', 'image');
    if (deps.host.isRunning(job)) throw new check.ArgumentError(`Job ${job} is already running.`);
    const m = check.mask(mask, doc.width, doc.height);
    return deps.host.segment(job, docId as string, m, check.params(params));
  }

  async function saveSession(session: unknown): Promise<void> {
    const s = check.session(session, (ref) => deps.documents.get(ref)?.path ?? (deps.documents.isAllowed(ref) ? ref : undefined));
    await deps.sessions.save(s);
  }

  /** Reopens the saved documents; session.documents[i] belongs to images[i] (failed files are left out of both). */
  async function restoreSession(): Promise<{ session: SavedSession; images: OpenedImage[]; errors: string[] } | null> {
    const saved = await deps.sessions.load();
    if (!saved || saved.documents.length === 0) return null;
    const images: OpenedImage[] = [];
    const errors: string[] = [];
    const kept: SavedSession['documents'] = [];
    let activeIndex = 0;
    for (const [i, doc] of saved.documents.entries()) {
      const r = await deps.open([doc.path]);
      errors.push(...r.errors);
      const image = r.images[0];
      if (!image) continue;
      try {
        decodeMask(doc.maskRle, image.info.width * image.info.height);
      } catch {
        errors.push(`${doc.name || image.info.name}: the saved mask does not fit the image any more (the file changed?), so the whole image is used.`);
        doc.maskRle = [];
      }
      if (i === saved.activeIndex) activeIndex = kept.length;
      kept.push(doc);
      images.push(image);
    }
    return { session: { documents: kept, activeIndex }, images, errors };
  }

  function closeDocument(docId: string): void {
    if (deps.documents.remove(docId)) deps.host.close(docId);
  }

  return {
    invoke: {
      [Channels.openDialog]: guarded(openDialog),
      [Channels.openPaths]: guarded(async (paths) => deps.open(check.paths(paths))),
      [Channels.segment]: guarded(segment),
      [Channels.exportResults]: guarded(async (requests) => deps.exportResults(check.exportRequests(requests, docSize))),
      [Channels.saveSession]: guarded(saveSession),
      [Channels.restoreSession]: guarded(restoreSession),
    },
    on: {
      [Channels.cancel]: guardedOn((jobId) => deps.host.cancel(check.id(jobId, 'jobId'))),
      [Channels.closeDocument]: guardedOn((docId) => closeDocument(check.id(docId, 'docId'))),
      [InternalChannels.decodeResponse]: guardedOn((response) => deps.decoder.respond(response)),
    },
    closeAllDocuments: () => deps.documents.ids().forEach(closeDocument),
  };
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'on'>, handlers: Pick<IpcHandlers, 'invoke' | 'on'>): void {
  for (const [channel, fn] of Object.entries(handlers.invoke)) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => fn(event, ...args));
  }
  for (const [channel, fn] of Object.entries(handlers.on)) {
    ipcMain.on(channel, (event: IpcMainEvent, ...args: unknown[]) => fn(event, ...args));
  }
}
