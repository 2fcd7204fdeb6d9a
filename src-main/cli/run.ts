/**
 * The `segment` command without the process around it: argv and output streams in, exit code
 * out. Nothing is written until the result is complete, and then atomically.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { segment } from '../engine/index';
import { SegmentError } from '../engine/types';
import type { Pixels, Progress, SegmentOptions, SegmentResult } from '../engine/types';
import { ImageIoError, decodeImageFile, decodeMask, encodeColorPng, encodeLabelsPng, encodeOverlayPng, writeFileAtomic } from '../image-io/index';
import { createNodeBlockFilter } from '../parallel/node-pool';
import { regionTableCsv } from '../image-io/region-table';
import { USAGE, parseArgs } from './args';
import type { CliOptions } from './args';
import { defaultOutputPath, sameFile } from './output-path';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Aborts a running segmentation (Ctrl-C). */
  signal?: AbortSignal;
}

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, as shells report an interrupted command. */
export const EXIT_INTERRUPTED = 130;

/** An error that ends the command with one line on stderr. */
class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export async function runSegmentCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout(USAGE + '\n');
    return EXIT_OK;
  }
  if (parsed.kind === 'error') {
    io.stderr(`segment: ${parsed.message}\n`);
    return EXIT_USAGE;
  }
  try {
    return await execute(parsed.options, io);
  } catch (err) {
    const failure = toFailure(err);
    io.stderr(`segment: ${failure.message}\n`);
    return failure.exitCode;
  }
}

function toFailure(err: unknown): Failure {
  if (err instanceof Failure) return err;
  if (err instanceof ImageIoError) return new Failure(err.message, EXIT_RUNTIME);
  if (err instanceof SegmentError) {
    if (err.code === 'ABORTED') return new Failure('interrupted', EXIT_INTERRUPTED);
    const usage = err.code === 'BAD_CLUSTERS' || err.code === 'BAD_OPTION';
    return new Failure(oneLine(err.message), usage ? EXIT_USAGE : EXIT_RUNTIME);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new Failure(`internal error: ${oneLine(message)}`, EXIT_RUNTIME);
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

async function execute(opts: CliOptions, io: CliIo): Promise<number> {
  const out = opts.out ?? defaultOutputPath(opts.input, opts.format);
  await checkOutputPath(out, opts);

  const seconds: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    seconds[name] = round3((now - t) / 1000);
    t = now;
  };

  const { pixels, note } = await decodeImageFile(opts.input);
  if (note) io.stderr(`note: ${opts.input}: ${note}\n`);
  let mask: Uint8Array | null = null;
  let maskedPixels = pixels.width * pixels.height;
  if (opts.mask !== undefined) {
    mask = await decodeMask(opts.mask, pixels.width, pixels.height);
    maskedPixels = mask.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
    if (maskedPixels === 0) throw new Failure(`${opts.mask}: the mask is empty (no pixel is non-zero and opaque)`, EXIT_RUNTIME);
  }
  if (typeof opts.clusters === 'number' && opts.clusters > maskedPixels) {
    const where = mask ? 'inside the mask' : 'in the image';
    throw new Failure(`--clusters ${opts.clusters} is more than the ${maskedPixels} pixels ${where}`, EXIT_USAGE);
  }
  lap('decode');

  // Both cores for the multilevel solver's filtering on large images.
  const parallel = createNodeBlockFilter();
  const result = await segment(pixels, mask, engineOptions(opts), { onProgress: progressPrinter(io), signal: io.signal, parallel }).finally(() => parallel.close());
  // The engine may finish between Ctrl-C and its next abort check; the user still asked to stop.
  if (io.signal?.aborted) throw new Failure('interrupted', EXIT_INTERRUPTED);
  lap('segment');

  const png = await encode(opts, pixels, result);
  await writeFileAtomic(out, png, { overwrite: true });
  lap('write');

  const total = Object.values(seconds).reduce((a, b) => a + b, 0);
  if (opts.json) {
    const engineSeconds = Object.fromEntries(Object.entries(result.seconds).map(([k, v]) => [k, round3(v)]));
    io.stdout(JSON.stringify(summary(opts, result, out, { ...seconds, ...engineSeconds, total: round3(total) })) + '\n');
  } else {
    io.stderr(`wrote ${out}: ${result.clusters} ${result.clusters === 1 ? 'region' : 'regions'}, ${result.maskedPixels} pixels, ncut ${result.ncut.toFixed(4)}, ${total.toFixed(2)} s\n`);
    for (const w of result.warnings) io.stderr(`warning: ${oneLine(w)}\n`);
  }
  return EXIT_OK;
}

/** Refuse before any work: an output that is the input or mask, or a folder that doesn't exist. */
async function checkOutputPath(out: string, opts: CliOptions): Promise<void> {
  const protectedFiles = [opts.input, ...(opts.mask !== undefined ? [opts.mask] : [])];
  for (const file of protectedFiles) {
    if (sameFile(out, file) || (await sameRealFile(out, file))) {
      throw new Failure(`refusing to write ${out}: it is the ${file === opts.input ? 'input image' : 'mask'}`, EXIT_USAGE);
    }
  }
  const folder = dirname(out);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new Failure(`${out}: cannot write: the folder ${folder} does not exist`, EXIT_RUNTIME);
  const target = await stat(out).catch(() => null);
  if (target?.isDirectory()) throw new Failure(`${out}: cannot write: a folder of that name exists`, EXIT_RUNTIME);
}

async function sameRealFile(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}

function engineOptions(opts: CliOptions): SegmentOptions {
  const o: SegmentOptions = { clusters: opts.clusters, gray: opts.gray };
  if (opts.maxClusters !== undefined) o.maxClusters = opts.maxClusters;
  if (opts.beta !== undefined) o.beta = opts.beta;
  if (opts.eps !== undefined) o.eps = opts.eps;
  if (opts.connectivity !== undefined) o.connectivity = opts.connectivity;
  if (opts.assign !== undefined) o.assign = opts.assign;
  if (opts.seed !== undefined) o.seed = opts.seed;
  if (opts.maxPixels !== undefined) o.maxPixels = opts.maxPixels;
  return o;
}

/** One stderr line per stage, not per solver iteration. */
function progressPrinter(io: CliIo): (p: Progress) => void {
  let last = '';
  const start = performance.now();
  return (p) => {
    if (p.stage === last || p.stage === 'done') return;
    last = p.stage;
    io.stderr(`${p.stage}... (${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
  };
}

async function encode(opts: CliOptions, pixels: Pixels, result: SegmentResult): Promise<Uint8Array> {
  switch (opts.format) {
    case 'labels':
      return encodeLabelsPng(result.labels, result.width, result.height);
    case 'color':
      return encodeColorPng(result.labels, result.width, result.height);
    case 'overlay':
      return encodeOverlayPng(pixels, result.labels);
    case 'regions':
      return new TextEncoder().encode(regionTableCsv(result.labels, pixels));
  }
}

function summary(opts: CliOptions, r: SegmentResult, out: string, seconds: Record<string, number>) {
  return {
    input: opts.input,
    output: out,
    format: opts.format,
    width: r.width,
    height: r.height,
    maskedPixels: r.maskedPixels,
    clusters: r.clusters,
    ...(r.auto ? { autoClusters: r.auto } : {}),
    eigenvalues: r.eigenvalues,
    residuals: r.residuals,
    ncut: r.ncut,
    iterations: r.iterations,
    scale: r.scale,
    seconds,
    warnings: r.warnings,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
