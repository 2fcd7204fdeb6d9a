import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { otsuThreshold, thresholdMask, lumaFromRgba } from '../../src-renderer/lib/otsu';

/** Independent brute force: for every t, the between-class variance computed from the raw values. */
function bruteForceOtsu(values: Uint8Array): number {
  let best = -1;
  let bestT = 0;
  for (let t = 0; t < 255; t++) {
    let n0 = 0;
    let n1 = 0;
    let s0 = 0;
    let s1 = 0;
    for (const v of values) {
      if (v <= t) {
        n0++;
        s0 += v;
      } else {
        n1++;
        s1 += v;
      }
    }
    if (n0 === 0 || n1 === 0) continue;
    const m = (s0 + s1) / values.length;
    const between = (n0 * (s0 / n0 - m) ** 2 + n1 * (s1 / n1 - m) ** 2) / values.length;
    if (between > best + 1e-9) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

describe('otsuThreshold', () => {
  it('matches a brute-force search on coins.png', async () => {
    const { data, info } = await sharp('test/fixtures/coins.png').extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(1);
    const values = new Uint8Array(data.buffer, data.byteOffset, data.length);
    const t = otsuThreshold(values);
    expect(t).toBe(bruteForceOtsu(values));
    // scikit-image: threshold_otsu(data.coins()) == 107 (foreground = coins > 107).
    expect(t).toBe(107);
    const mask = thresholdMask(values, t);
    let inside = 0;
    for (let i = 0; i < values.length; i++) {
      if (mask[i]) {
        inside++;
        expect(values[i]).toBeGreaterThan(107);
      }
    }
    expect(inside).toBe(values.filter((v) => v > 107).length);
    expect(inside).toBeGreaterThan(20_000);
    expect(inside).toBeLessThan(values.length - 20_000);
  });

  it('splits a two-level image between the levels and returns 0 for a constant image', () => {
    const v = new Uint8Array(100);
    v.fill(30, 0, 60);
    v.fill(200, 60);
    expect(otsuThreshold(v)).toBe(30);
    expect(otsuThreshold(new Uint8Array(50).fill(9))).toBe(0);
  });

  it('computes luma from RGBA', () => {
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 80, 80, 80, 255]);
    expect(Array.from(lumaFromRgba(rgba))).toEqual([76, 150, 29, 80]);
  });
});
