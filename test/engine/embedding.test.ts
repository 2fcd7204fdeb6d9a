import { expect, it } from 'vitest';
import { embeddingPoints, spectralEmbedding } from '../../src-main/engine/embedding';

it('reads the embedding point by point exactly as the materialised rows, signs fixed', () => {
  const n = 7;
  const sqrtDegree = Float64Array.from({ length: n }, (_, i) => 1 + i / 3);
  // Column 0's largest entry (by |v / sqrt(d)|) is negative, so it flips; column 1's is positive.
  const v0 = Float64Array.from([0.1, -0.9, 0.2, 0.3, -0.1, 0.2, 0.1]);
  const v1 = Float64Array.from([0.5, 0.1, -0.2, 0.1, 0.3, 0.2, 1.9]);
  const rows = spectralEmbedding([v0, v1], sqrtDegree);
  const points = embeddingPoints([v0, v1], sqrtDegree);
  expect([points.n, points.d]).toEqual([n, 2]);
  const out = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    points.read(i, out);
    expect(Array.from(out)).toEqual([rows[2 * i], rows[2 * i + 1]]);
    expect(out[0]).toBe(-(v0[i] / sqrtDegree[i]));
    expect(out[1]).toBe(v1[i] / sqrtDegree[i]);
  }
});
