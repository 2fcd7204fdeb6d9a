/**
 * The symmetric normalized Laplacian L = I - D^-1/2 W D^-1/2, following scipy's
 * `csgraph.laplacian(normed=True)`: self-loops are ignored for the degrees, and an isolated node
 * (degree 0) gets a zero row, so it contributes one zero eigenvalue.
 */
import type { Csr } from './csr';

export interface NormalizedLaplacian {
  laplacian: Csr;
  /** Degrees d_i = sum_j w_ij over j != i. */
  degree: Float64Array;
  /** sqrt(d_i), with 1 for isolated nodes (scipy's convention, so the embedding stays finite). */
  sqrtDegree: Float64Array;
}

export function weightedDegrees(w: Csr): Float64Array {
  const d = new Float64Array(w.rows);
  for (let i = 0; i < w.rows; i++) {
    let s = 0;
    for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) if (w.indices[p] !== i) s += w.data[p];
    d[i] = s;
  }
  return d;
}

/** sqrt(d_i) with scipy's convention of 1 for an isolated node (into `out`, which may be `degree`). */
export function sqrtDegrees(degree: Float64Array, out: Float64Array = new Float64Array(degree.length)): Float64Array {
  const sqrtDegree = out;
  for (let i = 0; i < degree.length; i++) sqrtDegree[i] = degree[i] > 0 ? Math.sqrt(degree[i]) : 1;
  return sqrtDegree;
}

export function normalizedLaplacian(w: Csr): NormalizedLaplacian {
  const n = w.rows;
  const degree = weightedDegrees(w);
  const sqrtDegree = sqrtDegrees(degree);
  // One diagonal entry per row plus the off-diagonal entries (a stored self-loop is replaced).
  let nnz = n;
  for (let i = 0; i < n; i++) for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) if (w.indices[p] !== i) nnz++;
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let q = 0;
  for (let i = 0; i < n; i++) {
    const diagonal = degree[i] > 0 ? 1 : 0;
    let diagonalPlaced = false;
    for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) {
      const j = w.indices[p];
      if (j === i) continue;
      if (!diagonalPlaced && j > i) {
        indices[q] = i;
        data[q++] = diagonal;
        diagonalPlaced = true;
      }
      indices[q] = j;
      data[q++] = -w.data[p] / (sqrtDegree[i] * sqrtDegree[j]);
    }
    if (!diagonalPlaced) {
      indices[q] = i;
      data[q++] = diagonal;
    }
    indptr[i + 1] = q;
  }
  return { laplacian: { rows: n, indptr, indices, data }, degree, sqrtDegree };
}
