/**
 * The multilevel solver's coarsening (2x2 blocks, weights summed, weights inside a block become a
 * self-loop) done on stencils: a level's normalized Laplacian stencil and square-rooted degrees give
 * back its weights (w_ij = -L_ij sqrt(d_i) sqrt(d_j), self-loop (1 - L_ii) d_i), so the coarse
 * level's stencil comes straight from the fine one. The CSR route (coarsen, galerkinLaplacian,
 * stencilOfLaplacian) builds two CSR matrices per level on the way, which on a 12-megapixel
 * photo took seconds of single-threaded sorting and hundreds of megabytes of short-lived memory.
 */
import type { Alloc, Stencil4 } from './stencil';
import { plainBlocks } from './aggregation';

export interface StencilLevel {
  l: Stencil4;
  sqrtDegree: Float64Array;
  /** Grid coordinates of the nodes; null on a full frame, where node numbers say them. */
  coordinates: { x: Int32Array; y: Int32Array } | null;
  /** Coarse node of each node of the finer level. */
  parent: Int32Array;
}

/**
 * The next coarser level, or null when its nodes do not form a stencil: under a mask, a block
 * whose first pixel lies in the lower row of its block row can be numbered after its right-hand
 * neighbour, and such a level needs CSR.
 */
export function coarsenStencil(l: Stencil4, sqrtDegree: Float64Array, coordinates: { x: Int32Array; y: Int32Array } | null, memory: Alloc): StencilLevel | null {
  const n = l.rows;
  const blocks = l.width > 0 ? fullFrameBlocks(n, l.width) : coordinates ? blocksOf(coordinates.x, coordinates.y) : null;
  if (!blocks) throw new Error('coarsenStencil: a stencil under a mask needs its coordinates');
  const { parent, m } = blocks;
  // A full frame coarsens to a full frame, whose stencil needs no up/below/above arrays.
  const cw = l.width > 0 ? (l.width + 1) >> 1 : 0;
  // Coarse weights first (self-loop, right, down, up), normalized in place below.
  const self = memory.alloc(m);
  const right = memory.alloc(m);
  const down = memory.alloc(m);
  const up = cw ? null : memory.alloc(m);
  const below = cw ? null : memory.allocIndices(m);
  const above = cw ? null : memory.allocIndices(m);
  if (below && above) for (let c = 0; c < m; c++) (below[c] = c), (above[c] = c);
  const { diagonal } = l;
  for (let i = 0; i < n; i++) {
    const c = parent[i];
    const si = sqrtDegree[i];
    if (diagonal) self[c] += (1 - diagonal[i]) * si * si;
    if (l.right[i] !== 0) {
      const w = -l.right[i] * si * sqrtDegree[i + 1];
      const d = parent[i + 1];
      if (d === c) self[c] += 2 * w;
      else if (d === c + 1) right[c] += w;
      else return null;
    }
    if (l.down[i] !== 0) {
      const j = l.width > 0 ? i + l.width : l.below![i];
      const w = -l.down[i] * si * sqrtDegree[j];
      const d = parent[j];
      if (d === c) {
        self[c] += 2 * w;
      } else {
        down[c] += w;
        if (up && below && above) (below[c] = d), (above[d] = c), (up[d] += w);
      }
    }
  }
  const coarseSqrtDegree = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    const upWeight = up ? up[c] : c >= cw ? down[c - cw] : 0;
    const d = self[c] + right[c] + (c > 0 ? right[c - 1] : 0) + down[c] + upWeight;
    coarseSqrtDegree[c] = d > 0 ? Math.sqrt(d) : 1;
  }
  // self becomes the diagonal 1 - s/d, the weights -w / (sqrt(d_i) sqrt(d_j)).
  for (let c = 0; c < m; c++) {
    const s = coarseSqrtDegree[c];
    self[c] = 1 - self[c] / (s * s);
    if (c + 1 < m) right[c] = -right[c] / (s * coarseSqrtDegree[c + 1]);
    const b = below ? below[c] : Math.min(c + cw, m - 1);
    down[c] = -down[c] / (s * coarseSqrtDegree[b]);
    if (up && above) up[c] = -up[c] / (s * coarseSqrtDegree[above[c]]);
  }
  return { l: { rows: m, diagonal: self, right, down, width: cw, up, below, above }, sqrtDegree: coarseSqrtDegree, coordinates: blocks.coordinates, parent };
}

interface Blocks {
  /** Coarse node of each node. */
  parent: Int32Array;
  m: number;
  coordinates: { x: Int32Array; y: Int32Array } | null;
}

/** 2x2 blocks of a full frame n / width rows high: row-major, so block (bx, by) is by * ceil(width / 2) + bx. */
function fullFrameBlocks(n: number, width: number): Blocks {
  const half = (width + 1) >> 1;
  const height = n / width;
  const parent = new Int32Array(n);
  for (let y = 0, i = 0; y < height; y++) {
    const row = (y >> 1) * half;
    for (let x = 0; x < width; x++, i++) parent[i] = row + (x >> 1);
  }
  return { parent, m: half * ((height + 1) >> 1), coordinates: null };
}

/** 2x2 blocks of nodes at (x, y), numbered in order of first appearance (so parent[i] <= i). */
function blocksOf(x: Int32Array, y: Int32Array): Blocks {
  const { parent, count, x: cx, y: cy } = plainBlocks(x, y);
  return { parent, m: count, coordinates: { x: cx, y: cy } };
}
