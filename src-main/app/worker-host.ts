/**
 * Owns the segmentation worker (the Electron utility process; a child process in tests):
 * routes jobs to it and their replies back, and survives its crashes. A crash is an exit
 * the host did not ask for: pending jobs fail with a clear message, the worker is forked
 * again and the open documents are reopened in it, so the user's images and masks stay.
 *
 * When the worker cannot decode (sharp failing to load, or crashing the process while it
 * decodes: sharp#4522), decoding moves out of the worker for good: files are decoded
 * elsewhere (the window's Chromium, see `decodeElsewhere`) and their pixels loaded into the
 * worker, with a note telling the user what precision was lost.
 *
 * Knows no Electron: the worker comes from an injected `fork`.
 */
import type { Pixels, Progress } from '../engine/types';
import type { OpenedImage, SegmentOutcome, SegmentParams } from '../api';
import { encodeMask } from '../jobs/mask-codec';
import { DECODER_UNAVAILABLE } from '../jobs/protocol';
import type { ExportFile, JobReply, JobRequest } from '../jobs/protocol';

export interface WorkerProcess {
  send(request: JobRequest): void;
  onMessage(listener: (reply: JobReply) => void): void;
  /** code null: killed by a signal. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** decode false: the worker must not touch its native decoder (it crashed or failed to load). */
export type ForkWorker = (options: { decode: boolean }) => WorkerProcess;

export interface DecodedElsewhere {
  pixels: Pixels;
  /** What was lost, shown to the user (ImageInfo.decodeNote). */
  note: string;
}

export interface WorkerHostDeps {
  fork: ForkWorker;
  onProgress(jobId: string, progress: Progress): void;
  /** A message for the user: the worker stopped, what happened to their work. */
  onCrash(message: string): void;
  decodeElsewhere?: (path: string, name: string) => Promise<DecodedElsewhere>;
  /** Crashes within `crashWindowMs` after which the host stops re-forking. Default 3 in 60 s. */
  maxCrashes?: number;
  crashWindowMs?: number;
  now?: () => number;
}

/** A failed job as the renderer should see it. */
export class JobError extends Error {
  readonly code?: string;
  readonly field?: string;
  readonly cancelled?: boolean;
  constructor(message: string, code?: string, field?: string, cancelled?: boolean) {
    super(message);
    this.name = 'JobError';
    if (code !== undefined) this.code = code;
    if (field !== undefined) this.field = field;
    if (cancelled) this.cancelled = true;
  }
}

interface Pending {
  kind: 'open' | 'segment' | 'restore' | 'export';
  docId: string;
  path?: string;
  name?: string;
  /** An open that ran the worker's own decoder: if the worker dies now, that decoder is suspect. */
  decodingInWorker?: boolean;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface DocEntry {
  path: string;
  name: string;
  /** Settles when the document's pixels are in the current worker. */
  ready: Promise<void>;
}

export interface WorkerHost {
  open(docId: string, path: string, name: string): Promise<OpenedImage>;
  segment(jobId: string, docId: string, mask: Uint8Array | null, params: SegmentParams): Promise<SegmentOutcome>;
  /** Encodes and writes a document's results in the worker, where its pixels are. */
  exportFiles(docId: string, labels: Int32Array | null, mask: Uint8Array | null, labelBits: 8 | 16, files: ExportFile[]): Promise<string[]>;
  cancel(jobId: string): void;
  close(docId: string): void;
  isRunning(jobId: string): boolean;
  /** False once decoding moved out of the worker. */
  decodesInWorker(): boolean;
  dispose(): void;
}

export function createWorkerHost(deps: WorkerHostDeps): WorkerHost {
  const now = deps.now ?? (() => Date.now());
  const maxCrashes = deps.maxCrashes ?? 3;
  const crashWindowMs = deps.crashWindowMs ?? 60_000;
  const pending = new Map<string, Pending>();
  const docs = new Map<string, DocEntry>();
  /** Segment jobs waiting for their document to be reopened; a cancel marks them here. */
  const waiting = new Map<string, { cancelled: boolean }>();
  const crashTimes: number[] = [];
  let decodeInWorker = true;
  let disposed = false;
  let worker: WorkerProcess | null = null;
  let internalIds = 0;

  function start(): void {
    const w = deps.fork({ decode: decodeInWorker });
    worker = w;
    w.onMessage((reply) => {
      if (worker === w) onReply(reply);
    });
    w.onExit((code) => {
      if (worker === w) onExit(code);
    });
  }

  function post(request: JobRequest): void {
    if (!worker) throw new JobError('The segmentation process keeps stopping, so it was not restarted. Save your work and restart the app.', 'WORKER_UNAVAILABLE', 'run');
    worker.send(request);
  }

  function request<T>(p: Omit<Pending, 'resolve' | 'reject'>, jobId: string, req: JobRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      pending.set(jobId, { ...p, resolve: resolve as (v: unknown) => void, reject });
      try {
        post(req);
      } catch (err) {
        pending.delete(jobId);
        reject(err as Error);
      }
    });
  }

  function onReply(reply: JobReply): void {
    const job = pending.get(reply.jobId);
    if (!job) return;
    switch (reply.type) {
      case 'progress':
        if (job.kind === 'segment') deps.onProgress(reply.jobId, reply.progress);
        return;
      case 'opened':
        pending.delete(reply.jobId);
        job.resolve({ info: { ...reply.info, path: job.path }, rgba: reply.rgba } satisfies OpenedImage);
        return;
      case 'result':
        pending.delete(reply.jobId);
        job.resolve(reply.outcome);
        return;
      case 'exported':
        pending.delete(reply.jobId);
        job.resolve(reply.files);
        return;
      case 'error': {
        pending.delete(reply.jobId);
        if (reply.code === DECODER_UNAVAILABLE && (job.kind === 'open' || job.kind === 'restore') && job.path) {
          decodeInWorker = false;
          decodeOutside(job.docId, job.path, job.name ?? job.path, job.kind).then(job.resolve, job.reject);
          return;
        }
        job.reject(new JobError(reply.message, reply.code, reply.field, reply.cancelled));
      }
    }
  }

  function onExit(code: number | null): void {
    worker = null;
    if (disposed) return;
    const jobs = [...pending.entries()];
    pending.clear();
    // Only an open running alone convicts the decoder; a segment job running too might be the cause.
    const decoderCrashed = decodeInWorker && jobs.some(([, j]) => j.decodingInWorker) && !jobs.some(([, j]) => j.kind === 'segment');
    if (decoderCrashed) decodeInWorker = false;

    const t = now();
    crashTimes.push(t);
    while (crashTimes.length && t - crashTimes[0]! > crashWindowMs) crashTimes.shift();
    const gaveUp = crashTimes.length >= maxCrashes;

    const how = code === null ? 'was killed' : `stopped unexpectedly (exit code ${code})`;
    const parts = [`The segmentation process ${how}.`];
    if (decoderCrashed) {
      parts.push('It crashed while reading an image, so images are now read by the window instead; 16-bit images are reduced to 8 bits and TIFF files cannot be read that way.');
    }
    parts.push(gaveUp ? 'It keeps stopping, so it was not restarted: save your work and restart the app.' : 'It was restarted; your images and painted masks are kept.');
    if (jobs.some(([, j]) => j.kind === 'segment')) parts.push('Run the segmentation again.');
    if (jobs.some(([, j]) => j.kind === 'export')) parts.push('The export did not finish; export again.');

    if (!gaveUp) start();
    for (const [, job] of jobs) {
      if ((job.kind === 'open' || job.kind === 'restore') && job.path && !gaveUp) {
        // Opens are retried: by the fresh worker or, if its decoder crashed, outside it. A file that
        // crashes the decoder again then convicts it, so this cannot loop.
        const retry = decodeInWorker ? openInWorker(job.docId, job.path, job.name ?? job.path, job.kind) : decodeOutside(job.docId, job.path, job.name ?? job.path, job.kind);
        retry.then(job.resolve, job.reject);
      } else {
        job.reject(new JobError(parts[0]!, 'WORKER_CRASH', 'run'));
      }
    }
    if (!gaveUp) {
      const retried = new Set(jobs.filter(([, j]) => (j.kind === 'open' || j.kind === 'restore') && j.path).map(([, j]) => j.docId));
      for (const [docId, doc] of docs) if (!retried.has(docId)) restore(docId, doc);
    }
    deps.onCrash(parts.join(' '));
  }

  function openInWorker(docId: string, path: string, name: string, kind: Pending['kind']): Promise<OpenedImage> {
    const jobId = `host:${kind}:${++internalIds}`;
    return request<OpenedImage>({ kind, docId, path, name, decodingInWorker: true }, jobId, { type: 'open', jobId, docId, path, name });
  }

  async function decodeOutside(docId: string, path: string, name: string, kind: Pending['kind']): Promise<OpenedImage> {
    if (!deps.decodeElsewhere) throw new JobError(`Cannot read ${name}: the image decoder is unavailable.`, DECODER_UNAVAILABLE, 'image');
    const { pixels, note } = await deps.decodeElsewhere(path, name);
    const jobId = `host:${kind}:${++internalIds}`;
    return request<OpenedImage>({ kind, docId, path, name }, jobId, { type: 'load', jobId, docId, name, pixels, decodeNote: note });
  }

  function restore(docId: string, doc: DocEntry): void {
    const reopen = decodeInWorker ? openInWorker(docId, doc.path, doc.name, 'restore') : decodeOutside(docId, doc.path, doc.name, 'restore');
    doc.ready = reopen.then(() => {
      // Closed while it was being reopened: free its pixels in the worker again.
      if (docs.get(docId) !== doc) worker?.send({ type: 'close', docId });
    });
    // A failed restore is reported when that document is next segmented.
    doc.ready.catch(() => undefined);
  }

  async function open(docId: string, path: string, name: string): Promise<OpenedImage> {
    const opened = decodeInWorker ? await openInWorker(docId, path, name, 'open') : await decodeOutside(docId, path, name, 'open');
    docs.set(docId, { path, name, ready: Promise.resolve() });
    return opened;
  }

  async function segment(jobId: string, docId: string, mask: Uint8Array | null, params: SegmentParams): Promise<SegmentOutcome> {
    const doc = docs.get(docId);
    if (!doc) throw new JobError('This image is not open; open it again.', 'NO_DOCUMENT', 'image');
    const wait = { cancelled: false };
    waiting.set(jobId, wait);
    try {
      await doc.ready;
    } catch (err) {
      throw new JobError(`${doc.name} could not be reopened after the segmentation process restarted: ${(err as Error).message}`, 'NO_DOCUMENT', 'image');
    } finally {
      waiting.delete(jobId);
    }
    if (wait.cancelled) throw new JobError('Cancelled.', 'ABORTED', 'run', true);
    return request<SegmentOutcome>({ kind: 'segment', docId }, jobId, { type: 'segment', jobId, docId, mask: null, maskRle: encodeMask(mask), params });
  }

  async function exportFiles(docId: string, labels: Int32Array | null, mask: Uint8Array | null, labelBits: 8 | 16, files: ExportFile[]): Promise<string[]> {
    const doc = docs.get(docId);
    if (!doc) throw new JobError('This image is not open; open it again.', 'NO_DOCUMENT', 'image');
    await doc.ready;
    const jobId = `host:export:${++internalIds}`;
    return request<string[]>({ kind: 'export', docId }, jobId, { type: 'export', jobId, docId, labels, maskRle: encodeMask(mask), labelBits, files });
  }

  function cancel(jobId: string): void {
    const wait = waiting.get(jobId);
    if (wait) wait.cancelled = true;
    else if (pending.get(jobId)?.kind === 'segment') worker?.send({ type: 'cancel', jobId });
  }

  function close(docId: string): void {
    if (!docs.delete(docId)) return;
    if (worker) worker.send({ type: 'close', docId });
  }

  function dispose(): void {
    disposed = true;
    const w = worker;
    worker = null;
    for (const [, job] of pending) job.reject(new JobError('The app is closing.', 'DISPOSED', 'run'));
    pending.clear();
    w?.kill();
  }

  start();
  return {
    open,
    segment,
    exportFiles,
    cancel,
    close,
    isRunning: (jobId) => pending.has(jobId) || waiting.has(jobId),
    decodesInWorker: () => decodeInWorker,
    dispose,
  };
}
