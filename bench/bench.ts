/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --only NAME]`: one JSON line per case with the
 * median over runs (each run in a fresh process), plus the individual runs' totals.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './case';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1]) || (quick ? 1 : 3);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;

const full: BenchCase[] = [
  ...[100, 200, 400, 800, 2000].map((side): BenchCase => ({ name: `circles-${side}`, kind: 'circles', side, clusters: 4 })),
  { name: 'coins', kind: 'image', file: 'coins.png', clusters: 8 },
  { name: 'astronaut', kind: 'image', file: 'astronaut.png', clusters: 8 },
  // The exact mode on astronaut: the reference for the multilevel normalized-cut value.
  { name: 'astronaut-exact', kind: 'image', file: 'astronaut.png', clusters: 8, options: { solver: 'exact' } },
  { name: 'photo-12mp', kind: 'image', file: 'coffee.png', resize: [4000, 3000], clusters: 8 },
];
const slow = new Set(['circles-2000', 'astronaut-exact', 'photo-12mp']);
const cases = full.filter((c) => (only ? c.name === only : !quick || !slow.has(c.name)));

const caseScript = fileURLToPath(new URL('./case.ts', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const runCase = (c: BenchCase) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', caseScript, JSON.stringify(c)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!);
};

for (const c of cases) {
  const results = Array.from({ length: runs }, () => runCase(c));
  const totals = results.map((r) => r.seconds.total);
  const mid = results[totals.indexOf(median(totals))];
  // The app's worker warms the engine up when it starts (engine/warm-up.ts): the first
  // segmentation a user asks for is timed here too, in fresh processes that warmed up first.
  const prewarmedTotals = slow.has(c.name) ? undefined : Array.from({ length: runs }, () => runCase({ ...c, prewarm: true }).seconds.total as number);
  console.log(JSON.stringify({ ...mid, runs, totals, ...(prewarmedTotals ? { prewarmed: median(prewarmedTotals), prewarmedTotals } : {}) }));
}
