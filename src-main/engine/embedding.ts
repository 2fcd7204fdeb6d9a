/**
 * The spectral embedding as scikit-learn's `spectral_embedding(norm_laplacian=True)` builds it:
 * each eigenvector of the normalized Laplacian divided by sqrt(degree), then a deterministic sign
 * (the entry of largest magnitude made positive), so the same input always gives the same map.
 */

/** n points of d coordinates, read one at a time: k-means never needs them all as rows at once. */
export interface Points {
  n: number;
  d: number;
  read(i: number, out: Float64Array): void;
}

/** Points stored as n rows of d values, row-major. */
export function rowMajorPoints(data: Float64Array, n: number, d: number): Points {
  return { n, d, read: (i, out) => out.set(data.subarray(i * d, i * d + d)) };
}

/**
 * The embedding of eigenvectors over n nodes, computed as it is read: at 12 megapixels and k = 8
 * a materialised copy would be 768 MB beside the eigenvectors themselves.
 */
export function embeddingPoints(vectors: Float64Array[], sqrtDegree: Float64Array): Points {
  const n = sqrtDegree.length;
  // The sign of each column: the entry of largest magnitude made positive.
  const signs = vectors.map((v) => {
    let largest = 0;
    let sign = 1;
    for (let i = 0; i < n; i++) {
      const x = v[i] / sqrtDegree[i];
      if (Math.abs(x) > largest) {
        largest = Math.abs(x);
        sign = x < 0 ? -1 : 1;
      }
    }
    return sign;
  });
  const d = vectors.length;
  return {
    n,
    d,
    read(i, out) {
      const s = sqrtDegree[i];
      for (let j = 0; j < d; j++) out[j] = signs[j] * (vectors[j][i] / s);
    },
  };
}

/** Returns n rows of k values, row-major. */
export function spectralEmbedding(vectors: Float64Array[], sqrtDegree: Float64Array): Float64Array {
  const points = embeddingPoints(vectors, sqrtDegree);
  const { n, d } = points;
  const out = new Float64Array(n * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    points.read(i, row);
    out.set(row, i * d);
  }
  return out;
}
