import { describe, expect, it } from 'vitest';
import { affinityGraph, imgToGraph, normalizedLaplacian } from '../../src-main/engine/index';
import { csrGet } from '../../src-main/engine/csr';
import { entryStd } from '../../src-main/engine/graph';
import { loadCase, reference } from './reference';

describe('img_to_graph', () => {
  it('reproduces every stored entry of scikit-learn on tiny_graph', () => {
    const tiny = reference.cases.tiny_graph;
    const image = Float64Array.from(tiny.image.flat());
    const mask = Uint8Array.from(tiny.mask.flat());
    const g = imgToGraph(image, 3, 2, mask);
    const ours: Array<[number, number, number]> = [];
    for (let i = 0; i < g.rows; i++) for (let p = g.indptr[i]; p < g.indptr[i + 1]; p++) ours.push([i, g.indices[p], g.data[p]]);
    expect(ours).toEqual(tiny.entries);
  });

  it('has scikit-learn entry count and standard deviation on the circles', () => {
    for (const name of ['circles4', 'circles2']) {
      const c = loadCase(name);
      const g = imgToGraph(c.image, c.width, c.height, c.mask);
      expect(g.indptr[g.rows]).toBe(reference.cases[name].graph_nnz_including_diagonal);
      expect(g.rows).toBe(reference.cases[name].masked_pixels);
      expect(entryStd(g.data)).toBeCloseTo(c.std, 12);
    }
  });
});

describe('affinity graph', () => {
  const pixels = (data: number[], width: number, height: number, channels: 1 | 3 = 1) => ({ width, height, channels, bitDepth: 64, data: Float64Array.from(data) });

  it('weights exp(-beta d / scale) + eps, with the std of the edge differences as default scale', () => {
    const { weights, scale } = affinityGraph(pixels([0, 1, 3], 3, 1), null, { beta: 2, eps: 0.5 });
    expect(scale).toBeCloseTo(0.5, 15); // differences 1 and 2, each stored twice: std 0.5
    expect(csrGet(weights, 0, 1)).toBeCloseTo(Math.exp(-2 * 1 / 0.5) + 0.5, 15);
    expect(csrGet(weights, 2, 1)).toBeCloseTo(Math.exp(-2 * 2 / 0.5) + 0.5, 15);
    expect(csrGet(weights, 0, 2)).toBe(0);
  });

  it('uses the Euclidean colour distance for colour images, luma with gray', () => {
    const rgb = pixels([0, 0, 0, 3, 4, 0], 2, 1, 3);
    const colour = affinityGraph(rgb, null, { scale: 1 });
    expect(csrGet(colour.weights, 0, 1)).toBeCloseTo(Math.exp(-5), 15);
    const gray = affinityGraph(rgb, null, { scale: 1, gray: true });
    expect(csrGet(gray.weights, 0, 1)).toBeCloseTo(Math.exp(-(0.2125 * 3 + 0.7154 * 4)), 12);
  });

  it('8-connectivity adds the diagonal neighbours', () => {
    const four = affinityGraph(pixels([1, 2, 3, 4], 2, 2), null, {});
    const eight = affinityGraph(pixels([1, 2, 3, 4], 2, 2), null, { connectivity: 8 });
    expect(four.weights.indptr[4]).toBe(8);
    expect(eight.weights.indptr[4]).toBe(12);
    expect(csrGet(eight.weights, 0, 3)).toBeGreaterThan(0);
  });

  it('gives uniform weights, not NaN, for a constant image', () => {
    const { weights, scale } = affinityGraph(pixels(new Array(16).fill(7), 4, 4), null, {});
    expect(scale).toBe(1);
    expect(Array.from(weights.data).every((w) => w === 1)).toBe(true);
  });

  it('computes in floating point whatever the input type', () => {
    const u8 = affinityGraph({ width: 3, height: 1, channels: 1, bitDepth: 8, data: Uint8Array.from([0, 255, 10]) }, null, { scale: 100 });
    expect(csrGet(u8.weights, 1, 2)).toBeCloseTo(Math.exp(-2.45), 15); // 255 - 10 must not wrap around
    const u16 = affinityGraph({ width: 3, height: 1, channels: 1, bitDepth: 16, data: Uint16Array.from([0, 65535, 10]) }, null, {});
    const f = affinityGraph(pixels([0, 65535, 10], 3, 1), null, {});
    expect(Array.from(u16.weights.data)).toEqual(Array.from(f.weights.data));
  });
});

describe('normalized Laplacian', () => {
  it('is I - D^-1/2 W D^-1/2 with self-loops ignored and isolated nodes zero (scipy)', () => {
    // Node 0 - node 1 with weight 2, node 1 - node 2 with weight 1, a self-loop on 0, node 3 isolated.
    const w = { rows: 4, indptr: Int32Array.from([0, 2, 4, 5, 5]), indices: Int32Array.from([0, 1, 0, 2, 1]), data: Float64Array.from([5, 2, 2, 1, 1]) };
    const { laplacian, degree } = normalizedLaplacian(w);
    expect(Array.from(degree)).toEqual([2, 3, 1, 0]);
    expect(csrGet(laplacian, 0, 0)).toBe(1);
    expect(csrGet(laplacian, 0, 1)).toBeCloseTo(-2 / Math.sqrt(6), 15);
    expect(csrGet(laplacian, 1, 2)).toBeCloseTo(-1 / Math.sqrt(3), 15);
    expect(csrGet(laplacian, 3, 3)).toBe(0);
  });
});
