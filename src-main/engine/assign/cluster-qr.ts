/**
 * Damle, Minden & Ying's "cluster_qr" (2019), as scikit-learn: a column-pivoted QR of the
 * embedding's transpose picks k representative pixels; the rotation that aligns them with the
 * axes labels every pixel by its largest rotated coordinate. No randomness, no iterations.
 */
import { multiplyTransposed, smallSvd } from '../small-svd';

export function clusterQrLabels(embedding: Float64Array, n: number, k: number): Int32Array {
  const pivots = pivotedQrColumns(embedding, n, k);
  // B = embedding[pivots, :]^T, SVD B = U S V^T, rotation = U V^T.
  const b = new Float64Array(k * k);
  pivots.forEach((p, j) => {
    for (let t = 0; t < k; t++) b[t * k + j] = embedding[p * k + t];
  });
  const { u, v } = smallSvd(b, k);
  const rotation = multiplyTransposed(u, v, k);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = -1;
    for (let j = 0; j < k; j++) {
      let d = 0;
      for (let t = 0; t < k; t++) d += embedding[i * k + t] * rotation[t * k + j];
      if (Math.abs(d) > bestValue) {
        bestValue = Math.abs(d);
        best = j;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/** The first k pivots of a QR with column pivoting of the k x n matrix whose columns are the rows of `x`. */
function pivotedQrColumns(x: Float64Array, n: number, k: number): number[] {
  const r = x.slice();
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) norms[i] += r[i * k + t] ** 2;
  const pivots: number[] = [];
  const q = new Float64Array(k);
  for (let step = 0; step < k; step++) {
    let p = 0;
    for (let i = 1; i < n; i++) if (norms[i] > norms[p]) p = i;
    pivots.push(p);
    const len = Math.sqrt(norms[p]);
    if (len === 0) break;
    for (let t = 0; t < k; t++) q[t] = r[p * k + t] / len;
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let t = 0; t < k; t++) d += r[i * k + t] * q[t];
      let s = 0;
      for (let t = 0; t < k; t++) {
        r[i * k + t] -= d * q[t];
        s += r[i * k + t] ** 2;
      }
      norms[i] = s;
    }
  }
  while (pivots.length < k) pivots.push(pivots.length);
  return pivots;
}
