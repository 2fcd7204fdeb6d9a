/**
 * The normalized Laplacian of a 4-connected pixel graph as a stencil: each node's weights to its
 * right, lower and upper neighbours, and the node numbers below and above it. Nodes are numbered
 * in pixel order, so the right neighbour is the next node and needs no index, and L's diagonal
 * is 1 wherever a node has a neighbour. A product reads 32 bytes per node instead of CSR's ~64 and walks
 * memory in order, which is what bounds the multilevel solver on the largest level.
 */
import type { Csr } from './csr';
import { csrMultiplyRows } from './csr';

export interface Stencil4 {
  rows: number;
  /** L[i][i+1], 0 when node i+1 is not the pixel right of node i. */
  right: Float64Array;
  /** L[i][below[i]], 0 (and below[i] = i) when the pixel below is not a node. */
  down: Float64Array;
  /** L[i][above[i]], 0 (and above[i] = i) when the pixel above is not a node. */
  up: Float64Array;
  below: Int32Array;
  above: Int32Array;
}

/** What the multilevel solver multiplies by: a stencil where the graph allows, else CSR. */
export type Operator = Csr | Stencil4;

export function isStencil(op: Operator): op is Stencil4 {
  return 'right' in op;
}

/**
 * The stencil of the normalized Laplacian of the weights w (rows in pixel order; x, y the nodes'
 * pixel coordinates; self-loops ignored, as normalizedLaplacian does), or null when the graph is
 * not 4-connected (8-connectivity) or has an isolated node, found on the first row that does not
 * fit. L is never built as CSR: at 12 megapixels that is 64 bytes a pixel saved.
 */
export function stencilOf(
  w: Csr,
  sqrtDegree: Float64Array,
  x: Int32Array,
  y: Int32Array,
  alloc: (n: number) => Float64Array,
  allocIndices: (n: number) => Int32Array,
): Stencil4 | null {
  const n = w.rows;
  const { indptr, indices, data } = w;
  const right = alloc(n);
  const down = alloc(n);
  const up = alloc(n);
  const below = allocIndices(n);
  const above = allocIndices(n);
  for (let i = 0; i < n; i++) {
    below[i] = i;
    above[i] = i;
    const xi = x[i];
    const yi = y[i];
    let degree = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const j = indices[p];
      if (j === i) continue;
      degree += data[p];
      const value = -data[p] / (sqrtDegree[i] * sqrtDegree[j]);
      if (j === i + 1 && y[j] === yi && x[j] === xi + 1) {
        right[i] = value;
      } else if (j === i - 1 && y[j] === yi && x[j] === xi - 1) {
        // The same weight as right[i - 1], which the product reads.
      } else if (x[j] === xi && y[j] === yi + 1) {
        down[i] = value;
        below[i] = j;
      } else if (x[j] === xi && y[j] === yi - 1) {
        up[i] = value;
        above[i] = j;
      } else {
        return null;
      }
    }
    // A node of degree 0 has a zero row in L; the stencil's unit diagonal cannot say so.
    if (!(degree > 0)) return null;
  }
  return { rows: n, right, down, up, below, above };
}

/** Rows [from, to) of L v, row i written to out[i - shift]. */
export function multiplyRows(op: Operator, v: Float64Array, out: Float64Array, from: number, to: number, shift = 0): void {
  if (!isStencil(op)) {
    csrMultiplyRows(op, v, out, from, to, shift);
    return;
  }
  const { rows: n, right, down, up, below, above } = op;
  for (let i = from; i < to; i++) {
    let s = v[i] + down[i] * v[below[i]] + up[i] * v[above[i]];
    if (i + 1 < n) s += right[i] * v[i + 1];
    if (i > 0) s += right[i - 1] * v[i - 1];
    out[i - shift] = s;
  }
}
