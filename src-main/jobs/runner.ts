/**
 * Executes job requests (jobs/protocol.ts) and answers through an injected `send`. It knows
 * nothing about the transport: the Electron utility process, a Node worker in tests and the
 * browser's Web Worker all wrap this same runner. No node:*, electron or sharp imports here.
 */
import { SegmentError, Segmenter, segment, warmUp } from '../engine/index';
import type { Pixels, Progress, SegmentOptions, SegmentResult } from '../engine/index';
import type { BlockFilter } from '../engine/parallel';
import type { ImageInfo, PreviewProgress, SegmentOutcome, SegmentParams } from '../api';
import { decodeMask } from './mask-codec';
import { DECODER_UNAVAILABLE } from './protocol';
import type { ExportJob, JobReply, JobRequest } from './protocol';

export interface JobRunnerDeps {
  /** Decodes a file into pixels, with a note where the file holds more than that (Node side: image-io). Absent where there is no file system. */
  decode?: (path: string) => Promise<{ pixels: Pixels; note?: string }>;
  /** 8-bit RGBA rendition for display. */
  toRgba: (p: Pixels) => Uint8ClampedArray;
  send: (reply: JobReply, transfer?: ArrayBuffer[]) => void;
  /** Encodes and writes export files; returns the paths written. Absent where there is no file system. */
  writeExport?: (job: ExportJob) => Promise<string[]>;
  /** More threads for the multilevel solver (Node: worker_threads); absent = the runner's thread only. */
  parallel?: BlockFilter;
  /** Minimum milliseconds between two progress replies of the same stage. Default 100. */
  progressIntervalMs?: number;
  now?: () => number;
}

export interface JobRunner {
  handle(request: JobRequest): void;
  /**
   * Compiles the engine by segmenting two small synthetic images (engine/warm-up.ts), for a host
   * to start when its worker starts; the first segment request cuts it short. Resolves with the
   * number of warm-up segmentations that ran to the end.
   */
  warmUp(): Promise<number>;
  /** Number of documents whose pixels are held. */
  documents(): number;
}

interface Doc {
  pixels: Pixels;
  /** One per document so a change of k alone reuses the eigenvectors. */
  segmenter: Segmenter;
  /** Segment jobs of one document run one after another: the Segmenter caches one spectrum. */
  queue: Promise<void>;
}

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const docs = new Map<string, Doc>();
  const running = new Map<string, { docId: string; controller: AbortController }>();
  const interval = deps.progressIntervalMs ?? 100;
  let warming: AbortController | null = null;
  const now = deps.now ?? (() => Date.now());

  function fail(jobId: string, err: unknown, fallbackField?: string): void {
    deps.send(errorReply(jobId, err, fallbackField));
  }

  function store(jobId: string, docId: string, name: string, pixels: Pixels, decodeNote?: string): void {
    const problem = pixelsProblem(pixels);
    if (problem) {
      fail(jobId, new Error(`${name}: ${problem}`), 'image');
      return;
    }
    docs.set(docId, { pixels, segmenter: new Segmenter(), queue: Promise.resolve() });
    let rgba = deps.toRgba(pixels);
    // The rgba buffer is transferred (detached here); never let that take the stored pixels with it.
    if (rgba.buffer === pixels.data.buffer) rgba = rgba.slice();
    const info: ImageInfo = {
      id: docId,
      name,
      width: pixels.width,
      height: pixels.height,
      channels: pixels.channels,
      bitDepth: pixels.bitDepth,
      ...(decodeNote ? { decodeNote } : {}),
    };
    deps.send({ type: 'opened', jobId, info, rgba }, transferable(rgba.buffer));
  }

  async function open(req: Extract<JobRequest, { type: 'open' }>): Promise<void> {
    const name = req.name ?? baseName(req.path);
    if (!deps.decode) {
      deps.send({ type: 'error', jobId: req.jobId, code: DECODER_UNAVAILABLE, field: 'image', message: `Cannot read ${name} here: this runner has no file decoder.` });
      return;
    }
    let decoded: { pixels: Pixels; note?: string };
    try {
      decoded = await deps.decode(req.path);
    } catch (err) {
      fail(req.jobId, err, 'image');
      return;
    }
    store(req.jobId, req.docId, name, decoded.pixels, decoded.note);
  }

  function segmentJob(req: Extract<JobRequest, { type: 'segment' }>): void {
    const doc = docs.get(req.docId);
    if (!doc) {
      deps.send({ type: 'error', jobId: req.jobId, code: 'NO_DOCUMENT', field: 'image', message: 'This image is no longer open; open it again.' });
      return;
    }
    const controller = new AbortController();
    running.set(req.jobId, { docId: req.docId, controller });
    const run = async (): Promise<void> => {
      try {
        if (controller.signal.aborted) throw new SegmentError('ABORTED', 'Cancelled.', 'run');
        const { width, height } = doc.pixels;
        const mask = req.maskRle ? decodeMask(req.maskRle, width * height) : req.mask;
        if (mask && mask.length !== width * height) {
          throw new SegmentError('BAD_OPTION', `The mask has ${mask.length} pixels but the image has ${width * height}.`, 'mask');
        }
        const options = segmentOptions(req.params);
        if (wantsPreview(doc.pixels, options) && !doc.segmenter.wouldReuse(doc.pixels, mask, options)) {
          // What the wait before the first stage is for (a preview without its result yet).
          deps.send({ type: 'progress', jobId: req.jobId, progress: { stage: 'preview', fraction: 0 } });
          const preview = await segment(doc.pixels, mask, { ...options, maxPixels: PREVIEW_PIXELS, eigenvectorImages: 0 }, { signal: controller.signal, parallel: deps.parallel });
          const outcome: SegmentOutcome = { ...toOutcome(preview), preview: true };
          const progress: PreviewProgress = { stage: 'preview', fraction: 0.1, preview: outcome };
          deps.send({ type: 'progress', jobId: req.jobId, progress }, outcomeBuffers(outcome));
        }
        const result = await doc.segmenter.segment(doc.pixels, mask, options, {
          signal: controller.signal,
          parallel: deps.parallel,
          onProgress: throttle(interval, now, (progress) => deps.send({ type: 'progress', jobId: req.jobId, progress })),
        });
        // The engine may finish its last step before it looks at the signal again.
        if (controller.signal.aborted) throw new SegmentError('ABORTED', 'Cancelled.', 'run');
        const outcome = toOutcome(result);
        deps.send({ type: 'result', jobId: req.jobId, outcome }, outcomeBuffers(outcome));
      } catch (err) {
        deps.send(errorReply(req.jobId, err, undefined, controller.signal.aborted));
      } finally {
        running.delete(req.jobId);
      }
    };
    doc.queue = doc.queue.then(run);
  }

  async function exportJob(req: Extract<JobRequest, { type: 'export' }>): Promise<void> {
    const doc = docs.get(req.docId);
    if (!doc) {
      deps.send({ type: 'error', jobId: req.jobId, code: 'NO_DOCUMENT', field: 'image', message: 'This image is no longer open; open it again.' });
      return;
    }
    if (!deps.writeExport) {
      deps.send({ type: 'error', jobId: req.jobId, code: 'NO_EXPORTER', message: 'Files cannot be written: the image encoder is unavailable here.' });
      return;
    }
    try {
      const { width, height } = doc.pixels;
      const mask = decodeMask(req.maskRle, width * height);
      const files = await deps.writeExport({ pixels: doc.pixels, labels: req.labels, mask, labelBits: req.labelBits, files: req.files });
      deps.send({ type: 'exported', jobId: req.jobId, files });
    } catch (err) {
      fail(req.jobId, err);
    }
  }

  function handle(request: JobRequest): void {
    switch (request.type) {
      case 'open':
        void open(request);
        return;
      case 'load':
        store(request.jobId, request.docId, request.name, request.pixels, request.decodeNote);
        return;
      case 'segment':
        // The user's job, not the warm-up, gets the thread.
        warming?.abort();
        segmentJob(request);
        return;
      case 'export':
        void exportJob(request);
        return;
      case 'cancel':
        running.get(request.jobId)?.controller.abort();
        return;
      case 'close':
        for (const job of running.values()) if (job.docId === request.docId) job.controller.abort();
        docs.delete(request.docId);
        return;
      default: {
        const unknown = request as { type?: unknown; jobId?: unknown };
        deps.send({
          type: 'error',
          jobId: typeof unknown.jobId === 'string' ? unknown.jobId : '',
          code: 'BAD_REQUEST',
          message: `Unknown job request type: ${String(unknown.type)}.`,
        });
      }
    }
  }

  async function startWarmUp(): Promise<number> {
    const controller = new AbortController();
    warming = controller;
    try {
      return (await warmUp({ signal: controller.signal, parallel: deps.parallel })).runs;
    } catch {
      // Warming up only saves time: the same code fails again, with a reply, on a real job.
      return 0;
    } finally {
      if (warming === controller) warming = null;
    }
  }

  return { handle, documents: () => docs.size, warmUp: startWarmUp };
}

/** Working resolution of the preview, and the size above which a preview is worth its cost. */
export const PREVIEW_PIXELS = 40_000;
const PREVIEW_ABOVE = 250_000;

function wantsPreview(pixels: Pixels, options: SegmentOptions): boolean {
  return Math.min(pixels.width * pixels.height, options.maxPixels ?? Infinity) > PREVIEW_ABOVE;
}

export function segmentOptions(params: SegmentParams): SegmentOptions {
  return {
    clusters: params.clusters,
    beta: params.beta,
    eps: params.eps,
    gray: params.gray,
    connectivity: params.connectivity,
    assign: params.assign,
    seed: params.seed,
    maxPixels: params.maxPixels,
    ...(params.eigenvectorImages !== undefined ? { eigenvectorImages: params.eigenvectorImages } : {}),
  };
}

export function toOutcome(r: SegmentResult & { reusedSpectrum?: boolean }): SegmentOutcome {
  const outcome: SegmentOutcome = {
    width: r.width,
    height: r.height,
    labels: r.labels,
    clusters: r.clusters,
    maskedPixels: r.maskedPixels,
    eigenvalues: r.eigenvalues,
    residuals: r.residuals,
    ncut: r.ncut,
    iterations: r.iterations,
    seconds: { ...r.seconds },
    warnings: r.warnings,
    scale: r.scale,
  };
  if (r.auto) {
    outcome.autoChosen = r.auto.chosen;
    outcome.gaps = r.auto.gaps;
    if (r.auto.onePerPiece) outcome.autoPieces = r.auto.onePerPiece.pieces;
  }
  if (r.eigenvectorImages) outcome.eigenvectorImages = r.eigenvectorImages;
  if (r.reusedSpectrum !== undefined) outcome.reusedSpectrum = r.reusedSpectrum;
  return outcome;
}

/** Converts anything thrown into an error reply; SegmentError keeps its code and field. */
export function errorReply(jobId: string, err: unknown, fallbackField?: string, aborted = false): JobReply {
  if (err instanceof SegmentError) {
    const cancelled = aborted || err.code === 'ABORTED';
    return { type: 'error', jobId, message: err.message, code: err.code, field: err.field, ...(cancelled ? { cancelled } : {}) };
  }
  if (aborted) return { type: 'error', jobId, message: 'Cancelled.', code: 'ABORTED', field: 'run', cancelled: true };
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
  return { type: 'error', jobId, message, ...(code ? { code } : {}), ...(fallbackField ? { field: fallbackField } : {}) };
}

/** Lets the first report of every stage through, then at most one per interval. */
function throttle(intervalMs: number, now: () => number, emit: (p: Progress) => void): (p: Progress) => void {
  let lastStage: string | undefined;
  let lastTime = -Infinity;
  return (p) => {
    const t = now();
    if (p.stage !== lastStage || t - lastTime >= intervalMs) {
      lastStage = p.stage;
      lastTime = t;
      emit(p);
    }
  };
}

function pixelsProblem(p: Pixels): string | null {
  if (!p || typeof p !== 'object') return 'no pixel data.';
  if (!Number.isInteger(p.width) || !Number.isInteger(p.height) || p.width <= 0 || p.height <= 0) {
    return `invalid image size ${String(p.width)}x${String(p.height)}.`;
  }
  if (![1, 2, 3, 4].includes(p.channels)) return `unsupported channel count ${String(p.channels)}.`;
  if (!ArrayBuffer.isView(p.data) || p.data.length !== p.width * p.height * p.channels) {
    return 'pixel data does not match the image size.';
  }
  return null;
}

function outcomeBuffers(o: SegmentOutcome): ArrayBuffer[] {
  const buffers = new Set([o.labels.buffer, ...(o.eigenvectorImages ?? []).map((v) => v.buffer)]);
  return [...buffers].flatMap((b) => transferable(b));
}

/** SharedArrayBuffers cannot be in a transfer list. */
function transferable(b: ArrayBufferLike): ArrayBuffer[] {
  return b instanceof ArrayBuffer ? [b] : [];
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
