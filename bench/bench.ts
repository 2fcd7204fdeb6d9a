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
  ...[100, 200, 400, 800].map((side): BenchCase => ({ name: `circles-${side}`, kind: 'circles', side, clusters: 4 })),
  { name: 'coins', kind: 'image', file: 'coins.png', clusters: 8 },
  { name: 'astronaut', kind: 'image', file: 'astronaut.png', clusters: 8 },
];
const cases = (quick ? full.filter((c) => c.name !== 'circles-800') : full).filter((c) => !only || c.name === only);

const caseScript = fileURLToPath(new URL('./case.ts', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

for (const c of cases) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', caseScript, JSON.stringify(c)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    results.push(JSON.parse(out.trim().split('\n').pop()!));
  }
  const totals = results.map((r) => r.seconds.total);
  const mid = results[totals.indexOf(median(totals))];
  console.log(JSON.stringify({ ...mid, runs, totals }));
}
