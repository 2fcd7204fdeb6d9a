/**
 * The spectral embedding as scikit-learn's `spectral_embedding(norm_laplacian=True)` builds it:
 * each eigenvector of the normalized Laplacian divided by sqrt(degree), then a deterministic sign
 * (the entry of largest magnitude made positive), so the same input always gives the same map.
 */

/** Returns n rows of k values, row-major. `vectors[j]` are eigenvectors over the nodes in `nodes`. */
export function spectralEmbedding(vectors: Float64Array[], sqrtDegree: Float64Array, nodes?: Int32Array): Float64Array {
  const k = vectors.length;
  const n = nodes ? nodes.length : sqrtDegree.length;
  // The sign of each column first, so the rows can then be written in memory order.
  const signs = vectors.map((v) => {
    let largest = 0;
    let sign = 1;
    for (let i = 0; i < n; i++) {
      const node = nodes ? nodes[i] : i;
      const x = v[node] / sqrtDegree[node];
      if (Math.abs(x) > largest) {
        largest = Math.abs(x);
        sign = x < 0 ? -1 : 1;
      }
    }
    return sign;
  });
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const node = nodes ? nodes[i] : i;
    const s = sqrtDegree[node];
    for (let j = 0; j < k; j++) out[i * k + j] = signs[j] * (vectors[j][node] / s);
  }
  return out;
}
