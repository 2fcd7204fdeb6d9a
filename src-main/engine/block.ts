/**
 * Dense operations on a block of vectors (b vectors of length n, b small): the pieces of
 * Rayleigh-Ritz that the multilevel solver needs, written to touch memory a block of rows at a
 * time and to allocate O(b^2) besides the block itself.
 */
import { symmetricEigen } from './dense-eigen';

export type Block = Float64Array[];

/**
 * Gram matrix G = X^T Y (b x c, row-major), accumulated a block of rows at a time so each vector
 * is read from memory once rather than once per product (memory, not arithmetic, is the limit).
 */
export function gram(x: Block, y: Block): Float64Array {
  const g = gramRows(x, y, 0, x[0].length);
  if (x === y) symmetrize(g, x.length);
  return g;
}

/** The part of X^T Y from rows [from, to); when x === y only the upper triangle is filled. */
function gramRows(x: Block, y: Block, from: number, to: number): Float64Array {
  const b = x.length;
  const c = y.length;
  const symmetric = x === y;
  const g = new Float64Array(b * c);
  const rows = 2048;
  for (let start = from; start < to; start += rows) {
    const end = Math.min(to, start + rows);
    for (let i = 0; i < b; i++) {
      const u = x[i];
      let j = symmetric ? i : 0;
      // Four products per pass over u, as in rotate.
      for (; j + 3 < c; j += 4) {
        const v0 = y[j];
        const v1 = y[j + 1];
        const v2 = y[j + 2];
        const v3 = y[j + 3];
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let t = start; t < end; t++) {
          const ut = u[t];
          s0 += ut * v0[t];
          s1 += ut * v1[t];
          s2 += ut * v2[t];
          s3 += ut * v3[t];
        }
        g[i * c + j] += s0;
        g[i * c + j + 1] += s1;
        g[i * c + j + 2] += s2;
        g[i * c + j + 3] += s3;
      }
      for (; j < c; j++) {
        const v = y[j];
        let s = 0;
        for (let t = start; t < end; t++) s += u[t] * v[t];
        g[i * c + j] += s;
      }
    }
  }
  return g;
}

/** Copies the upper triangle of a square b x b matrix to the lower. */
export function symmetrize(g: Float64Array, b: number): void {
  for (let i = 0; i < b; i++) for (let j = 0; j < i; j++) g[i * b + j] = g[j * b + i];
}

/** X <- X * S in place (S is b x c row-major, c <= b); returns the first c vectors. */
export function rotate(x: Block, s: Float64Array, c: number): Block {
  rotateRows(x, s, c, 0, x[0].length);
  return x.slice(0, c);
}

/** X <- X * S on rows [from, to) only: rows are independent, so threads can share the work. */
export function rotateRows(x: Block, s: Float64Array, c: number, from: number, to: number): void {
  const b = x.length;
  const rows = 2048;
  const tmp = new Float64Array(rows * c);
  for (let start = from; start < to; start += rows) {
    const len = Math.min(to, start + rows) - start;
    tmp.fill(0);
    for (let l = 0; l < b; l++) {
      const v = x[l];
      let j = 0;
      // Four output columns per pass over an input vector: each input value is loaded once for four products.
      for (; j + 3 < c; j += 4) {
        const c0 = s[l * c + j];
        const c1 = s[l * c + j + 1];
        const c2 = s[l * c + j + 2];
        const c3 = s[l * c + j + 3];
        const o0 = j * rows;
        const o1 = o0 + rows;
        const o2 = o1 + rows;
        const o3 = o2 + rows;
        for (let t = 0; t < len; t++) {
          const vt = v[start + t];
          tmp[o0 + t] += c0 * vt;
          tmp[o1 + t] += c1 * vt;
          tmp[o2 + t] += c2 * vt;
          tmp[o3 + t] += c3 * vt;
        }
      }
      for (; j < c; j++) {
        const cj = s[l * c + j];
        const o = j * rows;
        for (let t = 0; t < len; t++) tmp[o + t] += cj * v[start + t];
      }
    }
    for (let j = 0; j < c; j++) x[j].set(tmp.subarray(j * rows, j * rows + len), start);
  }
}

/**
 * Orthonormalise the block in place by the Rayleigh-Ritz of the identity (eigenvectors of the
 * Gram matrix), twice: stable even when filtering has made the vectors nearly parallel.
 * Directions with no weight left are replaced by `refill` vectors.
 */
export function orthonormalize(x: Block, refill: () => Float64Array): void {
  const b = x.length;
  let refills = 0;
  for (let pass = 0; pass < 2; pass++) {
    const g = gram(x, x);
    const { values, vectors } = symmetricEigen(g, b);
    // S = V diag(1/sqrt(mu)); vectors column-major: component l of vector j is vectors[j*b + l].
    const s = new Float64Array(b * b);
    const largest = values[b - 1];
    let weak = false;
    for (let j = 0; j < b; j++) {
      const mu = values[j];
      if (!(mu > 1e-24 * largest) || !(mu > 0)) weak = true;
      const f = mu > 0 ? 1 / Math.sqrt(mu) : 0;
      for (let l = 0; l < b; l++) s[l * b + j] = vectors[j * b + l] * f;
    }
    rotate(x, s, b);
    if (weak && refills++ < 3) {
      // Replace collapsed directions, then orthonormalise again (loop continues).
      for (let j = 0; j < b; j++) {
        let n2 = 0;
        for (let t = 0; t < x[j].length; t++) n2 += x[j][t] ** 2;
        if (!(n2 > 0.5) || !Number.isFinite(n2)) x[j] = refill();
      }
      pass = -1;
      weak = false;
    }
  }
}
