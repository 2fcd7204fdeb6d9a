import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, affinityGraph, normalizedLaplacian, segment } from '../../src-main/engine/index';
import type { Pixels } from '../../src-main/engine/index';
import { coarsen, galerkinLaplacian, multilevelEigenpairs } from '../../src-main/engine/multilevel';
import { Pacer } from '../../src-main/engine/pacer';
import { denseSpectrum } from './dense-spectrum';
import { loadCase } from './reference';
import { multiplyRows, stencilOf, stencilOfLaplacian } from '../../src-main/engine/stencil';
import { coarsenStencil } from '../../src-main/engine/stencil-coarsening';
import type { Stencil4 } from '../../src-main/engine/stencil';
import type { Csr } from '../../src-main/engine/csr';
import { csrMultiply } from '../../src-main/engine/csr';

function circles(name: string) {
  const c = loadCase(name);
  const pixels: Pixels = { width: c.width, height: c.height, channels: 1, bitDepth: 64, data: c.image };
  return { c, pixels };
}


describe('coarsening', () => {
  it('sums weights over 2x2 blocks, keeping the inside weight as a self-loop', () => {
    // A 2x2 image with one weight per edge: 0-1: 1, 0-2: 2, 1-3: 3, 2-3: 4 -> a single coarse node.
    const w = { rows: 4, indptr: Int32Array.from([0, 2, 4, 6, 8]), indices: Int32Array.from([1, 2, 0, 3, 0, 3, 1, 2]), data: Float64Array.from([1, 2, 1, 3, 2, 4, 3, 4]) };
    const c = coarsen(w, Int32Array.from([0, 1, 0, 1]), Int32Array.from([0, 0, 1, 1]));
    expect(c.w.rows).toBe(1);
    expect(Array.from(c.w.data)).toEqual([20]);
    expect(Array.from(c.parent)).toEqual([0, 0, 0, 0]);
  });

  it('gives upper bounds of the fine eigenvalues (Galerkin projection)', () => {
    const { c, pixels } = circles('circles2');
    const { weights, features } = affinityGraph(pixels, c.mask, { scale: c.std });
    const fine = c.eigenvalues; // scipy's, for the same graph
    const x = Int32Array.from(features.pixelOf, (p) => p % c.width);
    const y = Int32Array.from(features.pixelOf, (p) => Math.floor(p / c.width));
    const coarse = coarsen(weights, x, y);
    expect(coarse.w.rows).toBeLessThan(weights.rows / 3);
    const spectrum = denseSpectrum(galerkinLaplacian(coarse.w).l);
    for (let i = 0; i < 8; i++) expect(spectrum[i]).toBeGreaterThanOrEqual(fine[i] - 1e-12);
    expect(Math.abs(spectrum[0])).toBeLessThan(1e-12);
    // Coarse nodes are numbered in order of first appearance, which in-place interpolation relies on.
    expect(coarse.parent.every((p, i) => p <= i)).toBe(true);
  });
});

describe('stencil operator', () => {
  const heap = { alloc: (n: number) => new Float64Array(n), allocIndices: (n: number) => new Int32Array(n) };
  /** max |L v - S v| over the entries, for v_i = entry(i). */
  const largestDifference = (l: Csr, stencil: Stencil4, entry: (i: number) => number) => {
    const n = l.rows;
    const v = Float64Array.from({ length: n }, (_, i) => entry(i));
    const viaCsr = new Float64Array(n);
    const viaStencil = new Float64Array(n);
    csrMultiply(l, v, viaCsr);
    multiplyRows(stencil, v, viaStencil, 0, n);
    return viaCsr.reduce((worst, value, i) => Math.max(worst, Math.abs(value - viaStencil[i])), 0);
  };
  const { c, pixels } = circles('circles4');
  const xy = (pixelOf: Int32Array) => ({
    x: Int32Array.from(pixelOf, (p) => p % c.width),
    y: Int32Array.from(pixelOf, (p) => Math.floor(p / c.width)),
  });

  it('multiplies a masked 4-connected Laplacian exactly as CSR does', () => {
    const { weights, features } = affinityGraph(pixels, c.mask, { scale: c.std });
    const { laplacian, sqrtDegree } = normalizedLaplacian(weights);
    const { x, y } = xy(features.pixelOf);
    const stencil = stencilOf(weights, sqrtDegree, x, y, heap);
    expect(stencil).not.toBeNull();
    expect(largestDifference(laplacian, stencil!, (i) => Math.cos(0.013 * i * i))).toBeLessThan(1e-15);
    // The circles' mask has holes and ragged edges: rows without a neighbour above or below exist.
    expect(stencil!.width).toBe(0);
    expect(stencil!.below!.some((b, i) => b === i)).toBe(true);
  });

  it('multiplies a coarse level (self-loops on the diagonal) exactly as its CSR Laplacian does', () => {
    // The whole frame: under a mask, coarse nodes numbered by first appearance need not run in
    // row order, and such a level keeps its CSR.
    const { weights, features } = affinityGraph(pixels, null, { scale: c.std });
    const { x, y } = xy(features.pixelOf);
    const coarse = coarsen(weights, x, y);
    const { l } = galerkinLaplacian(coarse.w);
    const stencil = stencilOfLaplacian(l, coarse.x, coarse.y, heap);
    expect(stencil).not.toBeNull();
    expect(stencil!.diagonal!.some((d) => d < 1 - 1e-3)).toBe(true);
    expect(largestDifference(l, stencil!, (i) => Math.sin(0.7 * i))).toBeLessThan(1e-15);
  });

  it('coarsens stencil to stencil into the same levels as the CSR route, three levels down', () => {
    const { weights, features } = affinityGraph(pixels, null, { scale: c.std });
    let { x, y }: { x: Int32Array; y: Int32Array } = xy(features.pixelOf);
    let cw = weights;
    let sqrtDegree = normalizedLaplacian(weights).sqrtDegree;
    let stencil = stencilOf(weights, sqrtDegree, x, y, heap)!;
    // A full frame: rows of the image's width, no up/below/above arrays.
    expect([stencil.width, stencil.up, stencil.below]).toEqual([c.width, null, null]);
    for (let level = 1; level <= 3; level++) {
      const viaStencil = coarsenStencil(stencil, sqrtDegree, level === 1 ? { x, y } : null, heap);
      expect(viaStencil).not.toBeNull();
      const viaCsr = coarsen(cw, x, y);
      const { l, sqrtDegree: csrSqrtDegree } = galerkinLaplacian(viaCsr.w);
      expect(Array.from(viaStencil!.parent)).toEqual(Array.from(viaCsr.parent));
      expect(viaStencil!.l.rows).toBe(l.rows);
      viaStencil!.sqrtDegree.forEach((s, i) => expect(Math.abs(s - csrSqrtDegree[i])).toBeLessThan(1e-13 * s));
      expect(largestDifference(l, viaStencil!.l, (i) => Math.cos(0.31 * i))).toBeLessThan(1e-14);
      expect(viaStencil!.l.width).toBe(Math.ceil(stencil.width / 2));
      ({ l: stencil, sqrtDegree } = viaStencil!);
      expect(viaStencil!.coordinates).toBeNull();
      ({ x, y } = viaCsr);
      cw = viaCsr.w;
    }
    expect(stencil.rows).toBe(Math.ceil(c.width / 8) * Math.ceil(c.height / 8));
  });

  it('declines to coarsen as a stencil where masked blocks are not numbered in row order', () => {
    // Block (0,0) first appears in pixel row 1, after block (1,0) in row 0: node 0 is block (1,0).
    const width = 4;
    const mask = Uint8Array.from([0, 0, 1, 1, 1, 1, 1, 1]);
    const data = Float64Array.from([0, 0, 1, 2, 3, 4, 5, 6]);
    const { weights, features } = affinityGraph({ width, height: 2, channels: 1, bitDepth: 64, data }, mask, { scale: 1 });
    const x = Int32Array.from(features.pixelOf, (p) => p % width);
    const y = Int32Array.from(features.pixelOf, (p) => Math.floor(p / width));
    const sqrtDegree = normalizedLaplacian(weights).sqrtDegree;
    const stencil = stencilOf(weights, sqrtDegree, x, y, heap)!;
    expect(stencil).not.toBeNull();
    expect(coarsenStencil(stencil, sqrtDegree, { x, y }, heap)).toBeNull();
  });

  it('declines an 8-connected graph, which the CSR path handles', () => {
    const { weights, features } = affinityGraph(pixels, c.mask, { scale: c.std, connectivity: 8 });
    const { x, y } = xy(features.pixelOf);
    expect(stencilOf(weights, normalizedLaplacian(weights).sqrtDegree, x, y, heap)).toBeNull();
  });
});

describe('multilevel solver', () => {
  it('reports progress that never goes back, level by level, weighted by the levels\' sizes', async () => {
    const { c, pixels } = circles('circles4');
    const reports: Array<{ fraction: number; iteration?: number }> = [];
    await segment(pixels, c.mask, { clusters: 4, scale: c.std, solver: 'multilevel', coarsestNodes: 100 }, {
      onProgress: (p) => p.stage === 'eigen' && reports.push({ fraction: p.fraction, iteration: p.iteration }),
    });
    // The coarsest solve, then at least one sweep on each of several finer levels.
    expect(reports.length).toBeGreaterThanOrEqual(4);
    // The coarsest level is a small share of the work; the eigen stage spans 0.1 to 0.9.
    expect(reports[0].fraction).toBeLessThan(0.2);
    reports.slice(1).forEach((r, i) => {
      expect(r.fraction).toBeGreaterThanOrEqual(reports[i].fraction);
      expect(r.iteration!).toBeGreaterThan(reports[i].iteration!);
    });
    expect(reports.at(-1)!.fraction).toBeCloseTo(0.9, 12);
  });

  it('meets a tolerance far below its eigenvalues instead of stopping on rounding noise', async () => {
    // A smooth 40x40 image: residual estimates from ||Lx||^2 - theta^2 lose their digits below
    // about 1e-5 of ||Lx||, where the solver must measure instead.
    let state = 5;
    const noise = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const width = 40;
    const data = Float64Array.from({ length: width * width }, (_, p) => Math.sin((p % width) / 6) + Math.cos(p / width / 5) + 0.2 * noise());
    const { weights, features } = affinityGraph({ width, height: width, channels: 1, bitDepth: 64, data }, null, { beta: 1 });
    const { laplacian, sqrtDegree } = normalizedLaplacian(weights);
    const x = Int32Array.from(features.pixelOf, (p) => p % width);
    const y = Int32Array.from(features.pixelOf, (p) => Math.floor(p / width));
    const r = await multilevelEigenpairs({ weights: () => weights, stencil: null }, sqrtDegree, () => ({ x, y }), { count: 6, tol: 1e-10, maxIterations: 1e7, seed: 3, coarsestNodes: 100 }, new Pacer());
    expect(r.converged).toBe(true);
    r.vectors.forEach((v, j) => {
      const lv = new Float64Array(v.length);
      csrMultiply(laplacian, v, lv);
      expect(Math.sqrt(lv.reduce((s, value, i) => s + (value - r.values[j] * v[i]) ** 2, 0))).toBeLessThanOrEqual(1e-10);
    });
  });

  // 300: several levels; 1e6: the graph is its own coarsest level, solved by Lanczos to residuals
  // near rounding, where the residual check must measure directly rather than report 0.
  it.each([
    [300, 'strong'],
    [300, 'plain'],
    [1e6, 'strong'],
  ] as const)('reports residuals that an independent computation confirms (coarsest level of %i nodes, %s blocks)', async (coarsestNodes, coarsening) => {
    const { c, pixels } = circles('circles4');
    const { weights, features } = affinityGraph(pixels, c.mask, { scale: c.std });
    const { sqrtDegree } = normalizedLaplacian(weights);
    const x = Int32Array.from(features.pixelOf, (p) => p % c.width);
    const y = Int32Array.from(features.pixelOf, (p) => Math.floor(p / c.width));
    const r = await multilevelEigenpairs({ weights: () => weights, stencil: null }, sqrtDegree, () => ({ x, y }), { count: 4, tol: 1e-6, maxIterations: 50_000, seed: 0, coarsestNodes, coarsening }, new Pacer());
    expect(r.converged).toBe(true);
    // Recompute L v from the weights directly: (L v)_i = v_i - sum_j w_ij v_j / sqrt(d_i d_j).
    const n = weights.rows;
    const degree = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let p = weights.indptr[i]; p < weights.indptr[i + 1]; p++) degree[i] += weights.data[p];
    r.vectors.forEach((v, k) => {
      let res = 0;
      let norm = 0;
      for (let i = 0; i < n; i++) {
        let s = v[i];
        for (let p = weights.indptr[i]; p < weights.indptr[i + 1]; p++) s -= (weights.data[p] * v[weights.indices[p]]) / Math.sqrt(degree[i] * degree[weights.indices[p]]);
        res += (s - r.values[k] * v[i]) ** 2;
        norm += v[i] * v[i];
      }
      expect(norm).toBeCloseTo(1, 10);
      expect(Math.sqrt(res)).toBeCloseTo(r.residuals[k], 10);
      expect(r.residuals[k]).toBeLessThanOrEqual(1e-6);
      expect(r.residuals[k]).toBeGreaterThan(0);
    });
  });

  for (const [name, k, coarsening] of [['circles4', 4, 'strong'], ['circles2', 2, 'strong'], ['circles4', 4, 'plain'], ['circles2', 2, 'plain']] as const) {
    it(`agrees with the exact mode on ${name} (${coarsening} blocks): ARI >= 0.99, eigenvalues within the residuals`, async () => {
      const { c, pixels } = circles(name);
      const exact = await segment(pixels, c.mask, { clusters: k, scale: c.std, solver: 'exact' });
      const multi = await segment(pixels, c.mask, { clusters: k, scale: c.std, solver: 'multilevel', tol: 1e-4, coarsestNodes: 300, coarsening });
      const inside = (labels: Int32Array) => Array.from(labels).filter((_, p) => c.mask![p]);
      expect(adjustedRandIndex(inside(exact.labels), inside(multi.labels))).toBeGreaterThanOrEqual(0.99);
      multi.eigenvalues.forEach((v, i) => {
        expect(multi.residuals[i]).toBeLessThanOrEqual(1e-4);
        expect(Math.abs(v - c.eigenvalues[i])).toBeLessThanOrEqual(multi.residuals[i] + 1e-12);
      });
    });
  }
});
