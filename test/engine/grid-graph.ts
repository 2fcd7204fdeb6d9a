import type { Csr } from '../../src-main/engine/csr';

/** A width x height 4-connected grid whose edge weights come from weight(i, j). */
export function grid(width: number, height: number, weight: (i: number, j: number) => number): { w: Csr; x: Int32Array; y: Int32Array } {
  const rows: Array<Array<[number, number]>> = Array.from({ length: width * height }, () => []);
  for (let i = 0; i < width * height; i++) {
    const [xi, yi] = [i % width, Math.floor(i / width)];
    for (const [dx, dy] of [[0, -1], [-1, 0], [1, 0], [0, 1]]) {
      const [xj, yj] = [xi + dx, yi + dy];
      if (xj < 0 || yj < 0 || xj >= width || yj >= height) continue;
      const j = yj * width + xj;
      rows[i].push([j, weight(Math.min(i, j), Math.max(i, j))]);
    }
  }
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (indptr[i + 1] = indptr[i] + r.length));
  const indices = Int32Array.from(rows.flat(), ([j]) => j);
  const data = Float64Array.from(rows.flat(), ([, v]) => v);
  const x = Int32Array.from({ length: width * height }, (_, i) => i % width);
  const y = Int32Array.from({ length: width * height }, (_, i) => Math.floor(i / width));
  return { w: { rows: rows.length, indptr, indices, data }, x, y };
}
