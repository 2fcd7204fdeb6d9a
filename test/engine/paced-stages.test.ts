import { describe, expect, it } from 'vitest';
import { Pacer, paceSteps, runSteps, within } from '../../src-main/engine/pacer';
import type { Steps } from '../../src-main/engine/pacer';
import { Segmenter, segment } from '../../src-main/engine/index';
import type { Pixels, Progress } from '../../src-main/engine/index';

function* counting(shares: number[], result: string): Steps<string> {
  for (const s of shares) yield s;
  return result;
}

/** A 160x120 colour frame (19,200 pixels: the multilevel solver's full-frame path) of three bands with texture. */
function bands(): Pixels {
  const w = 160;
  const h = 120;
  const data = new Uint8Array(w * h * 3);
  for (let p = 0; p < w * h; p++) {
    const x = p % w;
    const band = x < 50 ? 0 : x < 110 ? 1 : 2;
    const t = (p * 2654435761) >>> 28;
    data.set([band === 0 ? 200 : 30 + t, band === 1 ? 180 : 40 + t, band === 2 ? 220 : 20 + t], 3 * p);
  }
  return { width: w, height: h, channels: 3, bitDepth: 8, data };
}

describe('steps: one computation run at once or paced', () => {
  it('runSteps returns the result; within maps shares into a part of the whole', () => {
    expect(runSteps(counting([0.5, 1], 'done'))).toBe('done');
    const seen: number[] = [];
    const steps = within(counting([0, 0.5, 1], 'x'), 0.2, 0.6);
    for (let r = steps.next(); !r.done; r = steps.next()) seen.push(r.value);
    expect(seen).toEqual([0.2, 0.4, 0.6]);
  });

  it('paceSteps reports each share and stops at the first step after a cancel', async () => {
    const controller = new AbortController();
    const shares: number[] = [];
    const run = paceSteps(counting([0.25, 0.5, 0.75], 'never'), new Pacer(controller.signal), (s) => {
      shares.push(s);
      if (s === 0.5) controller.abort();
    });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(shares).toEqual([0.25, 0.5]);
  });
});

describe('segmentation: the graph and assign stages report progress and stop on cancel', () => {
  it('progress moves inside the graph stage (0 to 0.1) and the assign stage (0.9 to 1), never backwards', async () => {
    const reports: Progress[] = [];
    const r = await segment(bands(), null, { clusters: 3 }, { onProgress: (p) => reports.push({ ...p }) });
    expect(r.clusters).toBe(3);
    const graph = reports.filter((p) => p.stage === 'graph').map((p) => p.fraction);
    const assign = reports.filter((p) => p.stage === 'assign').map((p) => p.fraction);
    // Graph: the start, the frame's passes (distances, mean, spread, weights, degrees, connectivity).
    expect(graph.length).toBeGreaterThanOrEqual(6);
    expect(graph[0]).toBe(0);
    expect(Math.max(...graph)).toBeLessThanOrEqual(0.1);
    // Assign: the start, one report per k-means restart (10), then the passes over the pixels.
    expect(assign.length).toBeGreaterThanOrEqual(12);
    expect(assign[0]).toBe(0.9);
    expect(Math.max(...assign)).toBeLessThanOrEqual(1);
    const all = reports.map((p) => p.fraction);
    for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThanOrEqual(all[i - 1]);
  });

  it('a whole frame that falls apart is built again the general way, and the bar does not go back', async () => {
    // At beta 200 the weights across the bands' borders underflow to 0 (those inside do not): the frame path declines.
    const reports: number[] = [];
    const r = await segment(bands(), null, { clusters: 3, beta: 200 }, { onProgress: (p) => p.stage === 'graph' && reports.push(p.fraction) });
    expect(r.clusters).toBe(3);
    expect(r.warnings.some((w) => w.startsWith('The pixel graph is in'))).toBe(true);
    expect(reports.length).toBeGreaterThan(8);
    for (let i = 1; i < reports.length; i++) expect(reports[i]).toBeGreaterThanOrEqual(reports[i - 1]);
  });

  it('a cancel during the graph stage stops it there: the eigensolver never starts', async () => {
    const controller = new AbortController();
    const stages: string[] = [];
    const run = segment(bands(), null, { clusters: 3 }, {
      signal: controller.signal,
      onProgress: (p) => {
        stages.push(p.stage);
        if (p.stage === 'graph' && p.fraction > 0.03) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(new Set(stages)).toEqual(new Set(['graph']));
  });

  it('a cancel during the assign stage gives no result, and the solved eigenpairs are kept for the next run', async () => {
    const pixels = bands();
    const segmenter = new Segmenter();
    const controller = new AbortController();
    let assignReports = 0;
    const run = segmenter.segment(pixels, null, { clusters: 3 }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'assign' && ++assignReports === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(assignReports).toBe(3);
    const again = await segmenter.segment(pixels, null, { clusters: 3 });
    expect(again.reusedSpectrum).toBe(true);
    expect(again).toMatchObject({ clusters: 3, seconds: { eigen: 0 } });
    // The same labels as a run that was never cancelled.
    expect(again.labels).toEqual((await segment(pixels, null, { clusters: 3 })).labels);
  });
});
