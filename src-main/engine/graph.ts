/**
 * The pixel graph (scikit-learn's `img_to_graph`, generalised): masked pixels are the nodes in
 * row-major order; neighbouring masked pixels are joined by an edge.
 */
import type { Csr } from './csr';
import type { GraphOptions, Mask, Pixels } from './types';
import { SegmentError } from './types';

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

function distance(f: NodeFeatures, u: number, v: number): number {
  const c = f.channels;
  if (c === 1) return Math.abs(f.values[u] - f.values[v]);
  let s = 0;
  for (let k = 0; k < c; k++) {
    const d = f.values[u * c + k] - f.values[v * c + k];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** The graph's structure with each edge's feature distance d (both directions stored). */
export function distanceGraph(f: NodeFeatures, connectivity: 4 | 8 = 4): Csr {
  const { width, height, nodeOf, pixelOf } = f;
  const n = pixelOf.length;
  const offsets = neighbourOffsets(connectivity);
  const indptr = new Int32Array(n + 1);
  const dxs = offsets.map((o) => o[0]);
  const dys = offsets.map((o) => o[1]);
  // Neighbour node ids of u into `out` (in increasing order); returns how many.
  const out = new Int32Array(offsets.length);
  const neighbours = (u: number): number => {
    const p = pixelOf[u];
    const x = p % width;
    const y = (p - x) / width;
    let count = 0;
    for (let k = 0; k < dxs.length; k++) {
      const nx = x + dxs[k];
      const ny = y + dys[k];
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const v = nodeOf[ny * width + nx];
      if (v >= 0) out[count++] = v;
    }
    return count;
  };
  for (let u = 0; u < n; u++) indptr[u + 1] = indptr[u] + neighbours(u);
  const indices = new Int32Array(indptr[n]);
  const data = new Float64Array(indptr[n]);
  for (let u = 0; u < n; u++) {
    const count = neighbours(u);
    let q = indptr[u];
    for (let k = 0; k < count; k++) {
      indices[q] = out[k];
      data[q++] = distance(f, u, out[k]);
    }
  }
  return { rows: n, indptr, indices, data };
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
export function affinityGraph(pixels: Pixels, mask: Mask, options: GraphOptions = {}): Affinity {
  const beta = options.beta ?? 1;
  const eps = options.eps ?? 0;
  if (!(beta >= 0) || !Number.isFinite(beta)) throw new SegmentError('BAD_OPTION', `beta must be a number >= 0, got ${beta}.`, 'options');
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new SegmentError('BAD_OPTION', `eps must be a number >= 0, got ${eps}.`, 'options');
  if (options.scale !== undefined && !(options.scale > 0 && Number.isFinite(options.scale))) {
    throw new SegmentError('BAD_OPTION', `scale must be a positive number, got ${options.scale}.`, 'options');
  }
  const features = nodeFeatures(pixels, mask, options.gray);
  const graph = distanceGraph(features, options.connectivity ?? 4);
  const std = options.scale ?? entryStd(graph.data);
  const scale = std > 0 ? std : 1;
  const { indptr, indices, data: d } = graph;
  // Each edge is stored twice with the same distance: exp once, then copy to the mirror entry.
  for (let u = 0; u < graph.rows; u++) {
    for (let p = indptr[u]; p < indptr[u + 1]; p++) {
      const v = indices[p];
      if (v >= u) {
        d[p] = Math.exp((-beta * d[p]) / scale) + eps;
        continue;
      }
      let q = indptr[v];
      while (indices[q] !== u) q++;
      d[p] = d[q];
    }
  }
  return { features, weights: graph, scale };
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
