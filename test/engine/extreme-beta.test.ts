import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segment } from '../../src-main/engine/index';
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

  it('coins.png at beta 100000: the specks join the nearest region and the result says so', async () => {
    const pixels = await decodeImage(fileURLToPath(new URL('../fixtures/coins.png', import.meta.url)));
    const r = await segment(pixels, null, { clusters: 4, beta: 1e5 });
    expect(r.clusters).toBe(4);
    expect(r.warnings.some((w) => /^\d[\d,]* tiny pieces of the image \(\d+ pixels in all\) took the label of the nearest region\.$/.test(w))).toBe(true);
    for (let p = 0; p < r.labels.length; p++) expect(r.labels[p] >= 1 && r.labels[p] <= 4).toBe(true);
  });
});
