/**
 * SVD of a small square matrix by one-sided Jacobi rotations: A = U diag(s) V^T.
 * Row-major k x k in; U and V row-major with singular vectors as columns. Columns of U that
 * belong to zero singular values are completed to an orthonormal basis, so U V^T is always a
 * rotation (discretize and cluster_qr rely on that).
 */
export interface SmallSvd {
  u: Float64Array;
  s: Float64Array;
  v: Float64Array;
}

export function smallSvd(a: Float64Array, k: number): SmallSvd {
  const w = a.slice(); // columns rotate into U * diag(s)
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < k; i++) {
          const x = w[i * k + p];
          const y = w[i * k + q];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < k; i++) {
          const x = w[i * k + p];
          const y = w[i * k + q];
          w[i * k + p] = c * x - s * y;
          w[i * k + q] = s * x + c * y;
          const vx = v[i * k + p];
          const vy = v[i * k + q];
          v[i * k + p] = c * vx - s * vy;
          v[i * k + q] = s * vx + c * vy;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(k);
  const u = new Float64Array(k * k);
  let largest = 0;
  for (let j = 0; j < k; j++) {
    let n2 = 0;
    for (let i = 0; i < k; i++) n2 += w[i * k + j] ** 2;
    s[j] = Math.sqrt(n2);
    largest = Math.max(largest, s[j]);
  }
  const filled: number[] = [];
  const pending: number[] = [];
  for (let j = 0; j < k; j++) {
    if (s[j] > 1e-12 * largest && s[j] > 0) {
      for (let i = 0; i < k; i++) u[i * k + j] = w[i * k + j] / s[j];
      filled.push(j);
    } else {
      s[j] = 0;
      pending.push(j);
    }
  }
  // Complete U with unit vectors orthogonalised against what is there.
  for (const j of pending) {
    for (let e = 0; e < k; e++) {
      const col = new Float64Array(k);
      col[e] = 1;
      for (const f of filled) {
        let d = 0;
        for (let i = 0; i < k; i++) d += u[i * k + f] * col[i];
        for (let i = 0; i < k; i++) col[i] -= d * u[i * k + f];
      }
      let n2 = 0;
      for (let i = 0; i < k; i++) n2 += col[i] * col[i];
      if (n2 > 1e-6) {
        const nn = Math.sqrt(n2);
        for (let i = 0; i < k; i++) u[i * k + j] = col[i] / nn;
        filled.push(j);
        break;
      }
    }
  }
  return { u, s, v };
}

/** Row-major k x k product A B^T. */
export function multiplyTransposed(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l] * b[j * k + l];
      out[i * k + j] = s;
    }
  return out;
}
