/** All eigenvalues of a small sparse matrix, ascending, by a dense solve: the tests' yardstick. */
import { symmetricEigen } from '../../src-main/engine/dense-eigen';
import type { Csr } from '../../src-main/engine/csr';

export function denseSpectrum(l: Csr): Float64Array {
  const n = l.rows;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let p = l.indptr[i]; p < l.indptr[i + 1]; p++) a[i * n + l.indices[p]] += l.data[p];
  return symmetricEigen(a, n).values;
}
