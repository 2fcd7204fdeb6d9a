/**
 * Dense operations on a block of vectors (b vectors of length n, b small): the pieces of
 * Rayleigh-Ritz that the multilevel solver needs, written to touch memory a block of rows at a
 * time and to allocate O(b^2) besides the block itself.
 */
import { symmetricEigen } from './dense-eigen';

export type Block = Float64Array[];

/** Gram matrix G = X^T Y (b x c, row-major). */
export function gram(x: Block, y: Block): Float64Array {
  const b = x.length;
  const c = y.length;
  const g = new Float64Array(b * c);
  for (let i = 0; i < b; i++)
    for (let j = 0; j < c; j++) {
      if (x === y && j < i) {
        g[i * c + j] = g[j * c + i];
        continue;
      }
      const u = x[i];
      const v = y[j];
      let s = 0;
      for (let t = 0; t < u.length; t++) s += u[t] * v[t];
      g[i * c + j] = s;
    }
  return g;
}

/** X <- X * S in place (S is b x c row-major, c <= b); returns the first c vectors. */
export function rotate(x: Block, s: Float64Array, c: number): Block {
  const b = x.length;
  const n = x[0].length;
  const rows = 1024;
  const tmp = new Float64Array(rows * c);
  for (let start = 0; start < n; start += rows) {
    const end = Math.min(n, start + rows);
    tmp.fill(0);
    for (let l = 0; l < b; l++) {
      const v = x[l];
      for (let j = 0; j < c; j++) {
        const coef = s[l * c + j];
        if (coef === 0) continue;
        const off = j * rows - start;
        for (let t = start; t < end; t++) tmp[off + t] += coef * v[t];
      }
    }
    for (let j = 0; j < c; j++) x[j].set(tmp.subarray(j * rows, j * rows + end - start), start);
  }
  return x.slice(0, c);
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
