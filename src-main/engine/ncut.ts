/** Normalized-cut value of a labelling: sum over regions A of cut(A, rest) / vol(A) (Shi & Malik). */
import type { Csr } from './csr';
import type { Stencil4 } from './stencil';

/** labels: one per node, any non-negative ids. Regions of zero volume add nothing. */
export function normalizedCut(w: Csr, labels: Int32Array): number {
  const { cut, vol } = perRegion(labels);
  for (let i = 0; i < w.rows; i++) {
    const a = labels[i];
    for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) {
      const j = w.indices[p];
      if (j === i) continue;
      vol[a] += w.data[p];
      if (labels[j] !== a) cut[a] += w.data[p];
    }
  }
  return ratioSum(cut, vol);
}

/** Zeroed cut and volume sums, one per label id. */
function perRegion(labels: Int32Array): { cut: Float64Array; vol: Float64Array } {
  let maxLabel = 0;
  for (let i = 0; i < labels.length; i++) maxLabel = Math.max(maxLabel, labels[i]);
  return { cut: new Float64Array(maxLabel + 1), vol: new Float64Array(maxLabel + 1) };
}

function ratioSum(cut: Float64Array, vol: Float64Array): number {
  let total = 0;
  for (let a = 0; a < vol.length; a++) if (vol[a] > 0) total += cut[a] / vol[a];
  return total;
}

/** Normalized cut of a labelling from the stencil, as normalizedCut computes it from the weights. */
export function normalizedCutOfStencil(op: Stencil4, sqrtDegree: Float64Array, labels: Int32Array): number {
  const { cut, vol } = perRegion(labels);
  const n = op.rows;
  const edge = (i: number, j: number, l: number) => {
    if (labels[i] === labels[j]) return;
    const w = -l * sqrtDegree[i] * sqrtDegree[j];
    cut[labels[i]] += w;
    cut[labels[j]] += w;
  };
  for (let i = 0; i < n; i++) {
    // An isolated node has degree 0 (its sqrt is stored as 1), but a stencil is only built when none is.
    vol[labels[i]] += sqrtDegree[i] * sqrtDegree[i];
    if (i + 1 < n && op.right[i] !== 0) edge(i, i + 1, op.right[i]);
    const b = op.width > 0 ? i + op.width : op.below![i];
    if (b < n && b !== i && op.down[i] !== 0) edge(i, b, op.down[i]);
  }
  return ratioSum(cut, vol);
}
