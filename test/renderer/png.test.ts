import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { baseName, crc32, encodePng, exportFileName, labelSamples } from '../../src-renderer/lib/png';

async function decode(png: Uint8Array) {
  const { data, info } = await sharp(Buffer.from(png)).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  return { info, values: new Uint16Array(data.buffer, data.byteOffset, data.length / 2) };
}

describe('encodePng', () => {
  it('writes 8-bit gray that decodes to the same values', async () => {
    const w = 37;
    const h = 11;
    const v = Uint8Array.from({ length: w * h }, (_, i) => (i * 7) % 256);
    const png = await encodePng(w, h, { kind: 'gray', bits: 8 }, v);
    const meta = await sharp(Buffer.from(png)).metadata();
    expect([meta.width, meta.height, meta.channels, meta.depth]).toEqual([37, 11, 1, 'uchar']);
    const { data } = await sharp(Buffer.from(png)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(Array.from(data)).toEqual(Array.from(v));
  });

  it('writes 16-bit gray label ids above 255 exactly', async () => {
    const labels = Int32Array.from([0, 1, 255, 256, 1000, 65535]);
    const png = await encodePng(3, 2, { kind: 'gray', bits: 16 }, labelSamples(labels, 16));
    const meta = await sharp(Buffer.from(png)).metadata();
    expect(meta.depth).toBe('ushort');
    const { values } = await decode(png);
    expect(Array.from(values)).toEqual([0, 1, 255, 256, 1000, 65535]);
  });

  it('writes RGBA', async () => {
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const png = await encodePng(2, 2, { kind: 'rgba' }, rgba);
    const { data, info } = await sharp(Buffer.from(png)).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(Array.from(data)).toEqual(Array.from(rgba));
  });

  it('refuses wrong sizes and labels that do not fit', async () => {
    await expect(encodePng(2, 2, { kind: 'rgba' }, new Uint8Array(15))).rejects.toThrow('Expected 16 samples, got 15.');
    await expect(encodePng(0, 2, { kind: 'gray', bits: 8 }, new Uint8Array(0))).rejects.toThrow('Cannot write a 0x2 PNG.');
    expect(() => labelSamples(Int32Array.from([256]), 8)).toThrow('Label 256 does not fit in 8 bits; export 16-bit ids.');
  });

  it('computes the standard CRC-32', () => {
    expect((crc32(new TextEncoder().encode('123456789')) ^ 0xffffffff) >>> 0).toBe(0xcbf43926);
  });
});

describe('export file names', () => {
  it('derive from the image name', () => {
    expect(exportFileName('coins.png', 'labels')).toBe('coins-labels.png');
    expect(exportFileName('my.photo.JPG', 'overlay')).toBe('my.photo-overlay.png');
    expect(baseName('a/b:c.tif')).toBe('a_b_c');
    expect(baseName('.hidden')).toBe('.hidden');
  });
});
