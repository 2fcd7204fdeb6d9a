import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segment } from '../../src-main/engine/index';
import { lowerBeta } from '../../src-main/engine/segment';
import type { Pixels } from '../../src-main/engine/index';
import { decodeImage } from '../../src-main/image-io/index';

/** 600 x 600 gray hash noise: at a huge beta every edge weight underflows to 0. */
function noise(): Pixels {
  const w = 600;
  const data = new Uint8Array(w * w);
  for (let p = 0; p < w * w; p++) data[p] = (p * 2654435761) >>> 24;
  return { width: w, height: w, channels: 1, bitDepth: 8, data };
}

describe('a beta so large that the graph falls apart', () => {
  it('every pixel cut off: one message naming beta, not a stack overflow', async () => {
    // 360,000 one-pixel pieces: Math.max(...sizes) over them overflowed the stack.
    await expect(segment(noise(), null, { clusters: 2, beta: 1e6 })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      field: 'options',
      message: 'The pixel graph fell apart into 360,000 pieces of at most 1 pixel, too few for 2 regions: beta (1000000) is too large for this image; lower it, or raise eps.',
    });
  });

  it('coins.png at beta 100000: one warning saying the graph fell apart and what to do', async () => {
    const pixels = await decodeImage(fileURLToPath(new URL('../fixtures/coins.png', import.meta.url)));
    const r = await segment(pixels, null, { clusters: 4, beta: 1e5 });
    expect(r.clusters).toBe(4);
    expect(r.warnings).toEqual([
      'At beta 100000 the weights between unlike neighbours vanish and the pixel graph falls apart into 94,855 pieces, 94,854 of them specks holding 116,314 of the 116,352 pixels: the regions were found in the other 38 pixels and the specks joined the nearest region. Lower beta (1 to 5).',
    ]);
    for (let p = 0; p < r.labels.length; p++) expect(r.labels[p] >= 1 && r.labels[p] <= 4).toBe(true);
  });

  it('coins.png at beta 30: regions that are specks are named as such, with the remedy', async () => {
    const pixels = await decodeImage(fileURLToPath(new URL('../fixtures/coins.png', import.meta.url)));
    const r = await segment(pixels, null, { clusters: 4, beta: 30, maxPixels: 40_000 });
    const sizes = new Map<number, number>();
    for (const l of r.labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
    // One region is nearly everything: the others are specks.
    expect(Math.max(...sizes.values()) / r.labels.length).toBeGreaterThan(0.99);
    expect(r.warnings.some((w) => /^3 of the 4 regions hold fewer than \d+ pixels each: at beta 30 the cheapest cuts cut off specks/.test(w))).toBe(true);
    // At the default beta, no such warning.
    expect((await segment(pixels, null, { clusters: 4, maxPixels: 40_000 })).warnings.some((w) => w.includes('cut off specks'))).toBe(false);
  });

  it('the advice to lower beta never names a range holding the beta in use', () => {
    expect(lowerBeta(30)).toBe('1 to 5');
    expect(lowerBeta(5)).toBe('below 5');
    expect(lowerBeta(3)).toBe('below 3');
  });

  it('a 3 x 3 image in 2 regions: the small-image warning gives no advice that cannot be followed', async () => {
    const data = Uint8Array.from([0, 10, 200, 5, 15, 210, 0, 20, 220]);
    const r = await segment({ width: 3, height: 3, channels: 1, bitDepth: 8, data }, null, { clusters: 2 });
    expect(r.warnings).toContain('2 regions for 9 pixels: about 5 pixels each, too few for regions to follow the image.');
    const masked = await segment({ width: 3, height: 3, channels: 1, bitDepth: 8, data }, Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0]), { clusters: 3 });
    expect(masked.warnings).toContain('3 regions for 8 pixels: about 3 pixels each, too few for regions to follow the image; ask for fewer regions, or paint a larger area.');
  });
});
