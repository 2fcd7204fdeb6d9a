/**
 * Bundles the Electron side with esbuild into dist/main/: main.cjs (main process), preload.cjs
 * (sandboxed preload: one CommonJS file, as sandboxed preloads cannot require local modules)
 * and utility.cjs (the segmentation utility process). electron and sharp stay external:
 * Electron provides the first, the second is a native module unpacked from the asar.
 * `--watch` rebuilds on change (npm run dev); `--outdir=DIR` builds elsewhere (tests build their
 * own copy, so parallel test files never read a bundle another one is rewriting).
 */
import { context, build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const watch = process.argv.includes('--watch');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist/main';

/** Electron 45 ships Node 22 and Chromium 140. */
const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'info',
  external: ['electron', 'sharp'],
  legalComments: 'none',
};

const targets: BuildOptions[] = [
  { entryPoints: { main: 'src-main/app/main.ts' }, platform: 'node', target: 'node22' },
  { entryPoints: { utility: 'src-main/utility/main.ts' }, platform: 'node', target: 'node22' },
  // Worker threads of the utility process: the multilevel solver's filtering on every core.
  { entryPoints: { 'filter-worker': 'src-main/parallel/filter-worker.ts' }, platform: 'node', target: 'node22' },
  // The sandboxed preload may require only 'electron' (and a few polyfilled built-ins): everything else is inlined.
  { entryPoints: { preload: 'src-main/preload/preload.ts' }, platform: 'browser', target: 'chrome140', external: ['electron'] },
];

const options: BuildOptions[] = targets.map((t) => ({ ...common, ...t, outdir, outExtension: { '.js': '.cjs' } }));

if (watch) {
  for (const o of options) await (await context(o)).watch();
} else {
  await Promise.all(options.map((o) => build(o)));
}
