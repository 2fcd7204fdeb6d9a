import { describe, expect, it } from 'vitest';
import { affinityGraph, normalizedLaplacian } from '../../src-main/engine/index';
import { aggregateWeights, strongBlocks } from '../../src-main/engine/aggregation';
import { coarsen, galerkinLaplacian } from '../../src-main/engine/multilevel';
import { denseSpectrum } from './dense-spectrum';
import { grid } from './grid-graph';
import type { Csr } from '../../src-main/engine/csr';

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);


describe('strong blocks', () => {
  it('split a 2x2 block where an image edge runs through it and keep the others whole', () => {
    // 4x4 pixels; the edges between columns 0 and 1 are weak: the left column of blocks splits.
    const width = 4;
    const { w, x, y } = grid(width, 4, (i, j) => (Math.min(i % width, j % width) === 0 && i % width !== j % width ? 0.01 : 1));
    const a = strongBlocks(w, x, y);
    expect(a.count).toBe(6);
    expect(Array.from(a.parent)).toEqual([0, 1, 2, 2, 0, 1, 2, 2, 3, 4, 5, 5, 3, 4, 5, 5]);
    expect(Array.from(a.x)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(Array.from(a.y)).toEqual([0, 0, 0, 1, 1, 1]);
    // Galerkin: every weight is kept, inside an aggregate as its self-loop.
    const c = aggregateWeights(w, a.parent, a.count);
    expect(c.rows).toBe(6);
    expect(sum(c.data)).toBeCloseTo(sum(w.data), 12);
    // Aggregate 0 (x = 0, y = 0..1) holds one strong vertical edge, counted from both ends: 2.
    expect(c.indices.subarray(c.indptr[0], c.indptr[1])).toContain(0);
    expect(c.data[c.indptr[0] + Array.from(c.indices.subarray(c.indptr[0], c.indptr[1])).indexOf(0)]).toBe(2);
  });

  it('are plain blocks where no edge is weak', () => {
    const { w, x, y } = grid(6, 5, (i, j) => 1 + 0.5 * Math.sin(i + 2 * j));
    const a = strongBlocks(w, x, y);
    const plain = coarsen(w, x, y);
    expect(Array.from(a.parent)).toEqual(Array.from(plain.parent));
    expect(Array.from(aggregateWeights(w, a.parent, a.count).data)).toEqual(Array.from(plain.w.data));
  });

  it('join a node whose edges are all weak to the neighbour it is most tied to, relative to its own strongest edge', () => {
    // Pixel 0 of a 2x2 image: weights 0.01 to the right and 0.02 down; the rest 1. Against the
    // weaker end (0.02) both of its edges are strong, so the block stays one aggregate.
    const { w, x, y } = grid(2, 2, (i, j) => (i === 0 ? (j === 1 ? 0.01 : 0.02) : 1));
    expect(Array.from(strongBlocks(w, x, y).parent)).toEqual([0, 0, 0, 0]);
    // With 0.001 to the right it is still tied to the pixel below; the right edge alone is weak.
    const weak = grid(2, 2, (i, j) => (i === 0 ? (j === 1 ? 0.001 : 0.02) : 1));
    expect(Array.from(strongBlocks(weak.w, weak.x, weak.y).parent)).toEqual([0, 0, 0, 0]);
  });

  it('never put together nodes of a block that no edge inside it joins', () => {
    // Mask pixels (0,0), (1,1) and (2,1): the first two share a block but only touch diagonally.
    const w: Csr = { rows: 3, indptr: Int32Array.from([0, 0, 1, 2]), indices: Int32Array.from([2, 1]), data: Float64Array.from([1, 1]) };
    const a = strongBlocks(w, Int32Array.from([0, 1, 2]), Int32Array.from([0, 1, 1]));
    expect(Array.from(a.parent)).toEqual([0, 1, 2]);
  });

  it('give Galerkin bounds between the fine eigenvalues and those of plain blocks', () => {
    // A bright disc on a dark ground, with a little noise: its rim runs through many blocks.
    const size = 24;
    let state = 7;
    const noise = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    const data = Float64Array.from({ length: size * size }, (_, p) => (Math.hypot((p % size) - 11.5, Math.floor(p / size) - 11.8) < 7.3 ? 1 : 0) + 0.05 * noise());
    const { weights } = affinityGraph({ width: size, height: size, channels: 1, bitDepth: 64, data }, null, {});
    const x = Int32Array.from({ length: size * size }, (_, i) => i % size);
    const y = Int32Array.from({ length: size * size }, (_, i) => Math.floor(i / size));
    const a = strongBlocks(weights, x, y);
    expect(a.parent.every((p, i) => p <= i)).toBe(true);
    const fine = denseSpectrum(normalizedLaplacian(weights).laplacian);
    const strong = denseSpectrum(galerkinLaplacian(aggregateWeights(weights, a.parent, a.count)).l);
    const plain = denseSpectrum(galerkinLaplacian(coarsen(weights, x, y).w).l);
    expect(plain.length).toBe(144);
    expect(a.count).toBeGreaterThan(144);
    expect(a.count).toBeLessThan(200);
    // Strong aggregates refine plain blocks, so their space holds the plain one (Courant-Fischer).
    for (let i = 0; i < 8; i++) {
      expect(strong[i]).toBeGreaterThanOrEqual(fine[i] - 1e-12);
      expect(strong[i]).toBeLessThanOrEqual(plain[i] + 1e-12);
    }
    // The disc's own eigenvector jumps at the rim, which strong blocks follow: 3 % above the fine
    // eigenvalue where plain blocks are 6 times it.
    expect(strong[1] - fine[1]).toBeLessThan(0.05 * fine[1]);
    expect(plain[1]).toBeGreaterThan(5 * fine[1]);
  });
});
