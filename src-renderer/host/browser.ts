/**
 * Host for the plain web page: images are decoded by the browser, the engine runs in a Web
 * Worker (worker.ts), exports become downloads and the session lives in IndexedDB.
 */
import type { ExportKind, ExportReply, OpenedImage, Progress, SegmentOutcome } from '../../src-main/api';
import type { Pixels } from '../../src-main/engine/types';
import type { JobReply, JobRequest } from '../../src-main/jobs/protocol';
import { pixelsFromRgba } from '../../src-main/jobs/rgba-pixels';
import { extraFramesNote, gifFrameCount, sniffContainer } from '../../src-main/image-io/sniff';
import { colorizeLabels, overlayRgba } from '../../src-main/engine/render';
import { measuredFromRgba, regionTableCsv } from '../../src-main/image-io/region-table';
import { encodePng, exportFileName, labelSamples } from '../lib/png';
import { HostError, newJobId, type ExportImage, type Host, type OpenResult, type RestoredDocument, type StoredDocument } from './host';
import { idbDelete, idbGet, idbPut } from './idb';

/** Beyond this the tab would risk running out of memory decoding and segmenting. */
const MAX_IMAGE_PIXELS = 64_000_000;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp|gif|bmp|avif|ico|svg|tiff?)$/i;

interface Pending {
  resolve: (reply: JobReply) => void;
  reject: (err: HostError) => void;
  onProgress?: (p: Progress) => void;
}

interface SessionRecord {
  documents: StoredDocument[];
  activeIndex: number;
}

let docCounter = 0;
function newDocId(): string {
  docCounter++;
  return `doc-${Date.now().toString(36)}-${docCounter}`;
}

/**
 * Whether to try decoding a file: its type or name says image, or failing that its first bytes
 * do (a PNG saved as coins.dat, or without an extension, is still a PNG).
 */
export async function isProbablyImage(file: File): Promise<boolean> {
  if (file.type.startsWith('image/') || IMAGE_EXTENSIONS.test(file.name)) return true;
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  return sniffContainer(head) !== 'unknown' || ascii(0, 2) === 'BM' || (ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12)));
}

async function decodeFile(file: Blob, name: string): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    if (/\.tiff?$/i.test(name)) throw new Error(`“${name}” is a TIFF file, which browsers cannot read; use the desktop app or convert it to PNG.`);
    throw new Error(`“${name}” could not be read as an image: the file is damaged or its format is not supported here.`);
  }
  try {
    const { width, height } = bitmap;
    if (width * height > MAX_IMAGE_PIXELS) {
      throw new Error(`“${name}” is ${width}×${height} pixels, more than this page can hold (${MAX_IMAGE_PIXELS / 1e6} MP).`);
    }
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('This browser cannot draw into a canvas.');
    ctx.drawImage(bitmap, 0, 0);
    return { width, height, rgba: ctx.getImageData(0, 0, width, height).data };
  } finally {
    bitmap.close();
  }
}

/** Canvas decoding gives 8 bits per channel; say so when the file had 16 (PNG IHDR bit depth byte). */
async function isSixteenBitPng(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 25).arrayBuffer());
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => head[i] === b);
  return png && head.length === 25 && head[24] === 16;
}

/** Browsers decode the first frame of an animated GIF without a word: count them (GIF only). */
async function framesNote(blob: Blob): Promise<string | undefined> {
  const head = new Uint8Array(await blob.slice(0, 6).arrayBuffer());
  if (sniffContainer(head) !== 'gif') return undefined;
  return extraFramesNote(gifFrameCount(new Uint8Array(await blob.arrayBuffer())), 'gif');
}

function download(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function browserHost(): Host {
  const pending = new Map<string, Pending>();
  /** Pixels per document, kept so a crashed worker can be restarted without losing anything. */
  const loaded = new Map<string, { name: string; pixels: Pixels }>();
  const crashListeners = new Set<(message: string) => void>();
  let worker = startWorker();

  function startWorker(): Worker {
    const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'spectral-engine' });
    w.onmessage = (event: MessageEvent<JobReply>) => {
      const reply = event.data;
      const p = pending.get(reply.jobId);
      if (!p) return;
      if (reply.type === 'progress') {
        p.onProgress?.(reply.progress);
        return;
      }
      pending.delete(reply.jobId);
      if (reply.type === 'error') p.reject(new HostError(reply.message, reply.field, reply.code, reply.cancelled === true));
      else p.resolve(reply);
    };
    w.onerror = (event) => {
      event.preventDefault();
      const message = `The segmentation engine stopped unexpectedly${event.message ? `: ${event.message}` : ''}. It was restarted; your images and masks are kept.`;
      for (const p of pending.values()) p.reject(new HostError(message, 'run', 'CRASH'));
      pending.clear();
      w.terminate();
      worker = startWorker();
      for (const [docId, d] of loaded) post({ type: 'load', jobId: newJobId(), docId, name: d.name, pixels: d.pixels });
      for (const l of crashListeners) l(message);
    };
    return w;
  }

  function post(req: JobRequest): void {
    worker.postMessage(req);
  }

  function call(req: JobRequest & { jobId: string }, onProgress?: (p: Progress) => void): Promise<JobReply> {
    return new Promise((resolve, reject) => {
      pending.set(req.jobId, { resolve, reject, onProgress });
      post(req);
    });
  }

  async function load(docId: string, name: string, blob: Blob): Promise<OpenedImage> {
    const { width, height, rgba } = await decodeFile(blob, name);
    const pixels = pixelsFromRgba(width, height, rgba);
    loaded.set(docId, { name, pixels });
    const notes = [(await isSixteenBitPng(blob)) ? '16-bit PNG read as 8-bit by the browser (the desktop app keeps 16 bits)' : undefined, await framesNote(blob)].filter(Boolean);
    const decodeNote = notes.length ? notes.join('; ') : undefined;
    const reply = await call({ type: 'load', jobId: newJobId(), docId, name, pixels, ...(decodeNote ? { decodeNote } : {}) });
    if (reply.type !== 'opened') throw new Error(`Unexpected reply ${reply.type} while opening ${name}.`);
    return { info: reply.info, rgba: reply.rgba };
  }

  async function openFiles(files: File[]): Promise<OpenResult> {
    const images: OpenedImage[] = [];
    const errors: string[] = [];
    for (const file of files) {
      if (!(await isProbablyImage(file))) {
        errors.push(`“${file.name || 'The dropped item'}” is not an image. Open PNG, JPEG, WebP, GIF, BMP or AVIF files.`);
        continue;
      }
      const docId = newDocId();
      try {
        const image = await load(docId, file.name || 'pasted image.png', file);
        images.push(image);
        // Keep the file so a reload can reopen it; failing to store only loses persistence.
        idbPut('files', docId, { name: image.info.name, blob: file }).catch(() => undefined);
      } catch (err) {
        loaded.delete(docId);
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
    return { images, errors };
  }

  async function exportResults(
    requests: Parameters<Host['exportResults']>[0],
    images: Parameters<Host['exportResults']>[1],
  ): Promise<ExportReply> {
    const files: string[] = [];
    try {
      for (const req of requests) {
        const img = images.get(req.docId);
        if (!img) throw new Error('This image is no longer open.');
        for (const kind of req.kinds) {
          const bytes = await encodeExport(kind, req, img);
          const fileName = exportFileName(img.name, kind);
          download(bytes, fileName, kind === 'regions' ? 'text/csv' : 'image/png');
          files.push(fileName);
        }
      }
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    return { ok: true, files };
  }

  return {
    kind: 'browser',
    openDialog: () => null,
    openFiles,
    segment(docId, mask, params, onProgress) {
      const jobId = newJobId();
      const result = call({ type: 'segment', jobId, docId, mask: mask.slice(), params: { ...params } }, onProgress).then((reply) => {
        if (reply.type !== 'result') throw new HostError(`Unexpected reply ${reply.type}.`, 'run');
        return reply.outcome as SegmentOutcome;
      });
      return { jobId, result };
    },
    cancel: (jobId) => post({ type: 'cancel', jobId }),
    exportResults,
    closeDocument(docId) {
      loaded.delete(docId);
      post({ type: 'close', docId });
      void idbDelete('files', docId);
    },
    onOpened: () => () => undefined,
    onMenuCommand: () => () => undefined,
    onWorkerCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
    async save(documents, activeIndex) {
      await idbPut('session', 'current', { documents, activeIndex } satisfies SessionRecord);
    },
    async restore() {
      const session = await idbGet<SessionRecord>('session', 'current').catch(() => undefined);
      if (!session || !Array.isArray(session.documents)) return null;
      const documents: RestoredDocument[] = [];
      const errors: string[] = [];
      for (const d of session.documents) {
        const file = await idbGet<{ name: string; blob: Blob }>('files', d.id).catch(() => undefined);
        if (!file) continue;
        try {
          const image = await load(d.id, file.name, file.blob);
          documents.push({ image, name: d.name, params: d.params, maskRle: d.maskRle });
        } catch (err) {
          errors.push(err instanceof Error ? err.message : String(err));
        }
      }
      return { documents, activeIndex: session.activeIndex, errors };
    },
  };
}

async function encodeExport(kind: ExportKind, req: { labels: Int32Array | null; mask: Uint8Array; labelBits: 8 | 16 }, image: ExportImage): Promise<Uint8Array> {
  const { rgba, width, height } = image;
  if (kind === 'mask') {
    const m = new Uint8Array(req.mask.length);
    for (let i = 0; i < m.length; i++) m[i] = req.mask[i] ? 255 : 0;
    return encodePng(width, height, { kind: 'gray', bits: 8 }, m);
  }
  if (!req.labels) throw new Error('Segment the image before exporting labels, colours, the overlay or the region table.');
  if (kind === 'labels') return encodePng(width, height, { kind: 'gray', bits: req.labelBits }, labelSamples(req.labels, req.labelBits));
  if (kind === 'color') return encodePng(width, height, { kind: 'rgba' }, colorizeLabels(req.labels, width, height));
  if (kind === 'regions') return new TextEncoder().encode(regionTableCsv(req.labels, measuredFromRgba(rgba, width, height, image.gray)));
  return encodePng(width, height, { kind: 'rgba' }, overlayRgba(rgba, req.labels, width, height));
}
