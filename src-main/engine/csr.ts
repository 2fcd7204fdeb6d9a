/** Compressed sparse row matrices, the only sparse format the engine uses. */
export interface Csr {
  rows: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
}

/** y = A x. */
export function csrMultiply(a: Csr, x: Float64Array, y: Float64Array): void {
  csrMultiplyRows(a, x, y, 0, a.rows);
}

/** Rows [from, to) of y = A x, row i written to y[i - shift]. */
export function csrMultiplyRows(a: Csr, x: Float64Array, y: Float64Array, from: number, to: number, shift = 0): void {
  const { indptr, indices, data } = a;
  for (let i = from; i < to; i++) {
    let s = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) s += data[p] * x[indices[p]];
    y[i - shift] = s;
  }
}

/** Entry (i, j), 0 when not stored. Linear in the row length; for tests and small checks. */
export function csrGet(a: Csr, i: number, j: number): number {
  for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) if (a.indices[p] === j) return a.data[p];
  return 0;
}

/** The rows and columns listed in `keep` (ascending node ids), renumbered 0..keep.length-1. */
export function csrSubmatrix(a: Csr, keep: Int32Array): Csr {
  const newId = new Int32Array(a.rows).fill(-1);
  for (let i = 0; i < keep.length; i++) newId[keep[i]] = i;
  const indptr = new Int32Array(keep.length + 1);
  let nnz = 0;
  for (let i = 0; i < keep.length; i++) {
    const r = keep[i];
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) if (newId[a.indices[p]] >= 0) nnz++;
    indptr[i + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let q = 0;
  for (let i = 0; i < keep.length; i++) {
    const r = keep[i];
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
      const c = newId[a.indices[p]];
      if (c >= 0) {
        indices[q] = c;
        data[q] = a.data[p];
        q++;
      }
    }
  }
  return { rows: keep.length, indptr, indices, data };
}
