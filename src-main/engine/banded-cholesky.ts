/**
 * Cholesky factors of small sparse matrices in band form, after a reverse Cuthill-McKee ordering.
 *
 * A graph drawn from a pixel grid has a narrow band once its nodes are numbered level by level
 * from one edge of the picture to the other (about the picture's width), so the factor costs
 * n b^2 / 2 multiply-adds and each solve 2 n b: on astronaut.png's coarsest level (1,493 nodes,
 * band 71) a few milliseconds for the factor and well under one for a solve.
 */
import type { Csr } from './csr';

export interface BandedFactor {
  n: number;
  /** Half-bandwidth: L[i][j] = 0 for j < i - band. */
  band: number;
  /** Row i of L at [i * (band + 1), (i + 1) * (band + 1)), entry L[i][j] at i * (band + 1) + j - i + band. */
  lower: Float64Array;
  /** perm[k]: the original index of the k-th row of the factored matrix. */
  perm: Int32Array;
}

/**
 * Reverse Cuthill-McKee: breadth-first from a pseudo-peripheral node of each connected piece,
 * neighbours by increasing degree, reversed. Returns perm (new position -> original index).
 */
export function reverseCuthillMcKee(a: Csr): Int32Array {
  const n = a.rows;
  const { indptr, indices } = a;
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) degree[i] = indptr[i + 1] - indptr[i];
  const order = new Int32Array(n);
  const visited = new Uint8Array(n);
  const level = new Int32Array(n).fill(-1);
  const scratch = new Int32Array(n);
  let filled = 0;
  for (let seed = 0; seed < n; seed++) {
    if (visited[seed]) continue;
    const start = peripheralNode(a, seed, level, scratch);
    visited[start] = 1;
    order[filled] = start;
    let head = filled;
    let tail = filled + 1;
    while (head < tail) {
      const i = order[head++];
      const from = tail;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const j = indices[p];
        if (!visited[j]) {
          visited[j] = 1;
          order[tail++] = j;
        }
      }
      // Insertion sort of the new level by degree: rows are short.
      for (let s = from + 1; s < tail; s++) {
        const v = order[s];
        let t = s - 1;
        while (t >= from && degree[order[t]] > degree[v]) {
          order[t + 1] = order[t];
          t--;
        }
        order[t + 1] = v;
      }
    }
    filled = tail;
  }
  return order.reverse();
}

/**
 * A node far from the others in seed's piece (George & Liu): breadth-first from the current
 * node, move to a least-connected node of the last level while that makes the search deeper.
 * depth is -1 everywhere on entry and on return.
 */
function peripheralNode(a: Csr, seed: number, depth: Int32Array, queue: Int32Array): number {
  const { indptr, indices } = a;
  const rowLength = (i: number) => indptr[i + 1] - indptr[i];
  let node = seed;
  let eccentricity = -1;
  for (let round = 0; round < 8; round++) {
    let head = 0;
    let tail = 1;
    queue[0] = node;
    depth[node] = 0;
    while (head < tail) {
      const i = queue[head++];
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const j = indices[p];
        if (depth[j] < 0) {
          depth[j] = depth[i] + 1;
          queue[tail++] = j;
        }
      }
    }
    const last = depth[queue[tail - 1]];
    let best = queue[tail - 1];
    for (let s = tail - 1; s >= 0 && depth[queue[s]] === last; s--) if (rowLength(queue[s]) < rowLength(best)) best = queue[s];
    for (let s = 0; s < tail; s++) depth[queue[s]] = -1;
    if (last <= eccentricity) break;
    eccentricity = last;
    node = best;
  }
  return node;
}

/** Largest |position[i] - position[j]| over the stored entries: the half-bandwidth after ordering. */
export function bandwidth(a: Csr, position: Int32Array): number {
  let band = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const d = Math.abs(position[i] - position[a.indices[p]]);
      if (d > band) band = d;
    }
  }
  return band;
}

/**
 * The Cholesky factor of a + shift I (a symmetric, both triangles stored) in the given ordering,
 * or null when a pivot is not positive (the matrix is not positive definite) or when the caller
 * declines the band the ordering gives (the factor takes n band^2 / 2 multiply-adds and
 * n (band + 1) numbers).
 */
export function bandedCholesky(a: Csr, shift: number, perm: Int32Array, accept: (n: number, band: number) => boolean = () => true): BandedFactor | null {
  const n = a.rows;
  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[perm[k]] = k;
  const band = bandwidth(a, position);
  if (!accept(n, band)) return null;
  const width = band + 1;
  const lower = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    const r = position[i];
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const c = position[a.indices[p]];
      if (c <= r) lower[r * width + c - r + band] += a.data[p];
    }
    lower[r * width + band] += shift;
  }
  for (let i = 0; i < n; i++) {
    const rowI = i * width - i + band;
    const first = Math.max(0, i - band);
    for (let j = first; j <= i; j++) {
      const rowJ = j * width - j + band;
      let s = lower[rowI + j];
      for (let k = Math.max(first, j - band); k < j; k++) s -= lower[rowI + k] * lower[rowJ + k];
      if (j < i) {
        lower[rowI + j] = s / lower[rowJ + j];
      } else {
        if (!(s > 0)) return null;
        lower[rowI + i] = Math.sqrt(s);
      }
    }
  }
  return { n, band, lower, perm };
}

/** y = (L L^T)^-1 x in the original numbering; work is scratch of length n. */
export function bandedSolve(f: BandedFactor, x: Float64Array, y: Float64Array, work: Float64Array): void {
  const { n, perm } = f;
  for (let k = 0; k < n; k++) work[k] = x[perm[k]];
  // One loop per function: V8 compiles a hot loop on its own (on-stack replacement), and a second
  // loop in the same function would throw that code away when first reached (no type feedback
  // yet), at every call of a cold process (19 times in 40 solves).
  forwardSubstitute(f, work);
  backSubstitute(f, work);
  for (let k = 0; k < n; k++) y[perm[k]] = work[k];
}

/** work <- L^-1 work. */
function forwardSubstitute(f: BandedFactor, work: Float64Array): void {
  const { n, band, lower } = f;
  const width = band + 1;
  for (let i = 0; i < n; i++) {
    const rowI = i * width - i + band;
    let s = work[i];
    for (let k = i > band ? i - band : 0; k < i; k++) s -= lower[rowI + k] * work[k];
    work[i] = s / lower[rowI + i];
  }
}

/** work <- L^-T work. */
function backSubstitute(f: BandedFactor, work: Float64Array): void {
  const { n, band, lower } = f;
  const width = band + 1;
  for (let i = n - 1; i >= 0; i--) {
    const rowI = i * width - i + band;
    const v = (work[i] /= lower[rowI + i]);
    for (let k = i > band ? i - band : 0; k < i; k++) work[k] -= lower[rowI + k] * v;
  }
}
