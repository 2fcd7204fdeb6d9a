/**
 * The command on every supported input format, in-process (runSegmentCli is what the process
 * entry calls): the labels PNG has the decoded (EXIF-turned) size and exactly k labels.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSegmentCli } from '../../src-main/cli/run';
import { FIX, readLabelsPng } from './run-cli';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segment-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runSegmentCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('segment on every input format', () => {
  it.each([
    ['formats/gray16.png', 37, 23],
    ['formats/gray16_be.tif', 37, 23],
    ['formats/gray16_le.tif', 37, 23],
    ['formats/rgb16.png', 29, 17],
    ['formats/rgb16_be.tif', 29, 17],
    ['formats/rgb8_le.tif', 21, 13],
    ['formats/lossless.webp', 21, 13],
    ['formats/gray_alpha.png', 16, 12],
    ['formats/gray16_alpha.png', 19, 11],
    ['formats/palette_rgba.png', 12, 9],
    ['formats/exif_orientation6.jpg', 32, 48],
    ['formats/cmyk.jpg', 48, 32],
    ['formats/two_frames.gif', 12, 10],
    ['formats/float32_be.tif', 9, 5],
    ['formats/rgba8_le.tif', 11, 7],
    ['formats/rgba16.png', 11, 7],
    ['palette_color.png', 10, 10],
  ] as const)('%s -> %ix%i labels PNG with labels 1 and 2', async (file, width, height) => {
    const out = join(dir, file.replace(/\W/g, '_') + '.png');
    const r = await runInProcess([join(FIX, file), '--clusters', '2', '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/^segment: /m);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ width, height, clusters: 2, maskedPixels: width * height });
    const png = await readLabelsPng(out);
    expect([png.width, png.height]).toEqual([width, height]);
    expect([...new Set(png.labels)].sort()).toEqual([1, 2]);
  });

  it('an animated GIF is segmented at its first frame, and stderr says how many it holds', async () => {
    const r = await runInProcess([join(FIX, 'formats/two_frames.gif'), '--clusters', '2', '--out', join(dir, 'frames.png')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('two_frames.gif: the file holds 2 frames: only the first is shown, segmented and exported\n');
  });

  it('horse.png (RGBA) segments in colour at a reduced working size', async () => {
    const out = join(dir, 'horse.png');
    const r = await runInProcess([join(FIX, 'horse.png'), '--clusters', '3', '--max-pixels', '5000', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const png = await readLabelsPng(out);
    expect([png.width, png.height]).toEqual([400, 328]);
    expect([...new Set(png.labels)].sort()).toEqual([1, 2, 3]);
  });
});
