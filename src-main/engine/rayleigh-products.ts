/**
 * The three small matrices Rayleigh-Ritz needs from a block X and an operator L, G = X^T X,
 * H = X^T L X and Q = (L X)^T (L X), in one pass over the rows. L X is formed a chunk of rows at
 * a time in a small buffer and never stored whole: that saves a block's worth of memory (a
 * gigabyte at 12 megapixels) and two of the three passes separate Gram products would make.
 */
import type { Block } from './block';
import { symmetrize } from './block';
import type { Operator } from './stencil';
import { multiplyRows } from './stencil';

const CHUNK = 1024;

/**
 * G, H and Q over rows [from, to), one after the other (each b x b, row-major). With
 * diagonalOnly, just their diagonals (||x_j||^2, x_j.Lx_j, ||Lx_j||^2: a residual check) are
 * filled, at a fraction of the cost.
 */
export function rayleighProductsRows(op: Operator, x: Block, from: number, to: number, diagonalOnly = false): Float64Array {
  const b = x.length;
  const bb = b * b;
  const out = new Float64Array(3 * bb);
  const lx = Array.from({ length: b }, () => new Float64Array(CHUNK));
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK);
    const len = end - start;
    for (let j = 0; j < b; j++) multiplyRows(op, x[j], lx[j], start, end, start);
    for (let i = 0; i < b; i++) {
      const xi = x[i];
      const li = lx[i];
      for (let j = diagonalOnly ? i : 0; j < (diagonalOnly ? i + 1 : b); j++) {
        const xj = x[j];
        const lj = lx[j];
        let h = 0;
        if (j < i) {
          for (let t = 0; t < len; t++) h += xi[start + t] * lj[t];
        } else {
          let g = 0;
          let q = 0;
          for (let t = 0; t < len; t++) {
            const xt = xi[start + t];
            const lt = lj[t];
            h += xt * lt;
            g += xt * xj[start + t];
            q += li[t] * lt;
          }
          out[i * b + j] += g;
          out[2 * bb + i * b + j] += q;
        }
        out[bb + i * b + j] += h;
      }
    }
  }
  symmetrize(out.subarray(0, bb), b);
  symmetrize(out.subarray(2 * bb), b);
  return out;
}
