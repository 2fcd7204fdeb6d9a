/**
 * The normalized Laplacian of a 4-connected pixel graph as a stencil: each node's weights to its
 * right, lower and upper neighbours, and the node numbers below and above it. Nodes are numbered
 * in pixel order, so the right neighbour is the next node and needs no index; on the finest level
 * L's diagonal is 1 and is not stored. A product reads 32 bytes per node instead of CSR's ~64 and
 * walks memory in order: memory traffic is what bounds the multilevel solver on large levels.
 */
import type { Csr } from './csr';
import { csrMultiplyRows } from './csr';

export interface Stencil4 {
  rows: number;
  /** L[i][i], or null where it is 1 on every node (the finest level: self-loops are ignored there). */
  diagonal: Float64Array | null;
  /** L[i][i+1], 0 when node i+1 is not the pixel right of node i. */
  right: Float64Array;
  /** L[i][node below i], 0 when the pixel below is not a node. */
  down: Float64Array;
  /**
   * Row length when the nodes are every pixel of a width-wide frame, in order: the node below i
   * is then i + width and L[i][i - width] is down[i - width], so the three arrays below are null
   * and a product reads 16 bytes a node instead of 32. 0 under a mask.
   */
  width: number;
  /** L[i][above[i]], 0 (and above[i] = i) when the pixel above is not a node. */
  up: Float64Array | null;
  /** below[i] = i where the pixel below is not a node. */
  below: Int32Array | null;
  above: Int32Array | null;
}

/** What the multilevel solver multiplies by: a stencil where the graph allows, else CSR. */
export type Operator = Csr | Stencil4;

export function isStencil(op: Operator): op is Stencil4 {
  return 'right' in op;
}

/** Where operators are allocated: shared memory when worker threads will read them. */
export type Alloc = { alloc: (n: number) => Float64Array; allocIndices: (n: number) => Int32Array };

export const heapMemory: Alloc = { alloc: (n) => new Float64Array(n), allocIndices: (n) => new Int32Array(n) };

/** Pixel coordinates of nodes (all of pixelOf's, or those listed), for a grid of the given width. */
export function pixelCoordinates(pixelOf: Int32Array, width: number, nodes: Int32Array | null = null): { x: Int32Array; y: Int32Array } {
  const n = nodes ? nodes.length : pixelOf.length;
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = pixelOf[nodes ? nodes[i] : i];
    x[i] = p % width;
    y[i] = (p - x[i]) / width;
  }
  return { x, y };
}

/**
 * The stencil of the normalized Laplacian of the weights w (rows in pixel order; x, y the nodes'
 * pixel coordinates; self-loops ignored, as normalizedLaplacian does), or null when the graph is
 * not 4-connected (8-connectivity) or has an isolated node, found on the first row that does not
 * fit. L is never built as CSR: at 12 megapixels that is 64 bytes a pixel saved.
 */
export function stencilOf(w: Csr, sqrtDegree: Float64Array, x: Int32Array, y: Int32Array, memory: Alloc): Stencil4 | null {
  const { indptr, data } = w;
  for (let i = 0; i < w.rows; i++) {
    let degree = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) if (w.indices[p] !== i) degree += data[p];
    // A node of degree 0 has a zero row in L; a unit diagonal cannot say so.
    if (!(degree > 0)) return null;
  }
  return fillStencil(w, x, y, memory, null, sqrtDegree);
}

/**
 * The stencil of a coarse level's Laplacian (CSR, diagonal stored): 2x2 blocks of a 4-connected
 * grid are again 4-connected, with a self-loop that makes the diagonal differ from 1.
 */
export function stencilOfLaplacian(l: Csr, x: Int32Array, y: Int32Array, memory: Alloc): Stencil4 | null {
  return fillStencil(l, x, y, memory, memory.alloc(l.rows), null);
}

/**
 * Sorts m's entries into the stencil; the diagonal goes to `diagonal` when given, else is skipped.
 * With sqrtDegree, m holds weights and the stencil gets -w_ij / (sqrt(d_i) sqrt(d_j)); without, m
 * is the Laplacian itself. (A branch, not a callback: a call per entry cost a second at 12 MP.)
 */
function fillStencil(m: Csr, x: Int32Array, y: Int32Array, memory: Alloc, diagonal: Float64Array | null, sqrtDegree: Float64Array | null): Stencil4 | null {
  const n = m.rows;
  const { indptr, indices, data } = m;
  const value = (p: number, i: number, j: number) => (sqrtDegree ? -data[p] / (sqrtDegree[i] * sqrtDegree[j]) : data[p]);
  const width = fullFrameWidth(x, y);
  const right = memory.alloc(n);
  const down = memory.alloc(n);
  const up = width ? null : memory.alloc(n);
  const below = width ? null : memory.allocIndices(n);
  const above = width ? null : memory.allocIndices(n);
  for (let i = 0; i < n; i++) {
    if (below && above) (below[i] = i), (above[i] = i);
    const xi = x[i];
    const yi = y[i];
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const j = indices[p];
      if (j === i) {
        if (diagonal) diagonal[i] = value(p, i, j);
      } else if (j === i + 1 && y[j] === yi && x[j] === xi + 1) {
        right[i] = value(p, i, j);
      } else if (j === i - 1 && y[j] === yi && x[j] === xi - 1) {
        // The same weight as right[i - 1], which the product reads.
      } else if (x[j] === xi && y[j] === yi + 1) {
        down[i] = value(p, i, j);
        if (below) below[i] = j;
      } else if (x[j] === xi && y[j] === yi - 1) {
        // On a full frame, the same weight as down[j], which the product reads.
        if (up && above) (up[i] = value(p, i, j)), (above[i] = j);
      } else {
        return null;
      }
    }
  }
  return { rows: n, diagonal, right, down, width, up, below, above };
}

/** The frame's width when the nodes are all pixels of a frame starting at (0, 0) in row order, else 0. */
export function fullFrameWidth(x: Int32Array, y: Int32Array): number {
  const n = x.length;
  if (n === 0) return 0;
  const width = x[n - 1] + 1;
  if (width * (y[n - 1] + 1) !== n) return 0;
  for (let i = 0; i < n; i++) if (x[i] !== i % width) return 0;
  return width;
}

/** Rows [from, to) of L v, row i written to out[i - shift]. */
export function multiplyRows(op: Operator, v: Float64Array, out: Float64Array, from: number, to: number, shift = 0): void {
  if (!isStencil(op)) {
    csrMultiplyRows(op, v, out, from, to, shift);
    return;
  }
  const { rows: n, diagonal, right, down, width: w } = op;
  if (w > 0) {
    for (let i = from; i < to; i++) {
      let s = (diagonal === null ? v[i] : diagonal[i] * v[i]) + (i + w < n ? down[i] * v[i + w] : 0) + (i >= w ? down[i - w] * v[i - w] : 0);
      if (i + 1 < n) s += right[i] * v[i + 1];
      if (i > 0) s += right[i - 1] * v[i - 1];
      out[i - shift] = s;
    }
    return;
  }
  const up = op.up!;
  const below = op.below!;
  const above = op.above!;
  for (let i = from; i < to; i++) {
    let s = (diagonal === null ? v[i] : diagonal[i] * v[i]) + down[i] * v[below[i]] + up[i] * v[above[i]];
    if (i + 1 < n) s += right[i] * v[i + 1];
    if (i > 0) s += right[i - 1] * v[i - 1];
    out[i - shift] = s;
  }
}

/** ||L v - lambda v|| for a unit vector v, term by term. */
export function residualNorm(op: Operator, v: Float64Array, lambda: number): number {
  const lv = new Float64Array(v.length);
  multiplyRows(op, v, lv, 0, v.length);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (lv[i] - lambda * v[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * The weights back as CSR (w_ij = -L_ij sqrt(d_i) sqrt(d_j), rows sorted, no zero entries), for
 * the rare request that needs them after a prepared full-frame graph dropped its CSR.
 */
export function stencilWeights(op: Stencil4, sqrtDegree: Float64Array): Csr {
  return stencilCsr(op, (i, j, l) => -l * sqrtDegree[i] * sqrtDegree[j], false);
}

/** L itself as CSR, diagonal included: for solvers that factor it (shift-invert.ts). */
export function stencilLaplacian(op: Stencil4): Csr {
  return stencilCsr(op, (_i, _j, l) => l, true);
}

/** The stencil's non-zero off-diagonal entries mapped by entry(i, j, L_ij), rows sorted, with L's diagonal if asked. */
function stencilCsr(op: Stencil4, entry: (i: number, j: number, l: number) => number, withDiagonal: boolean): Csr {
  const n = op.rows;
  const row = (i: number, visit: (j: number, l: number) => void) => {
    const a = op.width > 0 ? i - op.width : op.above![i];
    if (a >= 0 && a !== i) {
      const l = op.width > 0 ? op.down[a] : op.up![i];
      if (l !== 0) visit(a, l);
    }
    if (i > 0 && op.right[i - 1] !== 0) visit(i - 1, op.right[i - 1]);
    if (withDiagonal) visit(i, op.diagonal ? op.diagonal[i] : 1);
    if (i + 1 < n && op.right[i] !== 0) visit(i + 1, op.right[i]);
    const b = op.width > 0 ? i + op.width : op.below![i];
    if (b < n && b !== i && op.down[i] !== 0) visit(b, op.down[i]);
  };
  const indptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let count = 0;
    row(i, () => count++);
    indptr[i + 1] = indptr[i] + count;
  }
  const indices = new Int32Array(indptr[n]);
  const data = new Float64Array(indptr[n]);
  for (let i = 0; i < n; i++) {
    let q = indptr[i];
    row(i, (j, l) => {
      indices[q] = j;
      data[q++] = entry(i, j, l);
    });
  }
  return { rows: n, indptr, indices, data };
}
