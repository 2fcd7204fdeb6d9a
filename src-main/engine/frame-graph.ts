/**
 * The pixel graph of a whole frame (no mask, 4-connectivity) built straight into the stencil of
 * its normalized Laplacian, for the multilevel solver: each edge's weight is computed once into
 * the right or down array, then the degrees, then L's entries in place. No CSR, no per-node colour
 * copy: at 12 megapixels that is 900 MB not allocated and several passes not made.
 *
 * Every number equals what affinityGraph and stencilOf compute (the same operations in the same
 * order: std over the edges in row order, degrees summed up, left, right, down), so a result does
 * not depend on which path built its graph. Declines (null) what it does not cover: float pixels
 * (which need the finiteness check), gray from colour, a graph that is not one connected piece.
 */
import { weightParameters } from './graph';
import type { Alloc, Stencil4 } from './stencil';
import type { GraphOptions, Pixels } from './types';
import { runSteps } from './pacer';
import type { Steps } from './pacer';

type IntegerSamples = Uint8Array | Uint8ClampedArray | Uint16Array;

export interface FrameGraph {
  stencil: Stencil4;
  sqrtDegree: Float64Array;
  /** The divisor used in the weights. */
  scale: number;
  /** Channels compared per pixel: 3 (colour) or 1. */
  channels: number;
}

export function frameGraph(pixels: Pixels, options: GraphOptions, memory: Alloc): FrameGraph | null {
  return runSteps(frameGraphSteps(pixels, options, memory));
}

/** frameGraph in steps, one pass over the pixels each (see pacer.ts). */
export function* frameGraphSteps(pixels: Pixels, options: GraphOptions, memory: Alloc): Steps<FrameGraph | null> {
  const { width: w, height: h, channels: stride, data } = pixels;
  const n = w * h;
  const integer = data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Uint16Array;
  if (!integer || data.length < n * stride || (options.connectivity ?? 4) !== 4 || (stride >= 3 && options.gray)) return null;
  const { beta, eps } = weightParameters(options);
  // Distances, then weights, in right[i] (to i + 1) and down[i] (to i + w); 0 where no edge.
  const right = memory.alloc(n);
  const down = memory.alloc(n);
  edgeDistances(data as IntegerSamples, stride, w, h, right, down);
  yield 0.2;
  let std = options.scale;
  if (std === undefined) {
    const count = (w - 1) * h + w * (h - 1);
    const mean = count ? edgeSum(right, down, w, h, 0, 1) / count : 0;
    yield 0.3;
    std = count ? Math.sqrt(edgeSum(right, down, w, h, mean, 2) / count) : 0;
    yield 0.4;
  }
  const scale = std > 0 ? std : 1;
  edgeWeights(right, down, w, h, beta, scale, eps);
  yield 0.6;
  const sqrtDegree = new Float64Array(n);
  if (!degrees(right, down, w, h, sqrtDegree)) return null;
  yield 0.7;
  if (!connected(right, down, w, h)) return null;
  yield 0.85;
  normalize(right, down, w, sqrtDegree);
  return {
    stencil: { rows: n, diagonal: null, right, down, width: w, up: null, below: null, above: null },
    sqrtDegree,
    scale,
    channels: stride >= 3 ? 3 : 1,
  };
}

/** Weights become the normalized Laplacian's off-diagonal entries -w_ij / sqrt(d_i d_j). */
function normalize(right: Float64Array, down: Float64Array, w: number, sqrtDegree: Float64Array): void {
  for (let i = 0; i < right.length; i++) {
    if (right[i] !== 0) right[i] = -right[i] / (sqrtDegree[i] * sqrtDegree[i + 1]);
    if (down[i] !== 0) down[i] = -down[i] / (sqrtDegree[i] * sqrtDegree[i + w]);
  }
}

/** Colour (first three channels) or gray distance of each pixel to its right and lower neighbour. */
function edgeDistances(data: IntegerSamples, stride: number, w: number, h: number, right: Float64Array, down: Float64Array): void {
  const colour = stride >= 3;
  const distance = (p: number, q: number): number => {
    if (!colour) return Math.abs(data[p * stride] - data[q * stride]);
    const d0 = data[p * stride] - data[q * stride];
    const d1 = data[p * stride + 1] - data[q * stride + 1];
    const d2 = data[p * stride + 2] - data[q * stride + 2];
    return Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
  };
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      if (x + 1 < w) right[i] = distance(i, i + 1);
      if (y + 1 < h) down[i] = distance(i, i + w);
    }
  }
}

/** Distances become weights exp(-beta d / scale) + eps; entries with no edge stay 0. */
function edgeWeights(right: Float64Array, down: Float64Array, w: number, h: number, beta: number, scale: number, eps: number): void {
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      if (x + 1 < w) right[i] = Math.exp((-beta * right[i]) / scale) + eps;
      if (y + 1 < h) down[i] = Math.exp((-beta * down[i]) / scale) + eps;
    }
  }
}

/** sqrt of every pixel's degree into sqrtDegree; false when a pixel is isolated (every weight underflowed). */
function degrees(right: Float64Array, down: Float64Array, w: number, h: number, sqrtDegree: Float64Array): boolean {
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      // Summed as a CSR row is: up, left, right, down (a missing edge adds an exact 0).
      const d = (y > 0 ? down[i - w] : 0) + (x > 0 ? right[i - 1] : 0) + right[i] + down[i];
      // An isolated pixel has a zero row that the stencil cannot hold.
      if (!(d > 0)) return false;
      sqrtDegree[i] = Math.sqrt(d);
    }
  }
  return true;
}

/**
 * Sum of (e - shift)^power (power 1 or 2) over the edges in CSR row order (pixel by pixel, its
 * right edge, then its down edge), the order affinityGraph sums in, so the two paths agree to the
 * last bit. Written out rather than through a callback per edge: at 12 megapixels the callbacks
 * took 1.5 s of the 2.4 s graph stage.
 */
function edgeSum(right: Float64Array, down: Float64Array, w: number, h: number, shift: number, power: 1 | 2): number {
  let sum = 0;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      if (x + 1 < w) {
        const e = right[i] - shift;
        sum += power === 1 ? e : e ** 2;
      }
      if (y + 1 < h) {
        const e = down[i] - shift;
        sum += power === 1 ? e : e ** 2;
      }
    }
  }
  return sum;
}

/** Whether the edges of positive weight join every pixel (a depth-first search from pixel 0). */
function connected(right: Float64Array, down: Float64Array, w: number, h: number): boolean {
  const n = w * h;
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  let reached = 1;
  seen[0] = 1;
  stack[top++] = 0;
  while (top > 0) {
    const i = stack[--top];
    const x = i % w;
    if (x + 1 < w && right[i] > 0 && !seen[i + 1]) (seen[i + 1] = 1), reached++, (stack[top++] = i + 1);
    if (x > 0 && right[i - 1] > 0 && !seen[i - 1]) (seen[i - 1] = 1), reached++, (stack[top++] = i - 1);
    if (i + w < n && down[i] > 0 && !seen[i + w]) (seen[i + w] = 1), reached++, (stack[top++] = i + w);
    if (i >= w && down[i - w] > 0 && !seen[i - w]) (seen[i - w] = 1), reached++, (stack[top++] = i - w);
  }
  return reached === n;
}
