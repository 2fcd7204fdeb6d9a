import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, normalizedCut, prepareGraph, segment, Segmenter } from '../../src-main/engine/index';
import type { AssignMethod, Pixels } from '../../src-main/engine/index';
import { loadCase } from './reference';

function insideLabels(labels: Int32Array, mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = 0; p < mask.length; p++) if (mask[p]) out.push(labels[p]);
  return out;
}

function circles(name: string) {
  const c = loadCase(name);
  const pixels: Pixels = { width: c.width, height: c.height, channels: 1, bitDepth: 64, data: c.image };
  return { c, pixels, truth: insideLabels(Int32Array.from(c.truth!), c.mask!) };
}

describe('adjusted Rand index against the true circles', () => {
  const cases: Array<[string, number, number]> = [
    ['circles4', 4, 0.94],
    ['circles2', 2, 0.98],
  ];
  for (const [name, k, floor] of cases) {
    for (const assign of ['kmeans', 'discretize', 'cluster_qr'] as AssignMethod[]) {
      it(`${name} with ${assign} scores at least ${floor}`, async () => {
        const { c, pixels, truth } = circles(name);
        const r = await segment(pixels, c.mask, { clusters: k, scale: c.std, assign });
        expect(r.clusters).toBe(k);
        expect(new Set(insideLabels(r.labels, c.mask!))).toEqual(new Set(Array.from({ length: k }, (_, i) => i + 1)));
        for (let p = 0; p < c.mask!.length; p++) if (!c.mask![p]) expect(r.labels[p]).toBe(0);
        expect(adjustedRandIndex(truth, insideLabels(r.labels, c.mask!))).toBeGreaterThanOrEqual(floor);
      });
    }
  }
});

describe('the result', () => {
  it('is identical for the same input and seed', async () => {
    const { c, pixels } = circles('circles4');
    const a = await segment(pixels, c.mask, { clusters: 4, seed: 5 });
    const b = await segment(pixels, c.mask, { clusters: 4, seed: 5 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.eigenvalues).toEqual(a.eigenvalues);
  });

  it('warns when the regions asked for average fewer than 50 pixels, and only then', async () => {
    const { c, pixels } = circles('circles2');
    // 1372 masked pixels: 27 regions average 50.8 pixels, 28 regions 49.
    const fine = await segment(pixels, c.mask, { clusters: 27, scale: c.std });
    expect(fine.warnings.join(' ')).not.toMatch(/regions for/);
    const many = await segment(pixels, c.mask, { clusters: 28, scale: c.std });
    expect(many.warnings).toContain('28 regions for 1372 pixels: about 49 pixels each, too few for regions to follow the image; ask for fewer regions, or paint a larger area.');
    expect(new Set(insideLabels(many.labels, c.mask!)).size).toBe(28);
  });

  it('reports the normalized cut of its labels, eigenvalues, stage times and iterations', async () => {
    const { c, pixels } = circles('circles2');
    const r = await segment(pixels, c.mask, { clusters: 2, scale: c.std });
    expect(r.maskedPixels).toBe(1372);
    expect(r.eigenvalues).toHaveLength(2);
    expect(r.iterations).toBeGreaterThan(0);
    expect(r.seconds.total).toBeGreaterThan(0);
    // An independent check of ncut on a 3-node path: cut {0} | {1, 2} with weights 2 and 1.
    const w = { rows: 3, indptr: Int32Array.from([0, 1, 3, 4]), indices: Int32Array.from([1, 0, 2, 1]), data: Float64Array.from([2, 2, 1, 1]) };
    expect(normalizedCut(w, Int32Array.from([0, 1, 1]))).toBeCloseTo(2 / 2 + 2 / 4, 15);
    // Two circles weakly joined: the cut found is small but positive.
    expect(r.ncut).toBeGreaterThan(0);
    expect(r.ncut).toBeLessThan(0.05);
  });

  it('picks k from the eigengap with clusters: auto', async () => {
    const { c, pixels } = circles('circles4');
    const r = await segment(pixels, c.mask, { clusters: 'auto', scale: c.std, maxClusters: 8 });
    expect(r.auto!.gaps).toHaveLength(8);
    expect(r.auto!.chosen).toBe(r.clusters);
    const best = r.auto!.gaps.slice(1).reduce((bi, g, i, all) => (g > all[bi] ? i : bi), 0) + 2;
    expect(r.auto!.chosen).toBe(best);
  });

  it('segments a downscaled copy above maxPixels and returns full-size labels', async () => {
    const { c, pixels } = circles('circles4');
    const r = await segment(pixels, c.mask, { clusters: 4, scale: c.std, maxPixels: 2500 });
    expect(r.scale).toBe(2);
    expect(r.labels).toHaveLength(10000);
    const inside = insideLabels(r.labels, c.mask!);
    expect(inside.every((l) => l >= 1 && l <= 4)).toBe(true);
    expect(adjustedRandIndex(insideLabels(Int32Array.from(c.truth!), c.mask!), inside)).toBeGreaterThan(0.85);
  });

  it('returns eigenvector images on request, zero outside the mask', async () => {
    const { c, pixels } = circles('circles2');
    const r = await segment(pixels, c.mask, { clusters: 2, eigenvectorImages: 2 });
    expect(r.eigenvectorImages).toHaveLength(2);
    const v = r.eigenvectorImages![1];
    expect(v).toHaveLength(10000);
    for (let p = 0; p < 10000; p++) if (!c.mask![p]) expect(v[p]).toBe(0);
    expect(Array.from(v).some((x) => x > 0) && Array.from(v).some((x) => x < 0)).toBe(true);
  });
});

describe('awkward masks', () => {
  // Three bright blocks on a dark ground; the mask takes the blocks only, so it is in three pieces.
  const width = 30;
  const height = 10;
  const data = new Float64Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let y = 1; y < 9; y++)
    for (let x = 0; x < width; x++) {
      const inBlock = x % 10 >= 1 && x % 10 <= 8;
      if (inBlock) {
        mask[y * width + x] = 1;
        data[y * width + x] = [100, 200, 105][Math.floor(x / 10)] + (x % 10 < 5 ? 0 : 40) + ((x * 7 + y * 3) % 5);
      }
    }
  const pixels: Pixels = { width, height, channels: 1, bitDepth: 64, data };
  const pieceOf = (p: number) => Math.floor((p % width) / 10);

  it('keeps each piece whole and apart when k equals the number of pieces', async () => {
    const r = await segment(pixels, mask, { clusters: 3 });
    const byPiece = [new Set<number>(), new Set<number>(), new Set<number>()];
    for (let p = 0; p < mask.length; p++) if (mask[p]) byPiece[pieceOf(p)].add(r.labels[p]);
    expect(byPiece.map((s) => s.size)).toEqual([1, 1, 1]);
    expect(new Set(byPiece.map((s) => [...s][0])).size).toBe(3);
    expect(r.ncut).toBe(0);
    expect(r.eigenvalues.slice(0, 3).every((v) => Math.abs(v) < 1e-12)).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/3 separate pieces/);
  });

  it('never lets a region span two pieces when k exceeds the pieces', async () => {
    const r = await segment(pixels, mask, { clusters: 6 });
    expect(r.clusters).toBe(6);
    const pieceOfLabel = new Map<number, number>();
    for (let p = 0; p < mask.length; p++) {
      if (!mask[p]) continue;
      const seen = pieceOfLabel.get(r.labels[p]);
      if (seen !== undefined) expect(seen).toBe(pieceOf(p));
      pieceOfLabel.set(r.labels[p], pieceOf(p));
    }
  });

  it('still makes k groups when pieces have the same colour', async () => {
    const same = new Float64Array(data.length);
    for (let p = 0; p < data.length; p++) same[p] = mask[p] ? 50 : 0;
    const r = await segment({ ...pixels, data: same }, mask, { clusters: 2 });
    expect(r.clusters).toBe(2);
  });

  it('groups whole pieces when there are fewer clusters than pieces', async () => {
    const r = await segment(pixels, mask, { clusters: 2 });
    expect(r.clusters).toBe(2);
    const labelOfPiece = [0, 1, 2].map((piece) => r.labels[width + piece * 10 + 1]);
    for (let p = 0; p < mask.length; p++) if (mask[p]) expect(r.labels[p]).toBe(labelOfPiece[pieceOf(p)]);
    // The two blocks of similar brightness (100 and 105) share a label; the bright one (200) has its own.
    expect(labelOfPiece[0]).toBe(labelOfPiece[2]);
    expect(labelOfPiece[1]).not.toBe(labelOfPiece[0]);
    // In the app's words: regions, not clusters.
    expect(r.warnings).toContain('The mask has 3 separate pieces, more than the 2 regions asked for, so pieces of similar colour were grouped into each region (a piece is never split).');
  });

  it('gives an isolated mask pixel the label of the nearest region, with a warning', async () => {
    const m = mask.slice();
    m[0] = 1; // a speck in the corner, touching no block
    const r = await segment(pixels, m, { clusters: 3 });
    expect(r.labels[0]).toBe(r.labels[1 * width + 1]);
    expect(r.clusters).toBe(3);
    expect(r.warnings.join(' ')).toMatch(/tiny piece/);
    expect(Number.isNaN(r.ncut)).toBe(false);
  });
});

describe('Auto on a mask in more pieces than it looks at', () => {
  // side x side squares of 6x6 pixels, 2 apart, each a shade of its own with a little texture:
  // the mask is in side^2 pieces, each too large to be a speck.
  function squares(side: number) {
    const width = side * 8;
    const data = new Float64Array(width * width);
    const mask = new Uint8Array(width * width);
    const pieceAt = new Int32Array(width * width).fill(-1);
    for (let y = 0; y < width; y++)
      for (let x = 0; x < width; x++) {
        if (x % 8 >= 6 || y % 8 >= 6) continue;
        const piece = Math.floor(y / 8) * side + Math.floor(x / 8);
        const p = y * width + x;
        mask[p] = 1;
        pieceAt[p] = piece;
        data[p] = 10 + 3 * piece + ((x * 7 + y * 3) % 5) / 10;
      }
    return { pixels: { width, height: width, channels: 1, bitDepth: 64, data } as Pixels, mask, pieceAt };
  }
  // Labels inside each piece, and which piece each label covers.
  function labelsByPiece(labels: Int32Array, pieceAt: Int32Array, pieces: number) {
    const byPiece = Array.from({ length: pieces }, () => new Set<number>());
    for (let p = 0; p < labels.length; p++) if (pieceAt[p] >= 0) byPiece[pieceAt[p]].add(labels[p]);
    return byPiece;
  }

  it('chooses one region per piece (16 pieces, Auto looks at up to 10): before, every gap was rounding noise and it chose 2', async () => {
    const { pixels, mask, pieceAt } = squares(4);
    const r = await segment(pixels, mask, { clusters: 'auto' });
    expect(r.auto!.onePerPiece).toEqual({ pieces: 16 });
    expect(r.auto!.chosen).toBe(16);
    expect(r.clusters).toBe(16);
    const byPiece = labelsByPiece(r.labels, pieceAt, 16);
    expect(byPiece.map((s) => s.size)).toEqual(Array(16).fill(1));
    expect(new Set(byPiece.map((s) => [...s][0])).size).toBe(16);
    expect(r.ncut).toBe(0);
    expect(r.warnings).toContain('The mask has 16 separate pieces: each is one region.');
  });

  it('keeps the eigengap choice when the pieces fit in what Auto looks at', async () => {
    const { pixels, mask } = squares(3);
    const r = await segment(pixels, mask, { clusters: 'auto', maxClusters: 10 });
    expect(r.auto!.onePerPiece).toBeUndefined();
    // Nine zero eigenvalues, then the first gap worth the name.
    expect(r.auto!.chosen).toBeGreaterThanOrEqual(9);
  });

  it('groups the pieces by colour past 64 of them (81 pieces)', async () => {
    const { pixels, mask, pieceAt } = squares(9);
    const r = await segment(pixels, mask, { clusters: 'auto' });
    expect(r.auto!.onePerPiece).toEqual({ pieces: 81 });
    expect(r.clusters).toBe(64);
    // Whole pieces, never one split.
    expect(labelsByPiece(r.labels, pieceAt, 81).every((s) => s.size === 1)).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/81 separate pieces, more than the 64 regions Auto picks at most, so pieces of similar colour were grouped into each region/);
  });
});

describe('Segmenter', () => {
  it('reuses the eigenvectors when only k changes', async () => {
    const { c, pixels } = circles('circles4');
    const s = new Segmenter();
    const four = await s.segment(pixels, c.mask, { clusters: 4, scale: c.std });
    const three = await s.segment(pixels, c.mask, { clusters: 3, scale: c.std });
    expect(four.reusedSpectrum).toBe(false);
    expect(three.reusedSpectrum).toBe(true);
    expect(three.eigenvalues).toEqual(four.eigenvalues.slice(0, 3));
    expect(three.clusters).toBe(3);
    const fresh = await segment(pixels, c.mask, { clusters: 3, scale: c.std });
    expect(adjustedRandIndex(insideLabels(fresh.labels, c.mask!), insideLabels(three.labels, c.mask!))).toBeGreaterThan(0.99);
    const five = await s.segment(pixels, c.mask, { clusters: 5, scale: c.std });
    expect(five.reusedSpectrum).toBe(false);
    const otherMask = c.mask!.slice();
    otherMask[otherMask.indexOf(1)] = 0;
    expect((await s.segment(pixels, otherMask, { clusters: 3, scale: c.std })).reusedSpectrum).toBe(false);
  });
});

describe('a mask over every pixel', () => {
  it('is treated as no mask: the whole-frame path, and the same result to the last bit', async () => {
    // 150 x 100 colour (15,000 pixels: the multilevel solver's whole-frame path) with two halves and texture.
    const w = 150;
    const h = 100;
    const data = new Uint8Array(w * h * 3);
    for (let p = 0; p < w * h; p++) {
      const t = (p * 2654435761) >>> 27;
      const left = p % w < 70;
      data.set([left ? 200 + t : 40 + t, left ? 60 : 150 + t, 90 + t], 3 * p);
    }
    const pixels: Pixels = { width: w, height: h, channels: 3, bitDepth: 8, data };
    const full = new Uint8Array(w * h).fill(1);
    expect(prepareGraph(pixels, full, { clusters: 3 })).toMatchObject({ mask: null, affinity: { weights: null } });
    const none = await segment(pixels, null, { clusters: 3, eigenvectorImages: 2 });
    const masked = await segment(pixels, full, { clusters: 3, eigenvectorImages: 2 });
    expect(masked.labels).toEqual(none.labels);
    expect(masked.ncut).toBe(none.ncut);
    expect(masked.eigenvalues).toEqual(none.eigenvalues);
    expect(masked.maskedPixels).toBe(w * h);
    // A mask of the wrong size is still refused, full or not.
    await expect(segment(pixels, new Uint8Array(w * h - 1).fill(1), { clusters: 3 })).rejects.toMatchObject({ code: 'BAD_OPTION', field: 'mask' });
  });
});
