import { describe, expect, it } from 'vitest';
import { decodeMask, encodeMask } from '../../src-main/jobs/mask-codec';

describe('mask run-length codec', () => {
  it('encodes alternating runs starting with an outside run', () => {
    expect(encodeMask(new Uint8Array([0, 0, 1, 1, 1, 0, 255]))).toEqual([2, 3, 1, 1]);
    expect(encodeMask(new Uint8Array([1, 1, 0]))).toEqual([0, 2, 1]);
    expect(encodeMask(new Uint8Array([0, 0, 0]))).toEqual([3]);
    expect(encodeMask(null)).toEqual([]);
  });

  it('round-trips a painted disc exactly and compactly', () => {
    const w = 300, h = 200;
    const mask = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - 150) ** 2 + (y - 100) ** 2 < 60 ** 2) mask[y * w + x] = 1;
    const rle = encodeMask(mask);
    expect(rle.length).toBe(2 * 119 + 1); // one inside run per row the disc crosses (y = 41..159)
    expect(decodeMask(rle, w * h)).toEqual(mask);
  });

  it('normalises non-zero bytes to 1 and [] to no mask', () => {
    expect(decodeMask(encodeMask(new Uint8Array([7, 0, 200])), 3)).toEqual(new Uint8Array([1, 0, 1]));
    expect(decodeMask([], 12)).toBeNull();
  });

  it('rejects malformed runs with a clear message', () => {
    expect(() => decodeMask([2, 3], 6)).toThrow('Mask runs cover 5 pixels but the image has 6.');
    expect(() => decodeMask([2, -1, 5], 6)).toThrow(/non-negative integers, got -1/);
    expect(() => decodeMask([2.5, 3.5], 6)).toThrow(/non-negative integers/);
    expect(() => decodeMask(['3', 3], 6)).toThrow(/non-negative integers/);
  });
});
