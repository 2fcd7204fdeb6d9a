/**
 * The pixel graph (scikit-learn's `img_to_graph`, generalised): masked pixels are the nodes in
 * row-major order; neighbouring masked pixels are joined by an edge.
 */
import type { Csr } from './csr';
import type { GraphOptions, Mask, Pixels } from './types';
import { SegmentError } from './types';
import { runSteps } from './pacer';
import type { Steps } from './pacer';

/** Per-node feature vectors (intensity or colour) in floating point, whatever the input type. */
export interface NodeFeatures {
  /** Pixel index (y * width + x) of each node. */
  pixelOf: Int32Array;
  /** Node id of each pixel, -1 outside the mask. */
  nodeOf: Int32Array;
  /** channels values per node. */
  values: Float64Array;
  channels: number;
  width: number;
  height: number;
}

/** Rec. 709 luma, as scikit-image's rgb2gray, so --gray matches what users get in Python. */
const LUMA = [0.2125, 0.7154, 0.0721];

export function nodeFeatures(pixels: Pixels, mask: Mask, gray = false): NodeFeatures {
  const { width, height, channels, data } = pixels;
  const size = width * height;
  if (!(width > 0 && height > 0) || data.length < size * channels) {
    throw new SegmentError('BAD_PIXELS', `Image data does not match its size ${width}x${height}x${channels}.`, 'image');
  }
  if (mask && mask.length !== size) {
    throw new SegmentError('BAD_OPTION', `Mask has ${mask.length} pixels, the image ${size} (${width}x${height}).`, 'mask');
  }
  const colour = channels >= 3;
  const featureChannels = colour && !gray ? 3 : 1;
  const nodeOf = new Int32Array(size);
  let n = 0;
  for (let p = 0; p < size; p++) nodeOf[p] = !mask || mask[p] ? n++ : -1;
  const pixelOf = new Int32Array(n);
  const values = new Float64Array(n * featureChannels);
  for (let p = 0; p < size; p++) {
    const u = nodeOf[p];
    if (u < 0) continue;
    pixelOf[u] = p;
    const s = p * channels;
    if (featureChannels === 3) {
      values[3 * u] = data[s];
      values[3 * u + 1] = data[s + 1];
      values[3 * u + 2] = data[s + 2];
    } else {
      values[u] = colour ? LUMA[0] * data[s] + LUMA[1] * data[s + 1] + LUMA[2] * data[s + 2] : data[s];
    }
    for (let c = 0; c < featureChannels; c++) {
      if (!Number.isFinite(values[u * featureChannels + c])) {
        throw new SegmentError('BAD_PIXELS', `Pixel (${p % width}, ${Math.floor(p / width)}) is not a finite number.`, 'image');
      }
    }
  }
  return { pixelOf, nodeOf, values, channels: featureChannels, width, height };
}

/**
 * Neighbours of a node in increasing node-id order (so CSR rows come out sorted):
 * 4-connectivity uses up, left, right, down; 8 adds the diagonals.
 */
function neighbourOffsets(connectivity: 4 | 8): Array<[number, number]> {
  return connectivity === 8
    ? [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]]
    : [[0, -1], [-1, 0], [1, 0], [0, 1]];
}

/** popcount of a byte: where a neighbour's entry sits in its node's row. */
const BITS = Uint8Array.from({ length: 256 }, (_, b) => {
  let c = 0;
  for (let v = b; v; v >>= 1) c += v & 1;
  return c;
});

/**
 * The graph's structure, with each edge's feature distance stored only in the row of its lower
 * node (the entries to higher-numbered neighbours): `mirrorEntries` copies them to the other
 * half. Computing each edge once, rather than once per direction, halves the work of the largest
 * step of a 12-megapixel segmentation.
 */
interface HalfGraph {
  graph: Csr;
  /** Bit k set: the neighbour at offset k is in the graph. */
  present: Uint8Array;
  /** Number of offsets; offset k and K-1-k are opposite, and the first K/2 point to lower nodes. */
  offsets: number;
}

function halfDistanceGraph(f: NodeFeatures, connectivity: 4 | 8): HalfGraph {
  const { width, nodeOf, values, channels: c } = f;
  const n = f.pixelOf.length;
  const offsets = neighbourOffsets(connectivity);
  const K = offsets.length;
  const step = Int32Array.from(offsets, ([dx, dy]) => dy * width + dx);
  const present = neighbourBits(f, connectivity);
  const indptr = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) indptr[u + 1] = indptr[u] + BITS[present[u]];
  const indices = new Int32Array(indptr[n]);
  const data = new Float64Array(indptr[n]);
  for (let u = 0; u < n; u++) {
    const bits = present[u];
    const p = f.pixelOf[u];
    let q = indptr[u];
    for (let k = 0; k < K; k++) {
      if (!(bits & (1 << k))) continue;
      const v = nodeOf[p + step[k]];
      indices[q] = v;
      if (k >= K / 2) {
        if (c === 1) {
          data[q] = Math.abs(values[u] - values[v]);
        } else {
          const d0 = values[3 * u] - values[3 * v];
          const d1 = values[3 * u + 1] - values[3 * v + 1];
          const d2 = values[3 * u + 2] - values[3 * v + 2];
          data[q] = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
        }
      }
      q++;
    }
  }
  return { graph: { rows: n, indptr, indices, data }, present, offsets: K };
}

/** For each node, bit k set when the neighbour at offset k (neighbourOffsets' order) is in the graph. */
function neighbourBits(f: NodeFeatures, connectivity: 4 | 8): Uint8Array {
  const { width: w, height, nodeOf } = f;
  const present = new Uint8Array(f.pixelOf.length);
  const inside = (p: number) => nodeOf[p] >= 0;
  // Pixels in row order are nodes in id order, so x and y come from counters, not a division.
  for (let y = 0, p = 0, u = 0; y < height; y++) {
    for (let x = 0; x < w; x++, p++) {
      if (nodeOf[p] < 0) continue;
      const up = y > 0;
      const down = y < height - 1;
      const left = x > 0;
      const right = x < w - 1;
      let bits: number;
      if (connectivity === 4) {
        bits = (up && inside(p - w) ? 1 : 0) | (left && inside(p - 1) ? 2 : 0) | (right && inside(p + 1) ? 4 : 0) | (down && inside(p + w) ? 8 : 0);
      } else {
        bits =
          (up && left && inside(p - w - 1) ? 1 : 0) | (up && inside(p - w) ? 2 : 0) | (up && right && inside(p - w + 1) ? 4 : 0) |
          (left && inside(p - 1) ? 8 : 0) | (right && inside(p + 1) ? 16 : 0) |
          (down && left && inside(p + w - 1) ? 32 : 0) | (down && inside(p + w) ? 64 : 0) | (down && right && inside(p + w + 1) ? 128 : 0);
      }
      present[u++] = bits;
    }
  }
  return present;
}

/** First entry of u's row that holds its edge's value (the ones before point to lower nodes). */
function firstStored(h: HalfGraph, u: number): number {
  return h.graph.indptr[u] + BITS[h.present[u] & ((1 << (h.offsets / 2)) - 1)];
}

/** Fills the entries to lower-numbered neighbours from their twins in the neighbours' rows. */
function mirrorEntries(h: HalfGraph): Csr {
  const { indptr, indices, data } = h.graph;
  const { present, offsets: K } = h;
  for (let u = 0; u < h.graph.rows; u++) {
    const bits = present[u];
    let q = indptr[u];
    for (let k = 0; k < K / 2; k++) {
      if (!(bits & (1 << k))) continue;
      const v = indices[q];
      // u is v's neighbour at the opposite offset: count v's neighbours before it.
      const m = K - 1 - k;
      data[q++] = data[indptr[v] + BITS[present[v] & ((1 << m) - 1)]];
    }
  }
  return h.graph;
}

/** The graph's structure with each edge's feature distance d (both directions stored). */
export function distanceGraph(f: NodeFeatures, connectivity: 4 | 8 = 4): Csr {
  return mirrorEntries(halfDistanceGraph(f, connectivity));
}

/** Population standard deviation of the stored entries (each edge appears twice, which leaves it unchanged). */
export function entryStd(values: Float64Array): number {
  if (values.length === 0) return 0;
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i] - mean) ** 2;
  return Math.sqrt(v / values.length);
}

export interface Affinity {
  features: NodeFeatures;
  /** Symmetric weights, no diagonal. */
  weights: Csr;
  /** The divisor actually used. */
  scale: number;
}

/**
 * Edge weights exp(-beta * d / scale) + eps. The default scale is the standard deviation of the
 * edge distances; when that is 0 (a constant image) every weight is exp(0) + eps, never NaN.
 */
/** beta and eps of the weights exp(-beta d / scale) + eps, checked (and a given scale with them). */
export function weightParameters(options: GraphOptions): { beta: number; eps: number } {
  const beta = options.beta ?? 1;
  const eps = options.eps ?? 0;
  if (!(beta >= 0) || !Number.isFinite(beta)) throw new SegmentError('BAD_OPTION', `beta must be a number >= 0, got ${beta}.`, 'options');
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new SegmentError('BAD_OPTION', `eps must be a number >= 0, got ${eps}.`, 'options');
  if (options.scale !== undefined && !(options.scale > 0 && Number.isFinite(options.scale))) {
    throw new SegmentError('BAD_OPTION', `scale must be a positive number, got ${options.scale}.`, 'options');
  }
  return { beta, eps };
}

export function affinityGraph(pixels: Pixels, mask: Mask, options: GraphOptions = {}): Affinity {
  return runSteps(affinityGraphSteps(pixels, mask, options));
}

/** affinityGraph in steps, a pass over the nodes or edges each (see pacer.ts). */
export function* affinityGraphSteps(pixels: Pixels, mask: Mask, options: GraphOptions = {}): Steps<Affinity> {
  const { beta, eps } = weightParameters(options);
  const features = nodeFeatures(pixels, mask, options.gray);
  yield 0.15;
  const half = halfDistanceGraph(features, options.connectivity ?? 4);
  yield 0.4;
  // Every edge is stored twice with the same distance, so the std of one copy of each is the
  // std of all entries.
  let std = options.scale;
  if (std === undefined) {
    const { count, sum } = storedSum(half, 0, 1);
    const mean = count ? sum / count : 0;
    yield 0.5;
    std = count ? Math.sqrt(storedSum(half, mean, 2).sum / count) : 0;
    yield 0.6;
  }
  const scale = std > 0 ? std : 1;
  weigh(half, beta, scale, eps);
  yield 0.8;
  const graph = mirrorEntries(half);
  return { features, weights: graph, scale };
}

/** Sum of (d - shift)^power over the stored entries (one copy of each edge), and their count. */
function storedSum(half: HalfGraph, shift: number, power: 1 | 2): { count: number; sum: number } {
  const { rows: n, indptr, data: d } = half.graph;
  let count = 0;
  let sum = 0;
  for (let u = 0; u < n; u++) {
    for (let q = firstStored(half, u); q < indptr[u + 1]; q++) {
      count++;
      sum += power === 1 ? d[q] - shift : (d[q] - shift) ** 2;
    }
  }
  return { count, sum };
}

/** Distances become weights exp(-beta d / scale) + eps (the stored copy of each edge). */
function weigh(half: HalfGraph, beta: number, scale: number, eps: number): void {
  const { rows: n, indptr, data: d } = half.graph;
  for (let u = 0; u < n; u++) for (let q = firstStored(half, u); q < indptr[u + 1]; q++) d[q] = Math.exp((-beta * d[q]) / scale) + eps;
}

/**
 * scikit-learn's `img_to_graph(img, mask)` for a single-channel image, entries included:
 * off-diagonal |difference| of 4-neighbours and the pixel value on the diagonal. Used to check
 * our graph against scikit-learn's; the Laplacian ignores the diagonal.
 */
export function imgToGraph(image: Float64Array, width: number, height: number, mask: Mask): Csr {
  const f = nodeFeatures({ width, height, channels: 1, bitDepth: 64, data: image }, mask);
  const g = distanceGraph(f, 4);
  const n = g.rows;
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(g.indices.length + n);
  const data = new Float64Array(g.indices.length + n);
  let q = 0;
  for (let u = 0; u < n; u++) {
    let placed = false;
    for (let p = g.indptr[u]; p <= g.indptr[u + 1]; p++) {
      const atEnd = p === g.indptr[u + 1];
      if (!placed && (atEnd || g.indices[p] > u)) {
        indices[q] = u;
        data[q++] = f.values[u];
        placed = true;
      }
      if (atEnd) break;
      indices[q] = g.indices[p];
      data[q++] = g.data[p];
    }
    indptr[u + 1] = q;
  }
  return { rows: n, indptr, indices, data };
}
