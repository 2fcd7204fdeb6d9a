import { describe, expect, it } from 'vitest';
import { isTwoLevel, maskFromRgba, maskSizeProblem } from '../../src-renderer/lib/mask-file';

const rgba = (...pixels: number[][]) => Uint8Array.from(pixels.flat());

describe('a mask read from an image file', () => {
  it('holds every opaque pixel that is not black: exported masks, binary masks and label maps', () => {
    const m = maskFromRgba(rgba([0, 0, 0, 255], [255, 255, 255, 255], [3, 3, 3, 255], [0, 0, 1, 255], [255, 255, 255, 0], [200, 0, 0, 1]));
    expect([...m]).toEqual([0, 1, 1, 1, 0, 1]);
  });

  it('tells a two-level mask from a photo read as one', () => {
    const mask = rgba([0, 0, 0, 255], [255, 255, 255, 255], [255, 255, 255, 255]);
    expect(isTwoLevel(mask, maskFromRgba(mask))).toBe(true);
    const photo = rgba([0, 0, 0, 255], [200, 180, 90, 255], [201, 180, 90, 255]);
    expect(isTwoLevel(photo, maskFromRgba(photo))).toBe(false);
  });

  it('must have the image size, and says both sizes when it has not', () => {
    expect(maskSizeProblem('m.png', { width: 4, height: 3 }, { width: 4, height: 3 })).toBeNull();
    expect(maskSizeProblem('m.png', { width: 3, height: 4 }, { width: 4, height: 3 })).toBe(
      "“m.png” is 3×4 pixels and the image 4×3: a mask must have the image's size. The mask was not changed.",
    );
  });
});
