import { afterAll, expect, it } from 'vitest';
import { segment } from '../../src-main/engine/index';
import { createNodeBlockFilter } from '../../src-main/parallel/node-pool';
import { fourCircles } from '../../bench/circles';

const pool = createNodeBlockFilter(2);
afterAll(() => pool.close());

it('threaded and single-thread multilevel runs give the same labels for the same seed', async () => {
  const { pixels, mask } = fourCircles(240, 3);
  const options = { clusters: 4, solver: 'multilevel' as const, coarsestNodes: 2000, seed: 9 };
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
