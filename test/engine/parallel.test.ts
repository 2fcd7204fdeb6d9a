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
  expect(pool.threads).toBe(2);
  expect(threaded.clusters).toBe(4);
  expect(Array.from(threaded.labels)).toEqual(Array.from(single.labels));
  expect(threaded.eigenvalues).toEqual(single.eigenvalues);
  expect(threaded.residuals.every((r) => r <= 1e-3)).toBe(true);
});
