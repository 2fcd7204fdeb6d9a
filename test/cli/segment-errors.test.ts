/** Bad input to `segment`: one line on stderr starting with "segment: ", the right exit code, no output file. */
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIX, runCli } from './run-cli';

let dir = '';
const COINS = join(FIX, 'coins.png');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segment-cli-'));
  const threePixels = new Uint8Array(384 * 303);
  threePixels[0] = threePixels[1000] = threePixels[50000] = 255;
  await writeFile(join(dir, 'three.png'), await sharp(threePixels, { raw: { width: 384, height: 303, channels: 1 } }).png().toBuffer());
  await writeFile(join(dir, 'empty-mask.png'), await sharp(new Uint8Array(384 * 303), { raw: { width: 384, height: 303, channels: 1 } }).png().toBuffer());
  await copyFile(COINS, join(dir, 'coins.png'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const out = () => join(dir, 'out.png');

const cases: Array<[name: string, args: () => string[], code: number, line: () => string]> = [
  ['missing input file', () => [join(dir, 'nope.png'), '--clusters', '4', '--out', out()], 1, () => `segment: ${join(dir, 'nope.png')}: file not found`],
  ['input is a folder', () => [dir, '--clusters', '4', '--out', out()], 1, () => `segment: ${dir}: is a folder, not an image file`],
  ['not an image', () => [join(FIX, 'formats/not_an_image.png'), '--clusters', '4', '--out', out()], 1, () => 'segment: not_an_image.png: not an image file (unsupported or corrupt format)'],
  ['truncated PNG', () => [join(FIX, 'formats/truncated.png'), '--clusters', '4', '--out', out()], 1, () => 'segment: truncated.png: file is truncated (incomplete PNG data)'],
  ['truncated JPEG', () => [join(FIX, 'formats/truncated.jpg'), '--clusters', '4', '--out', out()], 1, () => 'segment: truncated.jpg: file is truncated (incomplete JPEG data)'],
  ['mask of another size', () => [COINS, '--mask', join(FIX, 'camera.png'), '--clusters', '4', '--out', out()], 1, () => 'segment: camera.png: the mask is 512x512 but the image is 384x303'],
  ['missing mask file', () => [COINS, '--mask', join(dir, 'nomask.png'), '--clusters', '4', '--out', out()], 1, () => `segment: ${join(dir, 'nomask.png')}: file not found`],
  ['empty mask', () => [COINS, '--mask', join(dir, 'empty-mask.png'), '--clusters', '2', '--out', out()], 1, () => `segment: ${join(dir, 'empty-mask.png')}: the mask is empty (no pixel is non-zero and opaque)`],
  ['K larger than the masked pixels', () => [COINS, '--mask', join(dir, 'three.png'), '--clusters', '4', '--out', out()], 2, () => 'segment: --clusters 4 is more than the 3 pixels inside the mask'],
  ['K = 0', () => [COINS, '--clusters', '0', '--out', out()], 2, () => "segment: --clusters must be an integer from 1 to 65535, got '0'"],
  ['K missing', () => [COINS, '--out', out()], 2, () => "segment: --clusters is required: a number of regions or 'auto'"],
  ['unknown option', () => [COINS, '--clusters', '4', '--colour', '--out', out()], 2, () => 'segment: unknown option --colour (see --help)'],
  ['bad number', () => [COINS, '--clusters', '4', '--beta', '1,5', '--out', out()], 2, () => "segment: --beta needs a number, got '1,5'"],
  ['bad format', () => [COINS, '--clusters', '4', '--format', 'svg', '--out', out()], 2, () => "segment: --format must be one of labels, color, overlay, regions, got 'svg'"],
  ['--out is the input', () => [join(dir, 'coins.png'), '--clusters', '4', '--out', join(dir, 'coins.png')], 2, () => `segment: refusing to write ${join(dir, 'coins.png')}: it is the input image`],
  ['--out in a missing folder', () => [COINS, '--clusters', '4', '--out', join(dir, 'no/such/out.png')], 1, () => `segment: ${join(dir, 'no/such/out.png')}: cannot write: the folder ${join(dir, 'no/such')} does not exist`],
];

describe('segment: bad input', () => {
  it.concurrent.each(cases)('%s', async (_name, args, code, line) => {
    const before = (await readdir(dir)).sort();
    const r = await runCli(args());
    expect(r.stderr).toBe(line() + '\n');
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect((await readdir(dir)).sort()).toEqual(before);
  });

  it('--help prints the usage on stdout and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run segment -- INPUT --clusters K\|auto/);
    expect(r.stdout).toContain('--max-pixels N');
    expect(r.stderr).toBe('');
  });
});
