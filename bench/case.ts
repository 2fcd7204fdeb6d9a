/** One benchmark case in its own process, so peak memory is the case's own. Prints one JSON line. */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { adjustedRandIndex, imgToGraph, segment, warmUp } from '../src-main/engine/index';
import type { Mask, Pixels, SegmentOptions } from '../src-main/engine/index';
import { entryStd } from '../src-main/engine/graph';
import { decodeImage } from '../src-main/image-io/index';
import { fourCircles } from './circles';
import { createNodeBlockFilter } from '../src-main/parallel/node-pool';

export interface BenchCase {
  name: string;
  kind: 'circles' | 'image';
  side?: number;
  file?: string;
  /** Upscale the file to this size first (the 12 MP case). */
  resize?: [number, number];
  clusters: number;
  options?: Partial<SegmentOptions>;
  /** Threads for the multilevel filter (default: all cores). */
  threads?: number;
  /** Run the engine's warm-up first, as the app's worker does when it starts. */
  prewarm?: boolean;
}

async function load(c: BenchCase): Promise<{ pixels: Pixels; mask: Mask; truth?: Uint8Array; scale?: number }> {
  if (c.kind === 'circles') {
    const { pixels, mask, truth } = fourCircles(c.side!);
    // The seed divides by the std of all img_to_graph entries (diagonal included): do the same.
    const scale = entryStd(imgToGraph(pixels.data as Float64Array, pixels.width, pixels.height, mask).data);
    return { pixels, mask, truth, scale };
  }
  const path = fileURLToPath(new URL(`../test/fixtures/${c.file}`, import.meta.url));
  if (!c.resize) return { pixels: await decodeImage(path), mask: null };
  const { data, info } = await sharp(path).resize(c.resize[0], c.resize[1], { kernel: 'lanczos3' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { pixels: { width: info.width, height: info.height, channels: info.channels as 3, bitDepth: 8, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }, mask: null };
}

const c: BenchCase = JSON.parse(process.argv[2]);
const { pixels, mask, truth, scale } = await load(c);
const parallel = createNodeBlockFilter(c.threads);
// The app starts its threads with the utility process, long before a segmentation: wait until
// they have loaded their code, so a cold run does not also time their start-up.
await parallel.working();
if (c.prewarm) await warmUp({ parallel });
const options = { clusters: c.clusters, scale, ...c.options };
const started = performance.now();
const r = await segment(pixels, mask, options, { parallel });
const wall = (performance.now() - started) / 1000;
// Peak memory of this one segmentation: the warm runs below would add their own garbage to it.
const peakRss = process.resourceUsage().maxRSS * 1024;
// The same segmentation again in the same process: what a long-running app (the utility process)
// sees once the JIT has compiled the engine. Skipped where one run takes long.
const warmRuns: number[] = [];
if (r.seconds.total < 10) {
  for (let i = 0; i < 3; i++) warmRuns.push((await segment(pixels, mask, options, { parallel })).seconds.total);
}
const warm = warmRuns.length ? [...warmRuns].sort((a, b) => a - b)[1] : undefined;
let ari: number | undefined;
if (truth && mask) {
  const t: number[] = [];
  const l: number[] = [];
  for (let p = 0; p < mask.length; p++) if (mask[p]) (t.push(truth[p]), l.push(r.labels[p]));
  ari = adjustedRandIndex(t, l);
}
console.log(JSON.stringify({
  case: c.name,
  pixels: pixels.width * pixels.height,
  maskedPixels: r.maskedPixels,
  k: r.clusters,
  seconds: { ...r.seconds, wall },
  warmSeconds: warm,
  iterations: r.iterations,
  maxResidual: Math.max(...r.residuals),
  ncut: r.ncut,
  ari,
  threads: parallel.threads,
  peakMemoryMB: peakRss / 2 ** 20,
  bytesPerPixel: peakRss / (pixels.width * pixels.height),
}));
await parallel.close();
