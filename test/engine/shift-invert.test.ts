import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segment } from '../../src-main/engine/index';
import { decodeImage } from '../../src-main/image-io/index';
import { bandedCholesky, bandedSolve, bandwidth, reverseCuthillMcKee } from '../../src-main/engine/banded-cholesky';
import { csrMultiply } from '../../src-main/engine/csr';
import type { Csr } from '../../src-main/engine/csr';
import { normalizedLaplacian } from '../../src-main/engine/laplacian';
import { Pacer } from '../../src-main/engine/pacer';
import { createRandom } from '../../src-main/engine/random';
import { factorPays, shiftInvertLanczos } from '../../src-main/engine/shift-invert';
import { denseSpectrum } from './dense-spectrum';
import { grid } from './grid-graph';

/** The same graph with its nodes numbered by a seeded shuffle. */
function shuffled(w: Csr, seed: number): Csr {
  const n = w.rows;
  const random = createRandom(seed);
  const to = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [to[i], to[j]] = [to[j], to[i]];
  }
  const from = new Int32Array(n);
  to.forEach((t, i) => (from[t] = i));
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = from[r];
    const row: Array<[number, number]> = [];
    for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) row.push([to[w.indices[p]], w.data[p]]);
    row.sort((a, b) => a[0] - b[0]);
    for (const [j, v] of row) (indices.push(j), data.push(v));
    indptr[r + 1] = indices.length;
  }
  return { rows: n, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) };
}

function positionsOf(perm: Int32Array): Int32Array {
  const position = new Int32Array(perm.length);
  perm.forEach((old, k) => (position[old] = k));
  return position;
}

const weight = (i: number, j: number) => 0.2 + Math.abs(Math.sin(3 * i + 7 * j));

describe('reverse Cuthill-McKee', () => {
  it('numbers a shuffled 30 x 20 grid with a band about its short side', () => {
    const w = shuffled(grid(30, 20, weight).w, 1);
    const identity = Int32Array.from({ length: w.rows }, (_, i) => i);
    expect(bandwidth(w, identity)).toBeGreaterThan(500);
    const perm = reverseCuthillMcKee(w);
    expect([...perm].sort((a, b) => a - b)).toEqual([...identity]);
    // Level sets of a grid from a corner are anti-diagonals of at most 20 nodes.
    expect(bandwidth(w, positionsOf(perm))).toBeLessThanOrEqual(2 * 20);
  });

  it('orders every node of a graph in two pieces', () => {
    const a = grid(6, 3, weight).w;
    // Two copies side by side, the second's indices shifted: no edge joins them.
    const n = a.rows;
    const w: Csr = {
      rows: 2 * n,
      indptr: Int32Array.from([...a.indptr, ...Array.from(a.indptr.subarray(1), (p) => p + a.indptr[n])]),
      indices: Int32Array.from([...a.indices, ...Array.from(a.indices, (j) => j + n)]),
      data: Float64Array.from([...a.data, ...a.data]),
    };
    const perm = reverseCuthillMcKee(w);
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 2 * n }, (_, i) => i));
    expect(bandwidth(w, positionsOf(perm))).toBeLessThanOrEqual(2 * 3);
  });
});

describe('banded Cholesky', () => {
  const l = normalizedLaplacian(shuffled(grid(25, 16, weight).w, 2)).laplacian;

  it('solves (L + s I) x = b to rounding in the original numbering', () => {
    const shift = 1e-3;
    const f = bandedCholesky(l, shift, reverseCuthillMcKee(l))!;
    expect(f).not.toBeNull();
    expect(f.band).toBeLessThanOrEqual(2 * 16);
    const random = createRandom(3);
    const b = Float64Array.from({ length: l.rows }, () => random() - 0.5);
    const x = new Float64Array(l.rows);
    bandedSolve(f, b, x, new Float64Array(l.rows));
    const ax = new Float64Array(l.rows);
    csrMultiply(l, x, ax);
    let worst = 0;
    for (let i = 0; i < l.rows; i++) worst = Math.max(worst, Math.abs(ax[i] + shift * x[i] - b[i]));
    expect(worst).toBeLessThan(1e-10);
  });

  it('refuses a matrix that is not positive definite, and a band the caller declines', () => {
    const perm = reverseCuthillMcKee(l);
    // L's smallest eigenvalue is 0: L - 0.01 I has a negative one.
    expect(bandedCholesky(l, -0.01, perm)).toBeNull();
    const band = bandwidth(l, positionsOf(perm));
    const offered: number[] = [];
    expect(bandedCholesky(l, 1e-3, perm, (n, b) => (offered.push(n, b), b < band))).toBeNull();
    expect(offered).toEqual([l.rows, band]);
    expect(bandedCholesky(l, 1e-3, perm, (_n, b) => b <= band)).not.toBeNull();
  });
});

describe('shift-invert Lanczos', () => {
  it('finds the 12 smallest eigenpairs of a grid cut by a weak seam, as a dense solve does', async () => {
    // A weak vertical seam makes the small eigenvalues crowd near 0, as on an image with edges.
    const w = shuffled(grid(24, 20, (i, j) => (Math.min(i % 24, j % 24) === 11 && i % 24 !== j % 24 ? 1e-3 : weight(i, j))).w, 4);
    const l = normalizedLaplacian(w).laplacian;
    const exact = denseSpectrum(l);
    const r = (await shiftInvertLanczos(l, { count: 12, tol: 1e-9, maxIterations: 1000, seed: 5 }, new Pacer()))!;
    expect(r).not.toBeNull();
    expect(r.converged).toBe(true);
    // A few dozen solves where Lanczos on L itself needs thousands of products.
    expect(r.iterations).toBeLessThan(120);
    for (let j = 0; j < 12; j++) expect(Math.abs(r.values[j] - exact[j])).toBeLessThan(1e-12 + 1e-9 * exact[j]);
    // Residuals recomputed here, on L.
    const y = new Float64Array(l.rows);
    r.vectors.forEach((v, j) => {
      csrMultiply(l, v, y);
      let r2 = 0;
      for (let i = 0; i < l.rows; i++) r2 += (y[i] - r.values[j] * v[i]) ** 2;
      expect(Math.sqrt(r2)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(Math.sqrt(r2) - r.residuals[j])).toBeLessThan(1e-12);
    });
  });

  it('a graph nearly in pieces (eigenvalues far below the shift): eigenvalues near 0, residuals met', async () => {
    // A 36 x 36 grid of 3 x 3 tiles joined by weights of 1e-16..1e-12 (what a large beta gives):
    // 144 eigenvalues within 1e-11 of 0, one cluster near 1 / s for the inverse.
    const side = 36;
    const tile = (i: number) => Math.floor((i % side) / 3) + 12 * Math.floor(Math.floor(i / side) / 3);
    // grid() asks for each edge's weight from both ends: a hash of the edge, not a random stream.
    const hash = (i: number, j: number) => (((i * 73856093) ^ (j * 19349663)) >>> 0) / 2 ** 32;
    const { w } = grid(side, side, (i, j) => (tile(i) === tile(j) ? 0.5 + hash(i, j) : 10 ** (-16 + 4 * hash(i, j))));
    const l = normalizedLaplacian(w).laplacian;
    const r = await shiftInvertLanczos(l, { count: 12, tol: 1e-5, maxIterations: 50_000, seed: 0 }, new Pacer());
    expect(r).not.toBeNull();
    expect(r!.converged).toBe(true);
    expect(r!.iterations).toBeLessThan(3000);
    for (const value of r!.values) expect(Math.abs(value)).toBeLessThan(1e-9);
    r!.vectors.forEach((v, j) => {
      const y = new Float64Array(l.rows);
      csrMultiply(l, v, y);
      let r2 = 0;
      for (let i = 0; i < l.rows; i++) r2 += (y[i] - r!.values[j] * v[i]) ** 2;
      expect(Math.sqrt(r2)).toBeLessThanOrEqual(1e-5);
    });
  });

  it('coffee.png at beta 100 in a 40,000-pixel preview: a few hundred products, not tens of thousands', async () => {
    // Its coarsest level (1,436 nodes) has its 12 smallest eigenvalues between 1e-18 and 1e-13.
    // Lanczos on the inverse ran 19,372 solves (25 s) before L's residuals were checked, and
    // 50,000 (70 s) before the inverse's tolerance was made relative.
    const pixels = await decodeImage(fileURLToPath(new URL('../fixtures/coffee.png', import.meta.url)));
    const r = await segment(pixels, null, { clusters: 8, beta: 100, maxPixels: 40_000, eigenvectorImages: 0 });
    expect(r.iterations).toBeLessThan(2000);
    expect(Math.max(...r.residuals)).toBeLessThanOrEqual(1e-3);
    expect(r.clusters).toBe(8);
  });

  it('factors where the work is small, whatever the band: the levels that needed it, not exact astronaut', () => {
    // Coarsest levels seen: coffee.png at beta 5 (1,181 nodes, band 178: the old limit of 160
    // refused it and the Chebyshev filter ran 50,000 products), astronaut.png (1,493, 71), a
    // 12-megapixel photo (11,750, 94).
    expect(factorPays(1181, 178)).toBe(true);
    expect(factorPays(1493, 71)).toBe(true);
    expect(factorPays(11750, 94)).toBe(true);
    // The exact mode on astronaut.png (262,144 nodes, band 512) stays with the filter.
    expect(factorPays(262144, 512)).toBe(false);
    expect(factorPays(3000, 2900)).toBe(false);
  });

  it('declines a graph whose band is too wide to factor cheaply', async () => {
    // 3,000 nodes joined at random: no ordering gives a narrow band.
    const n = 3000;
    const random = createRandom(6);
    const rows: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
    for (let i = 0; i < n; i++) {
      for (let e = 0; e < 3; e++) {
        const j = Math.floor(random() * n);
        if (j !== i) (rows[i].set(j, 1), rows[j].set(i, 1));
      }
    }
    const indptr = new Int32Array(n + 1);
    rows.forEach((r, i) => (indptr[i + 1] = indptr[i] + r.size));
    const w: Csr = {
      rows: n,
      indptr,
      indices: Int32Array.from(rows.flatMap((r) => [...r.keys()].sort((a, b) => a - b))),
      data: Float64Array.from({ length: indptr[n] }, () => 1),
    };
    const l = normalizedLaplacian(w).laplacian;
    expect(await shiftInvertLanczos(l, { count: 4, tol: 1e-5, maxIterations: 1000, seed: 0 }, new Pacer())).toBeNull();
  });
});
