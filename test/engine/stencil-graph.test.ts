import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { affinityGraph, assignRegions, computeSpectrum, normalizedCut, normalizedLaplacian, prepareGraph, Segmenter } from '../../src-main/engine/index';
import type { Csr } from '../../src-main/engine/csr';
import { normalizedCutOfStencil } from '../../src-main/engine/ncut';
import { Pacer } from '../../src-main/engine/pacer';
import { preparedWeights } from '../../src-main/engine/segment';
import { heapMemory, pixelCoordinates, stencilLaplacian, stencilOf, stencilWeights } from '../../src-main/engine/stencil';
import { decodeImage } from '../../src-main/image-io/index';
import { frameGraph } from '../../src-main/engine/frame-graph';
import { loadCase } from './reference';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Entries of a CSR matrix as "row,col" -> value, explicit zeros left out. */
function entries(m: Csr): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < m.rows; i++) for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) if (m.data[p] !== 0) out.set(`${i},${m.indices[p]}`, m.data[p]);
  return out;
}

describe('a graph held as its stencil', () => {
  const c = loadCase('circles4');
  const pixels = { width: c.width, height: c.height, channels: 1 as const, bitDepth: 64, data: c.image };

  for (const [name, mask] of [['full frame', null], ['masked', c.mask]] as const) {
    it(`gives back the weights and the normalized cut of the CSR graph (${name})`, () => {
      const { weights, features } = affinityGraph(pixels, mask, { scale: c.std });
      const { sqrtDegree } = normalizedLaplacian(weights);
      const { x, y } = pixelCoordinates(features.pixelOf, c.width);
      const stencil = stencilOf(weights, sqrtDegree, x, y, heapMemory)!;
      expect(stencil.width).toBe(mask ? 0 : c.width);
      const original = entries(weights);
      const rebuilt = entries(stencilWeights(stencil, sqrtDegree));
      expect([...rebuilt.keys()]).toEqual([...original.keys()]);
      for (const [key, w] of original) expect(Math.abs(rebuilt.get(key)! - w)).toBeLessThanOrEqual(1e-15 * w);
      // Bands of four labels: many cut edges in both directions.
      const labels = Int32Array.from(features.pixelOf, (p) => (Math.floor(p / c.width / 7) + (p % c.width >> 4)) % 4);
      const expected = normalizedCut(weights, labels);
      expect(expected).toBeGreaterThan(0.1);
      expect(Math.abs(normalizedCutOfStencil(stencil, sqrtDegree, labels) - expected)).toBeLessThan(1e-13 * expected);
    });

    it(`gives back the normalized Laplacian itself, diagonal included (${name})`, () => {
      const { weights, features } = affinityGraph(pixels, mask, { scale: c.std });
      const { laplacian, sqrtDegree } = normalizedLaplacian(weights);
      const { x, y } = pixelCoordinates(features.pixelOf, c.width);
      const rebuilt = entries(stencilLaplacian(stencilOf(weights, sqrtDegree, x, y, heapMemory)!));
      const original = entries(laplacian);
      expect([...rebuilt.keys()]).toEqual([...original.keys()]);
      for (const [key, l] of original) expect(Math.abs(rebuilt.get(key)! - l)).toBeLessThanOrEqual(1e-15 * Math.abs(l));
    });
  }

  it.each(['plain', 'strong'] as const)('replaces the CSR weights of a whole full-frame image bound for the multilevel solver, with the same result (%s blocks)', async (coarsening) => {
    const coins = await decodeImage(fixture('coins.png'));
    const options = { clusters: 4, seed: 1, coarsening };
    const prepared = prepareGraph(coins, null, options);
    expect(prepared.stencil?.width).toBe(coins.width);
    expect(prepared.affinity.weights).toBeNull();
    // The same graph with its CSR kept, as a masked image or the exact solver would have it.
    const kept = { ...prepared, stencil: null, affinity: { ...prepared.affinity, weights: preparedWeights(prepared) } };
    expect(kept.affinity.weights.rows).toBe(coins.width * coins.height);
    const solve = async (p: typeof prepared) => {
      const spectrum = await computeSpectrum(p, 4, options, {}, new Pacer());
      return assignRegions(p, spectrum, options, { eigen: 0 });
    };
    const viaStencil = await solve(prepared);
    const viaCsr = await solve(kept);
    // The kept CSR is rebuilt from the stencil, so the two differ by rounding only.
    viaStencil.eigenvalues.forEach((value, i) => expect(Math.abs(value - viaCsr.eigenvalues[i])).toBeLessThan(1e-12));
    expect(viaStencil.eigenvalues[3]).toBeGreaterThan(1e-5);
    expect(Array.from(viaStencil.labels)).toEqual(Array.from(viaCsr.labels));
    expect(Math.abs(viaStencil.ncut - viaCsr.ncut)).toBeLessThan(1e-12 * viaCsr.ncut);
    // A masked or exact request keeps the CSR.
    expect(prepareGraph(coins, null, { ...options, solver: 'exact' }).stencil).toBeNull();
  });

  it('serves another number of clusters from the cached stencil graph', async () => {
    const coins = await decodeImage(fixture('coins.png'));
    const s = new Segmenter();
    const four = await s.segment(coins, null, { clusters: 4 });
    const three = await s.segment(coins, null, { clusters: 3 });
    expect(three.reusedSpectrum).toBe(true);
    expect(three.clusters).toBe(3);
    expect(three.ncut).toBeGreaterThan(0);
    expect(three.ncut).toBeLessThan(four.ncut);
  });
});

describe('a whole frame built straight into its stencil', () => {
  /** The stencil by the general path: CSR weights, degrees, then stencilOf. */
  const general = (pixels: Parameters<typeof affinityGraph>[0], options = {}) => {
    const { weights, features, scale } = affinityGraph(pixels, null, options);
    const { sqrtDegree } = normalizedLaplacian(weights);
    const { x, y } = pixelCoordinates(features.pixelOf, pixels.width);
    return { stencil: stencilOf(weights, sqrtDegree, x, y, heapMemory)!, sqrtDegree, scale };
  };

  for (const [name, options] of [['coins.png', {}], ['astronaut.png', {}], ['astronaut.png', { beta: 3, eps: 1e-6 }], ['chessboard_GRAY_U16.tif', { scale: 5000 }]] as const) {
    it(`holds the same numbers, bit for bit, as the CSR path (${name} ${JSON.stringify(options)})`, async () => {
      const pixels = await decodeImage(fixture(name));
      const frame = frameGraph(pixels, options, heapMemory)!;
      expect(frame).not.toBeNull();
      const expected = general(pixels, options);
      expect(frame.scale).toBe(expected.scale);
      expect(frame.stencil.width).toBe(pixels.width);
      expect(frame.sqrtDegree).toEqual(expected.sqrtDegree);
      expect(frame.stencil.right).toEqual(expected.stencil.right);
      expect(frame.stencil.down).toEqual(expected.stencil.down);
      // Not a trivial graph: weights differ across the image.
      const right = frame.stencil.right.filter((v) => v !== 0);
      expect(right.reduce((a, b) => Math.max(a, b)) - right.reduce((a, b) => Math.min(a, b))).toBeGreaterThan(0.1);
    });
  }

  it('declines what it does not cover, and prepareGraph then takes the general path', async () => {
    const coins = await decodeImage(fixture('coins.png'));
    const astronaut = await decodeImage(fixture('astronaut.png'));
    const asFloat = { ...coins, bitDepth: 64, data: Float64Array.from(coins.data) };
    expect(frameGraph(asFloat, {}, heapMemory)).toBeNull();
    expect(frameGraph(coins, { connectivity: 8 }, heapMemory)).toBeNull();
    expect(frameGraph(astronaut, { gray: true }, heapMemory)).toBeNull();
    // Two flat halves whose joining weights underflow to 0: two pieces, not one graph.
    const w = 64;
    const halves = { width: w, height: w, channels: 1 as const, bitDepth: 8, data: Uint8Array.from({ length: w * w }, (_, p) => (p % w < w / 2 ? 0 : 255)) };
    expect(frameGraph(halves, { beta: 1e6, scale: 1 }, heapMemory)).toBeNull();
    const prepared = prepareGraph(halves, null, { clusters: 2, beta: 1e6, scale: 1, solver: 'multilevel' });
    expect(prepared.totalPieces).toBe(2);
    expect(prepared.pieces.map((p) => p.length)).toEqual([w * w / 2, w * w / 2]);
    // One pixel cut off from all its neighbours: a zero degree.
    const speck = { ...halves, data: Uint8Array.from({ length: w * w }, (_, p) => (p === 5 * w + 5 ? 255 : 0)) };
    expect(frameGraph(speck, { beta: 1e6, scale: 1 }, heapMemory)).toBeNull();
    expect(prepareGraph(speck, null, { clusters: 2, beta: 1e6, scale: 1, solver: 'multilevel' }).speckNodes).toBe(1);
  });

  it('prepares the same graph for the solver as the general path would', async () => {
    const astronaut = await decodeImage(fixture('astronaut.png'));
    const prepared = prepareGraph(astronaut, null, { clusters: 8 });
    const expected = general(astronaut);
    expect(prepared.stencil!.right).toEqual(expected.stencil.right);
    expect(prepared.sqrtDegree).toEqual(expected.sqrtDegree);
    expect(prepared.pieces.length).toBe(1);
    expect(prepared.pieces[0].length).toBe(512 * 512);
    expect(prepared.affinity.features.pixelOf[1000]).toBe(1000);
    // The piece's mean colour, from the decoded bytes.
    let red = 0;
    for (let p = 0; p < 512 * 512; p++) red += astronaut.data[p * astronaut.channels];
    expect(prepared.pieceColours.means[0]).toBeCloseTo(red / (512 * 512), 9);
  });
});
