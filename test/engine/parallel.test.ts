import { afterAll, expect, it } from 'vitest';
import { segment } from '../../src-main/engine/index';
import { createNodeBlockFilter } from '../../src-main/parallel/node-pool';
import { serialBlockFilter } from '../../src-main/engine/parallel';
import { csrMultiply } from '../../src-main/engine/csr';
import { fourCircles } from '../../bench/circles';

const pool = createNodeBlockFilter(2);
afterAll(() => pool.close());

it.each(['strong', 'plain'] as const)('threaded and single-thread multilevel runs give the same labels for the same seed (%s blocks)', async (coarsening) => {
  const { pixels, mask } = fourCircles(240, 3);
  const options = { clusters: 4, solver: 'multilevel' as const, coarsestNodes: 2000, seed: 9, coarsening };
  const single = await segment(pixels, mask, options);
  const threaded = await segment(pixels, mask, options, { parallel: pool });
  expect(await pool.working()).toBe(2);
  expect(threaded.clusters).toBe(4);
  expect(Array.from(threaded.labels)).toEqual(Array.from(single.labels));
  expect(threaded.eigenvalues).toEqual(single.eigenvalues);
  expect(threaded.residuals.every((r) => r <= 1e-3)).toBe(true);
});

it('runs the bundled worker script the Electron utility process ships, and falls back without one', async () => {
  const { build } = await import('esbuild');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const out = mkdtempSync(join(tmpdir(), 'filter-worker-'));
  await build({ entryPoints: { 'filter-worker': 'src-main/parallel/filter-worker.ts' }, bundle: true, platform: 'node', format: 'cjs', outdir: out, outExtension: { '.js': '.cjs' }, logLevel: 'silent' });
  const { pixels, mask } = fourCircles(200, 4);
  const options = { clusters: 4, solver: 'multilevel' as const, coarsestNodes: 1500, seed: 2 };
  const bundled = createNodeBlockFilter(2, join(out, 'filter-worker.cjs'));
  const missing = createNodeBlockFilter(2, join(out, 'no-such-worker.cjs'));
  try {
    expect(await bundled.working()).toBe(2);
    expect(await missing.working()).toBe(1);
    const a = await segment(pixels, mask, options, { parallel: bundled });
    const b = await segment(pixels, mask, options, { parallel: missing });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.clusters).toBe(4);
  } finally {
    await bundled.close();
  }
});

it('shares Rayleigh-Ritz products out by rows with bit-identical results to one thread', async () => {
  const n = 10_007;
  const serial = serialBlockFilter();
  const fill = (alloc: (n: number) => Float64Array, seed: number) =>
    Array.from({ length: 5 }, (_, j) => {
      const v = alloc(n);
      for (let i = 0; i < n; i++) v[i] = Math.sin(seed + 0.37 * i * (j + 1)) + 1e-3 * i;
      return v;
    });
  // A path graph's normalized Laplacian, in shared memory.
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const j of [i - 1, i, i + 1]) if (j >= 0 && j < n) (indices.push(j), data.push(j === i ? 1 : -0.5));
    indptr[i + 1] = indices.length;
  }
  const l = pool.share({ rows: n, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) });
  const [xs, xp] = [fill(serial.alloc, 1), fill(pool.alloc, 1)];
  const single = await serial.products(l, xs);
  const threaded = await pool.products(l, xp);
  for (const key of ['g', 'h', 'q'] as const) expect(Array.from(threaded[key])).toEqual(Array.from(single[key]));
  // The residual check's diagonal-only pass gives the same diagonals.
  const diagonal = await pool.products(l, xp, true);
  for (const key of ['g', 'h', 'q'] as const) for (let j = 0; j < 5; j++) expect(diagonal[key][j * 5 + j]).toBe(single[key][j * 5 + j]);
  // Against plain sums: G_13 = x1.x3, H_13 = x1.(L x3), Q_13 = (L x1).(L x3).
  const lv = xs.map((v) => {
    const out = new Float64Array(n);
    csrMultiply(l, v, out);
    return out;
  });
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
  expect(single.g[1 * 5 + 3]).toBeCloseTo(dot(xs[1], xs[3]), 6);
  expect(single.h[1 * 5 + 3]).toBeCloseTo(dot(xs[1], lv[3]), 6);
  expect(single.h[3 * 5 + 1]).toBeCloseTo(dot(xs[3], lv[1]), 6);
  expect(single.q[1 * 5 + 3]).toBeCloseTo(dot(lv[1], lv[3]), 6);
  expect(single.q[3 * 5 + 1]).toBe(single.q[1 * 5 + 3]);
  const s = Float64Array.from({ length: 25 }, (_, i) => ((i * 7) % 11) / 11 - 0.5);
  const rs = await serial.rotate(xs, s, 3);
  const rp = await pool.rotate(xp, s, 3);
  expect(rp.map((v) => Array.from(v))).toEqual(rs.map((v) => Array.from(v)));
});
