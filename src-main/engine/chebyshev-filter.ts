/**
 * The Chebyshev filter kernel of the multilevel solver, on its own so that worker threads can
 * import it without the rest of the engine.
 */
import type { Operator } from './stencil';
import { isStencil, multiplyRows } from './stencil';

/**
 * v <- T_d((L - c) / e) v / T_d at 0, damping [a, 2]; returns the matvecs used. `work` is one
 * vector of v's length: the three-term recurrence runs in v and work, each step overwriting the
 * older term in place (entry i of the new term needs entry i of the old one only).
 */
export function chebyshevFilter(l: Operator, v: Float64Array, a: number, degree: number, work: Float64Array): number {
  const n = v.length;
  const e = (2 - a) / 2;
  const c = (2 + a) / 2;
  const inv = 1 / e;
  multiplyRows(l, v, work, 0, n);
  for (let i = 0; i < n; i++) work[i] = (work[i] - c * v[i]) * inv;
  // older holds T_{k-1}, newer T_k.
  let older = v;
  let newer = work;
  for (let k = 2; k <= degree; k++) {
    step(l, newer, older, 2 * inv, 2 * c * inv);
    const t = older;
    older = newer;
    newer = t;
  }
  const scale = 1 / Math.cosh(degree * Math.acosh((2 + a) / (2 - a)));
  if (newer === v) for (let i = 0; i < n; i++) v[i] *= scale;
  else for (let i = 0; i < n; i++) v[i] = newer[i] * scale;
  return degree;
}

/** older <- f L newer - g newer - older: the product and the recurrence in one pass over the rows. */
function step(l: Operator, newer: Float64Array, older: Float64Array, f: number, g: number): void {
  const n = newer.length;
  if (isStencil(l) && l.width > 0) {
    const { diagonal, right, down, width: w } = l;
    for (let i = 0; i < n; i++) {
      let s = (diagonal === null ? newer[i] : diagonal[i] * newer[i]) + (i + w < n ? down[i] * newer[i + w] : 0) + (i >= w ? down[i - w] * newer[i - w] : 0);
      if (i + 1 < n) s += right[i] * newer[i + 1];
      if (i > 0) s += right[i - 1] * newer[i - 1];
      older[i] = f * s - g * newer[i] - older[i];
    }
    return;
  }
  if (isStencil(l)) {
    const { diagonal, right, down } = l;
    const up = l.up!;
    const below = l.below!;
    const above = l.above!;
    for (let i = 0; i < n; i++) {
      let s = (diagonal === null ? newer[i] : diagonal[i] * newer[i]) + down[i] * newer[below[i]] + up[i] * newer[above[i]];
      if (i + 1 < n) s += right[i] * newer[i + 1];
      if (i > 0) s += right[i - 1] * newer[i - 1];
      older[i] = f * s - g * newer[i] - older[i];
    }
    return;
  }
  const { indptr, indices, data } = l;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) s += data[p] * newer[indices[p]];
    older[i] = f * s - g * newer[i] - older[i];
  }
}
