import { describe, expect, it } from 'vitest';
import { assignNearest } from '../../src-main/engine/assign/kmeans';
import { rowMajorPoints } from '../../src-main/engine/embedding';
import { createRandom } from '../../src-main/engine/random';

/** The plain search: every centroid, the lowest index among equals. */
function bruteForce(data: Float64Array, n: number, d: number, centroids: Float64Array, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (data[i * d + t] - centroids[j * d + t]) ** 2;
      if (s < best) (best = s), (labels[i] = j);
    }
  }
  return labels;
}

describe('nearest-centroid assignment', () => {
  it('gives the labels of the full search on runs of clustered points, ties and duplicate centroids included', () => {
    const random = createRandom(7);
    const d = 3;
    const k = 6;
    // Centroids 4 and 5 coincide with 1 and 2: equal distances must go to the lower index.
    const centroids = Float64Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 5, 5, 1, 0, 0, 0, 1, 0]);
    const n = 5000;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      // Runs of points near one centroid, as neighbouring pixels are, plus exact midpoints (ties).
      const around = Math.floor(i / 50) % 4;
      for (let t = 0; t < d; t++) data[i * d + t] = centroids[around * d + t] + (random() - 0.5) * (i % 3 === 0 ? 3 : 0.4);
      if (i % 97 === 0) data.set([0.5, 0, 0], i * d);
      if (i % 89 === 0) data.set([1, 1, 0], i * d);
    }
    const fast = assignNearest(rowMajorPoints(data, n, d), centroids, k);
    expect(Array.from(fast)).toEqual(Array.from(bruteForce(data, n, d, centroids, k)));
    // The ties really occur, and went to the lower index.
    expect(fast[97]).toBe(0);
    expect(fast[89]).toBe(1);
    expect(new Set(fast).size).toBe(4);
  });
});
