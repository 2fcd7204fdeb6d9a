/**
 * Validation of the per-document segmentation parameters. Each message names the problem in the
 * user's words and is keyed by the parameter, so the panel can show it next to its control.
 */
import type { SegmentParams } from '../../src-main/api';

export const MIN_CLUSTERS = 2;
export const MAX_CLUSTERS = 64;
export const MIN_WORKING_PIXELS = 1_000;
export const MAX_WORKING_PIXELS = 50_000_000;

export type ParamErrors = Partial<Record<keyof SegmentParams, string>>;

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** wholeImage: the mask covers every pixel, so the message speaks of the image. */
export function validateParams(p: SegmentParams, maskedPixels?: number, wholeImage = false): ParamErrors {
  const e: ParamErrors = {};
  if (p.clusters !== 'auto') {
    if (!isInt(p.clusters) || p.clusters < MIN_CLUSTERS || p.clusters > MAX_CLUSTERS) {
      e.clusters = `Choose a whole number of regions from ${MIN_CLUSTERS} to ${MAX_CLUSTERS}, or Auto.`;
    } else if (maskedPixels !== undefined && p.clusters >= maskedPixels) {
      const pixels = `${maskedPixels} pixel${maskedPixels === 1 ? '' : 's'}`;
      // Fewer regions than the smallest number allowed is no way out: say what is.
      const tooFew = maskedPixels <= MIN_CLUSTERS;
      if (wholeImage) e.clusters = tooFew ? `The image has only ${pixels}: too small to split into regions.` : `The image has only ${pixels}: choose fewer regions.`;
      else e.clusters = tooFew ? `The mask has only ${pixels}: paint more.` : `The mask has only ${pixels}: paint more or choose fewer regions.`;
    }
  }
  if (typeof p.beta !== 'number' || !Number.isFinite(p.beta) || p.beta <= 0) e.beta = 'Beta must be a number greater than 0.';
  if (typeof p.eps !== 'number' || !Number.isFinite(p.eps) || p.eps < 0) e.eps = 'Eps must be a number of 0 or more.';
  if (typeof p.gray !== 'boolean') e.gray = 'Choose colour or gray.';
  if (p.connectivity !== 4 && p.connectivity !== 8) e.connectivity = 'Connectivity must be 4 or 8.';
  if (p.assign !== 'kmeans' && p.assign !== 'discretize' && p.assign !== 'cluster_qr') {
    e.assign = 'Choose k-means, discretize or cluster QR.';
  }
  if (!isInt(p.seed) || p.seed < 0 || p.seed > 0xffffffff) e.seed = 'The seed must be a whole number from 0 to 4294967295.';
  if (!isInt(p.maxPixels) || p.maxPixels < MIN_WORKING_PIXELS || p.maxPixels > MAX_WORKING_PIXELS) {
    e.maxPixels = `The working resolution must be a whole number of pixels from ${MIN_WORKING_PIXELS.toLocaleString('en')} to ${MAX_WORKING_PIXELS.toLocaleString('en')}.`;
  }
  if (p.eigenvectorImages !== undefined && (!isInt(p.eigenvectorImages) || p.eigenvectorImages < 0 || p.eigenvectorImages > 8)) {
    e.eigenvectorImages = 'Show 0 to 8 eigenvectors.';
  }
  return e;
}

export function hasErrors(e: ParamErrors): boolean {
  return Object.values(e).some((v) => v !== undefined);
}

/**
 * Downscale factor the engine will use (engine/resample.ts): an integer, so every working pixel
 * is an exact block of image pixels; 1 when the image fits the working resolution.
 */
export function downscaleFactor(width: number, height: number, maxPixels: number): number {
  const n = width * height;
  if (!(maxPixels > 0) || n <= maxPixels) return 1;
  return Math.ceil(Math.sqrt(n / maxPixels));
}

/**
 * Parses restored parameters field by field; anything malformed falls back to the default so a
 * corrupt store never blocks opening the image.
 */
export function sanitizeParams(raw: unknown, defaults: SegmentParams): SegmentParams {
  const out: SegmentParams = { ...defaults };
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  const candidate = { ...defaults, ...r } as SegmentParams;
  const errors = validateParams(candidate);
  for (const key of Object.keys(defaults) as (keyof SegmentParams)[]) {
    if (key in r && errors[key] === undefined) (out as unknown as Record<string, unknown>)[key] = r[key];
  }
  if (r.eigenvectorImages !== undefined && errors.eigenvectorImages === undefined) out.eigenvectorImages = r.eigenvectorImages as number;
  return out;
}
