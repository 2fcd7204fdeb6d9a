/**
 * Argument checks for everything the renderer sends. The renderer is not trusted: each value is
 * checked for type, range and size before it reaches a file, a dialog or the worker, and a bad
 * call fails with one message naming the argument.
 */
import type { ExportKind, ExportRequest, SavedDocument, SavedSession, SegmentParams } from '../api';

export class ArgumentError extends Error {
  readonly code = 'BAD_ARGUMENT';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ArgumentError';
  }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

export function id(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 200) throw new ArgumentError(`${what} must be a non-empty string of at most 200 characters.`);
  return v;
}

/** An absolute path of a local file (drops and command lines give absolute paths). */
export function filePath(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw new ArgumentError('A file path must be a non-empty string.');
  if (v.length > 4096 || v.includes('\0')) throw new ArgumentError('That file path is not valid.');
  if (!(v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\\\'))) throw new ArgumentError(`${v}: not an absolute file path.`);
  return v;
}

export function paths(v: unknown, max = 500): string[] {
  if (!Array.isArray(v) || v.length === 0) throw new ArgumentError('Expected a list of file paths.');
  if (v.length > max) throw new ArgumentError(`At most ${max} files can be opened at once.`);
  return v.map(filePath);
}

export const MIN_CLUSTERS = 2;
export const MAX_CLUSTERS = 64;
const ASSIGN = ['kmeans', 'discretize', 'cluster_qr'] as const;

export function params(v: unknown): SegmentParams {
  if (!v || typeof v !== 'object') throw new ArgumentError('Segmentation parameters are missing.', 'options');
  const p = v as Record<string, unknown>;
  const bad = (field: string, message: string) => new ArgumentError(message, field);
  if (p.clusters !== 'auto' && !(isInt(p.clusters) && p.clusters >= MIN_CLUSTERS && p.clusters <= MAX_CLUSTERS)) {
    throw bad('clusters', `The number of regions must be a whole number from ${MIN_CLUSTERS} to ${MAX_CLUSTERS}, or 'auto'; got ${String(p.clusters)}.`);
  }
  if (typeof p.beta !== 'number' || !Number.isFinite(p.beta) || p.beta <= 0) throw bad('beta', 'beta must be a number greater than 0.');
  if (typeof p.eps !== 'number' || !Number.isFinite(p.eps) || p.eps < 0) throw bad('eps', 'eps must be a number of 0 or more.');
  if (typeof p.gray !== 'boolean') throw bad('gray', 'gray must be true or false.');
  if (p.connectivity !== 4 && p.connectivity !== 8) throw bad('connectivity', 'connectivity must be 4 or 8.');
  if (!ASSIGN.includes(p.assign as (typeof ASSIGN)[number])) throw bad('assign', `assign must be one of ${ASSIGN.join(', ')}.`);
  if (!isInt(p.seed) || p.seed < 0 || p.seed > 0xffffffff) throw bad('seed', 'seed must be a whole number from 0 to 4294967295.');
  if (!isInt(p.maxPixels) || p.maxPixels < 1000 || p.maxPixels > 50_000_000) throw bad('maxPixels', 'maxPixels must be a whole number from 1000 to 50000000.');
  if (p.eigenvectorImages !== undefined && !(isInt(p.eigenvectorImages) && p.eigenvectorImages >= 0 && p.eigenvectorImages <= 8)) {
    throw bad('eigenvectorImages', 'eigenvectorImages must be a whole number from 0 to 8.');
  }
  const out: SegmentParams = {
    clusters: p.clusters as SegmentParams['clusters'],
    beta: p.beta,
    eps: p.eps,
    gray: p.gray,
    connectivity: p.connectivity,
    assign: p.assign as SegmentParams['assign'],
    seed: p.seed,
    maxPixels: p.maxPixels,
  };
  if (p.eigenvectorImages !== undefined) out.eigenvectorImages = p.eigenvectorImages as number;
  return out;
}

/** One byte per pixel of a width x height image, or null for the whole image. */
export function mask(v: unknown, width: number, height: number): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (!(v instanceof Uint8Array)) throw new ArgumentError('The mask must be a Uint8Array (one byte per pixel) or null.', 'mask');
  if (v.length !== width * height) throw new ArgumentError(`The mask has ${v.length} pixels but the image has ${width}x${height} = ${width * height}.`, 'mask');
  return v;
}

const KINDS: readonly ExportKind[] = ['labels', 'color', 'overlay', 'mask', 'regions'];

export function exportRequests(v: unknown, size: (docId: string) => { width: number; height: number } | undefined): ExportRequest[] {
  if (!Array.isArray(v) || v.length === 0) throw new ArgumentError('Nothing to export.');
  if (v.length > 500) throw new ArgumentError('At most 500 images can be exported at once.');
  return v.map((r: unknown) => {
    if (!r || typeof r !== 'object') throw new ArgumentError('An export request must be an object.');
    const q = r as Record<string, unknown>;
    const docId = id(q.docId, 'docId');
    const dims = size(docId);
    if (!dims) throw new ArgumentError('That image is not open.', 'image');
    if (!Array.isArray(q.kinds) || q.kinds.length === 0) throw new ArgumentError('Choose at least one thing to export.');
    const kinds = [...new Set(q.kinds)].map((k) => {
      if (!KINDS.includes(k as ExportKind)) throw new ArgumentError(`Unknown export kind ${JSON.stringify(k)}: expected one of ${KINDS.join(', ')}.`);
      return k as ExportKind;
    });
    if (q.labelBits !== 8 && q.labelBits !== 16) throw new ArgumentError('labelBits must be 8 or 16.');
    const n = dims.width * dims.height;
    let labels: Int32Array | null = null;
    if (q.labels !== null && q.labels !== undefined) {
      if (!(q.labels instanceof Int32Array)) throw new ArgumentError('labels must be an Int32Array or null.');
      if (q.labels.length !== n) throw new ArgumentError(`The label map has ${q.labels.length} pixels but the image has ${n}.`);
      labels = q.labels;
    }
    if (!labels && kinds.some((k) => k !== 'mask')) throw new ArgumentError('Segment the image before exporting its labels, colours, overlay or region table.');
    const m = mask(q.mask, dims.width, dims.height) ?? new Uint8Array(n).fill(1);
    return { docId, kinds, labelBits: q.labelBits, labels, mask: m };
  });
}

/**
 * A session from the renderer. Each document's path is either an open document's id (the
 * renderer does not need to know paths) or a path on the allow-list; anything else is refused.
 */
export function session(v: unknown, resolvePath: (pathOrDocId: string) => string | undefined): SavedSession {
  if (!v || typeof v !== 'object') throw new ArgumentError('The session must be an object.');
  const s = v as Record<string, unknown>;
  if (!Array.isArray(s.documents) || s.documents.length > 500) throw new ArgumentError('The session must list at most 500 documents.');
  const documents = s.documents.map((d: unknown): SavedDocument => {
    if (!d || typeof d !== 'object') throw new ArgumentError('A session document must be an object.');
    const doc = d as Record<string, unknown>;
    const ref = doc.path;
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 4096) throw new ArgumentError('A session document needs the path or id of its image.');
    const path = resolvePath(ref);
    if (!path) throw new ArgumentError(`${ref}: not a file that was opened in this window, so it cannot be saved in the session.`);
    const name = typeof doc.name === 'string' && doc.name.length <= 1000 ? doc.name : '';
    if (!Array.isArray(doc.maskRle) || doc.maskRle.length > 50_000_000) throw new ArgumentError('maskRle must be an array of run lengths.', 'mask');
    const total = doc.maskRle.reduce<number>((a, r) => a + (isInt(r) && r >= 0 ? r : Number.NaN), 0);
    if (doc.maskRle.length > 0 && !Number.isFinite(total)) throw new ArgumentError('maskRle must hold non-negative whole numbers.', 'mask');
    // Whether the runs cover the image is checked where the mask is decoded; here only the form.
    return { path, name, params: params(doc.params), maskRle: doc.maskRle as number[] };
  });
  const activeIndex = isInt(s.activeIndex) && s.activeIndex >= 0 && s.activeIndex < documents.length ? s.activeIndex : 0;
  return { documents, activeIndex };
}
