/**
 * A segmenter that remembers its last graph and eigenpairs: asking again for the same image, mask
 * and graph options with another number of clusters (or another assignment method) relabels from
 * the stored eigenvectors instead of solving again. The k smallest eigenpairs are a prefix of the
 * k' > k smallest, so a stored larger spectrum serves every smaller k.
 */
import { Pacer, now, paceSteps } from './pacer';
import { assignSteps, computeSpectrum, eigenpairsNeeded, prepareGraphSteps } from './segment';
import type { PreparedGraph } from './segment';
import type { Spectrum } from './spectrum';
import type { Mask, Pixels, RunControl, SegmentOptions, SegmentResult } from './types';

function maskKey(mask: Mask): string {
  if (!mask) return 'all';
  // FNV-1a: a cheap fingerprint; a collision would only cost a needless reuse check below.
  let h = 0x811c9dc5;
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    const b = mask[i] ? 1 : 0;
    count += b;
    h = Math.imul(h ^ (b + (i & 0xff)), 0x01000193);
  }
  return `${mask.length}:${count}:${h >>> 0}`;
}

function graphKey(options: SegmentOptions): string {
  const { beta, eps, scale, connectivity, gray, maxPixels, tol, maxIterations, seed, solver, coarsestNodes, coarsening } = options;
  return JSON.stringify([beta ?? 1, eps ?? 0, scale ?? null, connectivity ?? 4, !!gray, maxPixels ?? null, tol ?? null, maxIterations ?? null, seed ?? 0, solver ?? 'auto', coarsestNodes ?? null, coarsening ?? null]);
}

function prefix(s: Spectrum, count: number): Spectrum {
  return { ...s, values: s.values.slice(0, count), residuals: s.residuals.slice(0, count), owner: s.owner.slice(0, count) };
}

export class Segmenter {
  /** Whether a request would be served from the stored eigenpairs (no eigensolver run). */
  wouldReuse(pixels: Pixels, mask: Mask, options: SegmentOptions): boolean {
    const entry = this.cache;
    if (!entry?.spectrum || entry.pixels !== pixels || entry.key !== `${maskKey(mask)}|${graphKey(options)}`) return false;
    return eigenpairsNeeded(entry.prepared, options) <= entry.spectrum.values.length;
  }

  private cache: { pixels: Pixels; key: string; mask: Uint8Array | null; prepared: PreparedGraph; spectrum: Spectrum | null; eigenSeconds: number } | null = null;

  async segment(pixels: Pixels, mask: Mask, options: SegmentOptions, control: RunControl = {}): Promise<SegmentResult & { reusedSpectrum: boolean }> {
    const pacer = new Pacer(control.signal);
    pacer.check();
    const key = `${maskKey(mask)}|${graphKey(options)}`;
    let entry = this.cache;
    const sameMask = entry && (entry.mask === null ? mask === null : mask !== null && entry.mask.length === mask.length && entry.mask.every((b, i) => (b !== 0) === (mask[i] !== 0)));
    if (!entry || entry.pixels !== pixels || entry.key !== key || !sameMask) {
      control.onProgress?.({ stage: 'graph', fraction: 0 });
      // The graph stage is the first tenth of the bar. A whole frame that turns out to be in pieces
      // is built again the general way, whose shares start lower: the bar waits rather than going back.
      let shown = 0;
      const prepared = await paceSteps(prepareGraphSteps(pixels, mask, options, control.parallel), pacer, (share) => {
        shown = Math.max(shown, share);
        control.onProgress?.({ stage: 'graph', fraction: 0.1 * shown });
      });
      entry = { pixels, key, mask: mask ? mask.slice() : null, prepared, spectrum: null, eigenSeconds: 0 };
      this.cache = entry;
      await pacer.tick();
    }
    const needed = eigenpairsNeeded(entry.prepared, options);
    let reusedSpectrum = true;
    if (!entry.spectrum || entry.spectrum.values.length < needed) {
      reusedSpectrum = false;
      const t = now();
      entry.spectrum = await computeSpectrum(entry.prepared, needed, options, control, pacer);
      entry.eigenSeconds = (now() - t) / 1000;
    }
    control.onProgress?.({ stage: 'assign', fraction: 0.9 });
    const steps = assignSteps(entry.prepared, prefix(entry.spectrum, needed), options, { eigen: reusedSpectrum ? 0 : entry.eigenSeconds });
    const result = await paceSteps(steps, pacer, (share) => control.onProgress?.({ stage: 'assign', fraction: 0.9 + 0.1 * share }));
    control.onProgress?.({ stage: 'done', fraction: 1 });
    return { ...result, reusedSpectrum };
  }
}

/** Segment an image: labels 0 outside the mask, 1..k inside. (A Segmenter used once.) */
export async function segment(pixels: Pixels, mask: Mask, options: SegmentOptions, control: RunControl = {}): Promise<SegmentResult> {
  const { reusedSpectrum: _, ...result } = await new Segmenter().segment(pixels, mask, options, control);
  return result;
}
