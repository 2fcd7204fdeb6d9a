/** `segment` on real images, run as a child process: valid PNGs with exactly K labels, JSON summary, Ctrl-C. */
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNDARY_COLOR, labelColor } from '../../src-main/engine/render';
import { COINS_MASK } from '../fixtures/patterns';
import { decodeImage } from '../../src-main/image-io/index';
import { FIX, readLabelsPng, runCli } from './run-cli';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segment-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Working resolution for runs where only the plumbing is under test, to keep the suite fast. */
const SMALL = '6000';

function distinct(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

// Concurrent: the full-resolution run dominates, the small runs fit beside it on the second core.
describe.concurrent('segment: successful runs', () => {
  it('coins.png, k=4, full resolution, --json: one JSON object on stdout, labels 1..4 everywhere', async () => {
    const out = join(dir, 'coins-full.png');
    const r = await runCli([join(FIX, 'coins.png'), '--clusters', '4', '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/^segment: /m);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]!);
    expect(j).toMatchObject({ width: 384, height: 303, maskedPixels: 116_352, clusters: 4, output: out, format: 'labels', scale: 1 });
    expect(j.eigenvalues.length).toBeGreaterThanOrEqual(4);
    expect(j.eigenvalues[0]).toBeLessThan(1e-6);
    expect(j.ncut).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(j.ncut)).toBe(true);
    expect(j.iterations).toBeGreaterThan(0);
    for (const k of ['decode', 'graph', 'eigen', 'assign', 'write', 'total']) {
      expect(typeof j.seconds[k]).toBe('number');
      expect(Math.round(j.seconds[k] * 1000) / 1000).toBe(j.seconds[k]);
    }
    expect(Array.isArray(j.warnings)).toBe(true);
    // Progress: a handful of short lines, not one per solver iteration.
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(6);

    const png = await readLabelsPng(out);
    expect([png.width, png.height, png.depth]).toEqual([384, 303, 'uchar']);
    expect(distinct(png.labels)).toEqual([1, 2, 3, 4]);
  }, 300_000);

  it('coins.png, k=4 inside coins_mask.png at full resolution: 4 labels inside, 0 outside', async () => {
    const out = join(dir, 'coins-masked.png');
    const r = await runCli([join(FIX, 'coins.png'), '--mask', join(FIX, 'formats/coins_mask.png'), '--clusters', '4', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ maskedPixels: 30_000, clusters: 4 });
    const { labels } = await readLabelsPng(out);
    const inside: number[] = [];
    const outside: number[] = [];
    labels.forEach((l, i) => {
      const x = i % 384;
      const y = Math.floor(i / 384);
      const inMask = x >= COINS_MASK.x0 && x < COINS_MASK.x0 + COINS_MASK.w && y >= COINS_MASK.y0 && y < COINS_MASK.y0 + COINS_MASK.h;
      (inMask ? inside : outside).push(l);
    });
    expect(inside).toHaveLength(30_000);
    expect(distinct(inside)).toEqual([1, 2, 3, 4]);
    expect(distinct(outside)).toEqual([0]);
  }, 300_000);

  it('camera.png, k=3 (downscaled): a 512x512 labels PNG with labels 1..3', async () => {
    const out = join(dir, 'camera.png');
    const r = await runCli([join(FIX, 'camera.png'), '--clusters', '3', '--max-pixels', SMALL, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${out}: 3 regions`);
    const png = await readLabelsPng(out);
    expect([png.width, png.height]).toEqual([512, 512]);
    expect(distinct(png.labels)).toEqual([1, 2, 3]);
  });

  it('astronaut.png in colour, k=5, --format color: every pixel is one of labelColor(1..5), opaque', async () => {
    const out = join(dir, 'astronaut-color.png');
    const r = await runCli([join(FIX, 'astronaut.png'), '--clusters', '5', '--max-pixels', SMALL, '--format', 'color', '--out', out]);
    expect(r.code).toBe(0);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([512, 512, 4]);
    const seen = new Set<string>();
    for (let i = 0; i < data.length; i += 4) seen.add(Array.from(data.subarray(i, i + 4)).join(','));
    const palette = [1, 2, 3, 4, 5].map((l) => [...labelColor(l), 255].join(','));
    expect([...seen].sort()).toEqual(palette.sort());
  });

  it('astronaut.png with --gray also gives exactly k labels', async () => {
    const out = join(dir, 'astronaut-gray.png');
    const r = await runCli([join(FIX, 'astronaut.png'), '--clusters', '3', '--gray', '--max-pixels', SMALL, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).clusters).toBe(3);
    expect(distinct((await readLabelsPng(out)).labels)).toEqual([1, 2, 3]);
  });

  it('chessboard_GRAY_U16.tif (16-bit), k=2: 200x200 labels 1..2', async () => {
    const out = join(dir, 'chess.png');
    const r = await runCli([join(FIX, 'chessboard_GRAY_U16.tif'), '--clusters', '2', '--max-pixels', SMALL, '--out', out]);
    expect(r.code).toBe(0);
    const png = await readLabelsPng(out);
    expect([png.width, png.height]).toEqual([200, 200]);
    expect(distinct(png.labels)).toEqual([1, 2]);
  });

  it('--format regions on the 16-bit chessboard: a CSV row per label of the same run, means of the decoded samples', async () => {
    const args = [join(FIX, 'chessboard_GRAY_U16.tif'), '--clusters', '2', '--max-pixels', SMALL];
    const labelsOut = join(dir, 'chess-for-table.png');
    const tableOut = join(dir, 'chess.regions.csv');
    expect((await runCli([...args, '--out', labelsOut])).code).toBe(0);
    expect((await runCli([...args, '--format', 'regions', '--out', tableOut])).code).toBe(0);
    const { labels } = await readLabelsPng(labelsOut);
    const gray = (await decodeImage(join(FIX, 'chessboard_GRAY_U16.tif'))).data;
    const rows = (await readFile(tableOut, 'utf8')).trimEnd().split('\n');
    expect(rows[0]).toBe('region,pixels,share_of_mask,centroid_x,centroid_y,bbox_left,bbox_top,bbox_width,bbox_height,mean_gray');
    expect(rows.slice(1).map((row) => row.split(',')).map(([region, pixels, , , , , , , , mean]) => {
      let n = 0;
      let sum = 0;
      for (let i = 0; i < labels.length; i++) if (labels[i] === Number(region)) (n++, (sum += gray[i]!));
      return [region, Number(pixels) === n, mean === (sum / n).toFixed(2)];
    })).toEqual([
      ['1', true, true],
      ['2', true, true],
    ]);
  });

  it('--format overlay on coins: gray pixels where labels are uniform, yellow boundaries', async () => {
    const labelsOut = join(dir, 'ov-labels.png');
    const overlayOut = join(dir, 'ov.png');
    const args = [join(FIX, 'coins.png'), '--clusters', '3', '--max-pixels', SMALL, '--seed', '5'];
    const [a, b] = await Promise.all([runCli([...args, '--out', labelsOut]), runCli([...args, '--format', 'overlay', '--out', overlayOut])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const { labels } = await readLabelsPng(labelsOut);
    const { data: gray } = await sharp(join(FIX, 'coins.png')).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const { data, info } = await sharp(overlayOut).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([384, 303, 4]);
    let edges = 0;
    for (let y = 0; y < 303; y++) {
      for (let x = 0; x < 384; x++) {
        const p = y * 384 + x;
        const l = labels[p];
        const edge = (x > 0 && labels[p - 1] !== l) || (x < 383 && labels[p + 1] !== l) || (y > 0 && labels[p - 384] !== l) || (y < 302 && labels[p + 384] !== l);
        const want = edge ? [...BOUNDARY_COLOR, 255] : [gray[p]!, gray[p]!, gray[p]!, 255];
        if (edge) edges++;
        if (Array.from(data.subarray(p * 4, p * 4 + 4)).join() !== want.join()) throw new Error(`pixel ${x},${y} differs`);
      }
    }
    expect(edges).toBeGreaterThan(100);
  });

  it('without --out writes <stem>.labels.png next to the input and leaves the input unchanged', async () => {
    const sub = join(dir, 'default-name');
    await rm(sub, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    const input = join(sub, 'coins.png');
    await copyFile(join(FIX, 'coins.png'), input);
    const before = await readFile(input);
    const r = await runCli([input, '--clusters', '2', '--max-pixels', SMALL]);
    expect(r.code).toBe(0);
    expect((await readdir(sub)).sort()).toEqual(['coins.labels.png', 'coins.png']);
    expect((await readFile(input)).equals(before)).toBe(true);
    expect(distinct((await readLabelsPng(join(sub, 'coins.labels.png'))).labels)).toEqual([1, 2]);
  });

  it('--clusters auto reports the chosen k, which equals the number of labels written', async () => {
    const out = join(dir, 'auto.png');
    const r = await runCli([join(FIX, 'coins.png'), '--clusters', 'auto', '--max-clusters', '6', '--max-pixels', SMALL, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.autoClusters.chosen).toBe(j.clusters);
    expect(j.clusters).toBeGreaterThanOrEqual(2);
    expect(j.clusters).toBeLessThanOrEqual(6);
    expect(distinct((await readLabelsPng(out)).labels)).toHaveLength(j.clusters);
  });

  it('Ctrl-C during the run stops with exit 130, one error line and no output file', async () => {
    const out = join(dir, 'interrupted.png');
    let sent = false;
    // Full-size camera.png takes many seconds, so an interrupt shortly after the first progress line lands mid-run.
    const r = await runCli([join(FIX, 'camera.png'), '--clusters', '4', '--out', out], {
      onStderr: (_text, child) => {
        if (!sent) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 300);
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('segment: '))).toEqual(['segment: interrupted']);
    expect((await readdir(dir)).filter((f) => f.startsWith('interrupted') || f.startsWith('.interrupted'))).toEqual([]);
  });
});
