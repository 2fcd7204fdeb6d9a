/** Normalized-cut value of a labelling: sum over regions A of cut(A, rest) / vol(A) (Shi & Malik). */
import type { Csr } from './csr';

/** labels: one per node, any non-negative ids. Regions of zero volume add nothing. */
export function normalizedCut(w: Csr, labels: Int32Array): number {
  let maxLabel = 0;
  for (let i = 0; i < labels.length; i++) maxLabel = Math.max(maxLabel, labels[i]);
  const cut = new Float64Array(maxLabel + 1);
  const vol = new Float64Array(maxLabel + 1);
  for (let i = 0; i < w.rows; i++) {
    const a = labels[i];
    for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) {
      const j = w.indices[p];
      if (j === i) continue;
      vol[a] += w.data[p];
      if (labels[j] !== a) cut[a] += w.data[p];
    }
  }
  let total = 0;
  for (let a = 0; a <= maxLabel; a++) if (vol[a] > 0) total += cut[a] / vol[a];
  return total;
}
