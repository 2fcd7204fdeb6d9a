/**
 * Yu & Shi's discretisation ("Multiclass spectral clustering", 2003), as scikit-learn's
 * `discretize`: find the rotation of the embedding closest to a discrete indicator matrix by
 * alternating argmax labelling and an orthogonal Procrustes step.
 */
import { createRandom } from '../random';
import { multiplyTransposed, smallSvd } from '../small-svd';

export function discretizeLabels(embedding: Float64Array, n: number, k: number, seed: number): Int32Array {
  const random = createRandom(seed);
  const x = embedding.slice();
  // Columns scaled to the length of a vector of ones, sign fixed by the first entry, then rows to unit length.
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * k + j] ** 2;
    const f = s > 0 ? Math.sqrt(n) / Math.sqrt(s) : 0;
    const sign = x[j] !== 0 ? -Math.sign(x[j]) : 1;
    for (let i = 0; i < n; i++) x[i * k + j] *= f * sign;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += x[i * k + j] ** 2;
    const f = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < k; j++) x[i * k + j] *= f;
  }
  const labels = new Int32Array(n);
  for (let restart = 0; restart < 30; restart++) {
    // Initial rotation: rows of the embedding that are as orthogonal as possible to each other.
    const rotation = new Float64Array(k * k);
    const first = Math.floor(random() * n);
    for (let t = 0; t < k; t++) rotation[t * k] = x[first * k + t];
    const c = new Float64Array(n);
    for (let j = 1; j < k; j++) {
      let argmin = 0;
      for (let i = 0; i < n; i++) {
        let d = 0;
        for (let t = 0; t < k; t++) d += x[i * k + t] * rotation[t * k + j - 1];
        c[i] += Math.abs(d);
        if (c[i] < c[argmin]) argmin = i;
      }
      for (let t = 0; t < k; t++) rotation[t * k + j] = x[argmin * k + t];
    }
    let last = 0;
    for (let iter = 1; ; iter++) {
      const tSvd = new Float64Array(k * k);
      for (let i = 0; i < n; i++) {
        let best = 0;
        let bestValue = -Infinity;
        for (let j = 0; j < k; j++) {
          let d = 0;
          for (let t = 0; t < k; t++) d += x[i * k + t] * rotation[t * k + j];
          if (d > bestValue) {
            bestValue = d;
            best = j;
          }
        }
        labels[i] = best;
        for (let t = 0; t < k; t++) tSvd[best * k + t] += x[i * k + t];
      }
      const { u, s, v } = smallSvd(tSvd, k);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += s[j];
      const ncut = 2 * (n - sum);
      if (!Number.isFinite(ncut)) break;
      if (Math.abs(ncut - last) < 2 ** -52 || iter > 20) return labels;
      last = ncut;
      // rotation = Vh^T U^T = V U^T
      rotation.set(multiplyTransposed(v, u, k));
    }
  }
  return labels;
}
