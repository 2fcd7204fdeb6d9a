import { describe, expect, it } from 'vitest';
import { affinityGraph, lanczosSmallest, normalizedLaplacian, segment } from '../../src-main/engine/index';
import { symmetricEigen } from '../../src-main/engine/dense-eigen';
import { Pacer } from '../../src-main/engine/pacer';
import { chebyshevLanczos } from '../../src-main/engine/chebyshev';
import { shiftInvertLanczos } from '../../src-main/engine/shift-invert';
import { SegmentError } from '../../src-main/engine/types';
import { loadCase } from './reference';

const recipes: Record<string, { beta: number; eps: number }> = {
  circles4: { beta: 1, eps: 0 },
  circles2: { beta: 1, eps: 0 },
  coins_rescaled: { beta: 10, eps: 1e-6 },
};

describe('smallest eigenvalues match scipy within 1e-8', () => {
  for (const name of Object.keys(recipes)) {
    it(name, async () => {
      const c = loadCase(name);
      const r = await segment(
        { width: c.width, height: c.height, channels: 1, bitDepth: 64, data: c.image },
        c.mask,
        { clusters: c.eigenvalues.length, ...recipes[name], scale: c.std, tol: 1e-10, assign: 'cluster_qr' },
      );
      expect(r.eigenvalues.length).toBe(c.eigenvalues.length);
      r.eigenvalues.forEach((v, i) => expect(Math.abs(v - c.eigenvalues[i])).toBeLessThan(1e-8));
      r.residuals.forEach((res) => expect(res).toBeLessThan(1e-9));
    });
  }
});

describe('both Lanczos variants match scipy within 1e-8 on the reference Laplacians', () => {
  // segment() takes shift-invert where the band is narrow: the Chebyshev filter, its fallback for
  // wide bands and stencils, is checked here on the same graphs.
  const solvers = { 'shift-invert': shiftInvertLanczos, 'Chebyshev-filtered': chebyshevLanczos };
  for (const [solver, solve] of Object.entries(solvers)) {
    for (const name of Object.keys(recipes)) {
      it(`${solver}: ${name}`, async () => {
        const c = loadCase(name);
        const { weights } = affinityGraph({ width: c.width, height: c.height, channels: 1, bitDepth: 64, data: c.image }, c.mask, { ...recipes[name], scale: c.std });
        const l = normalizedLaplacian(weights).laplacian;
        const r = (await solve(l, { count: c.eigenvalues.length, tol: 1e-10, maxIterations: 100_000, seed: 0 }, new Pacer()))!;
        expect(r.converged).toBe(true);
        r.values.forEach((v, i) => expect(Math.abs(v - c.eigenvalues[i])).toBeLessThan(1e-8));
      });
    }
  }
});

describe('Lanczos', () => {
  const path = (n: number) => ({
    size: n,
    apply: (x: Float64Array, y: Float64Array) => {
      for (let i = 0; i < n; i++) y[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0);
    },
  });

  it('finds the smallest eigenvalues of the path Laplacian (2 - 2 cos(k pi / (n+1)))', async () => {
    const n = 500;
    const r = await lanczosSmallest(path(n), { count: 5, tol: 1e-11, maxIterations: 20000, seed: 3 }, new Pacer());
    expect(r.converged).toBe(true);
    for (let k = 1; k <= 5; k++) expect(r.values[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 12);
  });

  it('returns orthonormal eigenvectors whose residuals it reports truthfully', async () => {
    const n = 300;
    const op = path(n);
    const r = await lanczosSmallest(op, { count: 4, tol: 1e-10, maxIterations: 20000, seed: 1 }, new Pacer());
    const y = new Float64Array(n);
    r.vectors.forEach((v, i) => {
      op.apply(v, y);
      let res = 0;
      for (let t = 0; t < n; t++) res += (y[t] - r.values[i] * v[t]) ** 2;
      expect(Math.sqrt(res)).toBeLessThan(1e-9);
      r.vectors.forEach((u, j) => {
        let d = 0;
        for (let t = 0; t < n; t++) d += u[t] * v[t];
        expect(d).toBeCloseTo(i === j ? 1 : 0, 10);
      });
    });
  });

  it('finds the copies of a repeated eigenvalue once the Krylov space is exhausted', async () => {
    // Two identical paths side by side: every eigenvalue appears twice.
    const n = 40;
    const single = path(n);
    const op = {
      size: 2 * n,
      apply: (x: Float64Array, y: Float64Array) => {
        single.apply(x.subarray(0, n), y.subarray(0, n));
        single.apply(x.subarray(n), y.subarray(n));
      },
    };
    const r = await lanczosSmallest(op, { count: 4, tol: 1e-10, maxIterations: 5000, seed: 2, basisSize: 60 }, new Pacer());
    const e1 = 2 - 2 * Math.cos(Math.PI / (n + 1));
    const e2 = 2 - 2 * Math.cos((2 * Math.PI) / (n + 1));
    expect(Array.from(r.values).map((v) => +v.toFixed(10))).toEqual([e1, e1, e2, e2].map((v) => +v.toFixed(10)));
  });

  it('stops within one iteration of an abort', async () => {
    const controller = new AbortController();
    let applications = 0;
    const base = path(2000);
    const op = {
      size: 2000,
      apply: (x: Float64Array, y: Float64Array) => {
        applications++;
        if (applications === 25) controller.abort();
        base.apply(x, y);
      },
    };
    await expect(lanczosSmallest(op, { count: 6, tol: 1e-12, maxIterations: 100000, seed: 1 }, new Pacer(controller.signal))).rejects.toMatchObject({ code: 'ABORTED' });
    expect(applications).toBe(25);
  });
});

describe('masks in several pieces', () => {
  it('gives the union of the pieces spectra, each repeated eigenvalue as often as it occurs', async () => {
    // The same noisy square twice, separated by unmasked columns.
    const side = 12;
    const width = 2 * side + 3;
    const data = new Float64Array(width * side);
    const mask = new Uint8Array(width * side);
    let s = 7;
    const noise = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const square = Array.from({ length: side * side }, () => noise());
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        for (const x0 of [0, side + 3]) {
          data[y * width + x0 + x] = square[y * side + x];
          mask[y * width + x0 + x] = 1;
        }
      }
    const pixels = { width, height: side, channels: 1 as const, bitDepth: 64, data };
    const r = await segment(pixels, mask, { clusters: 6, tol: 1e-10, scale: 0.3 });
    // Reference: the dense spectrum of one square with the same scale.
    const one = affinityGraph({ width: side, height: side, channels: 1, bitDepth: 64, data: Float64Array.from(square) }, null, { scale: 0.3 });
    const L = normalizedLaplacian(one.weights).laplacian;
    const n = L.rows;
    const dense = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let p = L.indptr[i]; p < L.indptr[i + 1]; p++) dense[i * n + L.indices[p]] = L.data[p];
    const ev = symmetricEigen(dense, n).values;
    const expected = [ev[0], ev[0], ev[1], ev[1], ev[2], ev[2]];
    r.eigenvalues.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-9));
    expect(r.warnings.join(' ')).toMatch(/2 separate pieces/);
  });

  it('rejects an empty mask, a one-pixel mask and more clusters than pixels with clear errors', async () => {
    const pixels = { width: 4, height: 4, channels: 1 as const, bitDepth: 8, data: new Uint8Array(16).map((_, i) => i * 10) };
    await expect(segment(pixels, new Uint8Array(16), { clusters: 2 })).rejects.toMatchObject({ code: 'EMPTY_MASK', field: 'mask' });
    const one = new Uint8Array(16);
    one[5] = 1;
    await expect(segment(pixels, one, { clusters: 2 })).rejects.toMatchObject({ code: 'MASK_TOO_SMALL', field: 'mask' });
    await expect(segment(pixels, null, { clusters: 17 })).rejects.toMatchObject({ code: 'BAD_CLUSTERS', field: 'clusters' });
    await expect(segment(pixels, null, { clusters: 2.5 })).rejects.toBeInstanceOf(SegmentError);
    await expect(segment(pixels, null, { clusters: 2, beta: NaN })).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});
