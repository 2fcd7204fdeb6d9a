import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_COLOR, labelColor } from '../../src-main/engine/render';
import { decodeImage, decodeImageBuffer, encodeColorPng, encodeLabelsPng, encodeMaskPng, encodeOverlayPng } from '../../src-main/image-io/index';
import { maskFromPixels } from '../../src-main/image-io/decode';

const FIX = join(import.meta.dirname, '../fixtures');

/** Deterministic pseudo-random labels in 0..maxLabel (LCG), so failures reproduce. */
function labelsOf(n: number, maxLabel: number, seed = 1): Int32Array {
  const out = new Int32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % (maxLabel + 1);
  }
  return out;
}

async function rereadGray(png: Uint8Array, sixteen: boolean): Promise<{ depth: string; values: number[]; width: number; height: number }> {
  const meta = await sharp(png).metadata();
  const { data, info } = await sharp(png)
    .toColourspace(sixteen ? 'grey16' : 'b-w')
    .raw({ depth: sixteen ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(1);
  const values = sixteen ? Array.from(new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2)) : Array.from(data);
  return { depth: meta.depth!, values, width: info.width, height: info.height };
}

describe('encodeLabelsPng', () => {
  it('labels 0..7 give an 8-bit gray PNG equal to the labels value by value', async () => {
    const labels = labelsOf(31 * 17, 7);
    const png = await encodeLabelsPng(labels, 31, 17);
    const back = await rereadGray(png, false);
    expect([back.depth, back.width, back.height]).toEqual(['uchar', 31, 17]);
    expect(back.values).toEqual(Array.from(labels));
    expect(new Set(back.values).size).toBe(8);
  });

  it('labels up to 1000 give a 16-bit PNG equal to the labels, also through decodeImage', async () => {
    const labels = labelsOf(40 * 25, 1000, 7);
    labels[0] = 1000;
    const png = await encodeLabelsPng(labels, 40, 25);
    const back = await rereadGray(png, true);
    expect(back.depth).toBe('ushort');
    expect(back.values).toEqual(Array.from(labels));
    const decoded = await decodeImageBuffer(png);
    expect([decoded.channels, decoded.bitDepth]).toEqual([1, 16]);
    expect(Array.from(decoded.data)).toEqual(Array.from(labels));
  });

  it('bits=16 with small labels still writes 16-bit; bits=8 with label 256 is refused', async () => {
    const small = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const back = await rereadGray(await encodeLabelsPng(small, 3, 2, 16), true);
    expect(back.depth).toBe('ushort');
    expect(back.values).toEqual([0, 1, 2, 3, 4, 5]);
    await expect(encodeLabelsPng(Int32Array.from([0, 256]), 2, 1, 8)).rejects.toThrow(/up to 255.*256/);
  });

  it('label 255 fits 8 bits exactly; 65536 and negative labels are refused; wrong length is refused', async () => {
    const back = await rereadGray(await encodeLabelsPng(Int32Array.from([255, 0]), 2, 1), false);
    expect(back.values).toEqual([255, 0]);
    await expect(encodeLabelsPng(Int32Array.from([65536]), 1, 1)).rejects.toThrow(RangeError);
    await expect(encodeLabelsPng(Int32Array.from([-1]), 1, 1)).rejects.toThrow(RangeError);
    await expect(encodeLabelsPng(new Int32Array(5), 2, 2)).rejects.toThrow(/expected 2x2/);
  });
});

describe('encodeColorPng', () => {
  it('each label gets labelColor with alpha 255, label 0 is (0,0,0,0)', async () => {
    const labels = labelsOf(23 * 11, 30, 3);
    const png = await encodeColorPng(labels, 23, 11);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([23, 11, 4]);
    for (let i = 0; i < labels.length; i++) {
      const want = labels[i] === 0 ? [0, 0, 0, 0] : [...labelColor(labels[i]!), 255];
      expect(Array.from(data.subarray(4 * i, 4 * i + 4))).toEqual(want);
    }
  });
});

describe('encodeOverlayPng', () => {
  it('coins with a left/right split: the two boundary columns are yellow, everything else is the gray image', async () => {
    const pixels = await decodeImage(join(FIX, 'coins.png'));
    const { width, height } = pixels;
    const labels = new Int32Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) labels[y * width + x] = x < 100 ? 1 : 2;
    const png = await encodeOverlayPng(pixels, labels);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([width, height, 4]);
    const want = Buffer.alloc(width * height * 4);
    let boundary = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 4;
        const g = pixels.data[y * width + x]!;
        const onEdge = x === 99 || x === 100;
        if (onEdge) boundary++;
        want.set(onEdge ? [...BOUNDARY_COLOR, 255] : [g, g, g, 255], o);
      }
    }
    expect(data.equals(want)).toBe(true);
    expect(boundary).toBe(2 * height);
  });
});

describe('encodeMaskPng', () => {
  it('writes 0/255 gray that reads back as the same mask', async () => {
    const mask = Uint8Array.from([0, 1, 7, 0, 255, 1]);
    const png = await encodeMaskPng(mask, 3, 2);
    const back = await rereadGray(png, false);
    expect(back.values).toEqual([0, 255, 255, 0, 255, 255]);
    expect(Array.from(maskFromPixels(await decodeImageBuffer(png)))).toEqual([0, 1, 1, 0, 1, 1]);
  });
});
