/**
 * The Chebyshev filter kernel of the multilevel solver, on its own so that worker threads can
 * import it without the rest of the engine.
 */
import type { Csr } from './csr';
import { csrMultiply } from './csr';

/** Reusable work vectors for the Chebyshev recurrence on one level. */
export class FilterWork {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  constructor(n: number) {
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    this.c = new Float64Array(n);
  }
}

/** v <- T_d((L - c) / e) v / T_d at 0, damping [a, 2]; returns the matvecs used. */
export function chebyshevFilter(l: Csr, v: Float64Array, a: number, degree: number, work: FilterWork): number {
  const n = v.length;
  const e = (2 - a) / 2;
  const c = (2 + a) / 2;
  const inv = 1 / e;
  let prev = work.a;
  let cur = work.b;
  let next = work.c;
  prev.set(v);
  csrMultiply(l, prev, cur);
  for (let i = 0; i < n; i++) cur[i] = (cur[i] - c * prev[i]) * inv;
  const twoInv = 2 * inv;
  const twoC = 2 * c * inv;
  const { indptr, indices, data } = l;
  for (let k = 2; k <= degree; k++) {
    // The sparse product and the recurrence in one pass over the rows: half the memory traffic.
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) s += data[p] * cur[indices[p]];
      next[i] = twoInv * s - twoC * cur[i] - prev[i];
    }
    const t = prev;
    prev = cur;
    cur = next;
    next = t;
  }
  const scale = 1 / Math.cosh(degree * Math.acosh((2 + a) / (2 - a)));
  for (let i = 0; i < n; i++) v[i] = cur[i] * scale;
  return degree;
}
