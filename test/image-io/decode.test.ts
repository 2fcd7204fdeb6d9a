import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PIXELS, decodeImage, decodeImageBuffer, decodeMask, toDisplayRgba } from '../../src-main/image-io/index';
import { ioError } from './expect-io-error';
import type { Pixels } from '../../src-main/engine/types';
import { COINS_MASK, EXIF6, FLOAT32, GIF2, GRAY16, GRAY16_ALPHA, GRAY_ALPHA, PALETTE_RGBA, RGB16, RGB8, RGBA8 } from '../fixtures/patterns';

const FIX = join(import.meta.dirname, '../fixtures');
const FMT = join(FIX, 'formats');

/** Expected samples from a formula, in the decoder's interleaved order. */
function expected(width: number, height: number, channels: number, f: (x: number, y: number, c: number) => number): number[] {
  const out: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) out.push(f(x, y, c));
  return out;
}

function sampleAt(p: Pixels, x: number, y: number): number[] {
  const o = (y * p.width + x) * p.channels;
  return Array.from(p.data.subarray(o, o + p.channels));
}

describe('decodeImage: formats keep size, channels and bit depth with exact samples', () => {
  it.each(['gray16.png', 'gray16_le.tif', 'gray16_be.tif'])('%s is 37x23 gray 16-bit with every sample (x*1771 + y*2903) mod 65536', async (name) => {
    const p = await decodeImage(join(FMT, name));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([37, 23, 1, 16]);
    expect(p.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(p.data)).toEqual(expected(GRAY16.width, GRAY16.height, 1, GRAY16.value));
  });

  it.each(['rgb16.png', 'rgb16_be.tif'])('%s is 29x17 RGB 16-bit with exact samples', async (name) => {
    const p = await decodeImage(join(FMT, name));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([29, 17, 3, 16]);
    expect(p.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(p.data)).toEqual(expected(RGB16.width, RGB16.height, 3, RGB16.value));
  });

  it.each(['rgb8_le.tif', 'rgb8_be.tif', 'lossless.webp'])('%s is 21x13 RGB 8-bit with exact samples', async (name) => {
    const p = await decodeImage(join(FMT, name));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([21, 13, 3, 8]);
    expect(p.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(p.data)).toEqual(expected(RGB8.width, RGB8.height, 3, RGB8.value));
  });

  it('RGBA TIFF (8-bit, unassociated alpha) keeps four exact channels', async () => {
    const p = await decodeImage(join(FMT, 'rgba8_le.tif'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([11, 7, 4, 8]);
    expect(Array.from(p.data)).toEqual(expected(RGBA8.width, RGBA8.height, 4, RGBA8.value));
  });

  it('RGBA PNG (16-bit) keeps four exact 16-bit channels', async () => {
    const p = await decodeImage(join(FMT, 'rgba16.png'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([11, 7, 4, 16]);
    expect(Array.from(p.data)).toEqual(expected(RGBA8.width, RGBA8.height, 4, (x, y, c) => RGBA8.value(x, y, c) * 256 + c));
  });

  it('32-bit float TIFF (big-endian) keeps its float samples, negative and above 1 included', async () => {
    const p = await decodeImage(join(FMT, 'float32_be.tif'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([9, 5, 1, 32]);
    expect(p.data).toBeInstanceOf(Float32Array);
    expect(Array.from(p.data)).toEqual(expected(FLOAT32.width, FLOAT32.height, 1, FLOAT32.value));
    // Display maps 0..1 to 0..255 and clamps the rest: first row is -0.5, -0.25, 0, 0.25, ...
    expect(Array.from(toDisplayRgba(p).subarray(0, 20)).filter((_, i) => i % 4 === 0)).toEqual([0, 0, 0, 64, 128]);
  });

  it('gray+alpha PNG (8-bit) stays two channels with gray and alpha exact', async () => {
    const p = await decodeImage(join(FMT, 'gray_alpha.png'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([16, 12, 2, 8]);
    expect(Array.from(p.data)).toEqual(expected(16, 12, 2, (x, y, c) => (c === 0 ? GRAY_ALPHA.gray(x, y) : GRAY_ALPHA.alpha(x, y))));
  });

  it('gray+alpha PNG (16-bit) stays two 16-bit channels', async () => {
    const p = await decodeImage(join(FMT, 'gray16_alpha.png'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([19, 11, 2, 16]);
    expect(Array.from(p.data)).toEqual(expected(19, 11, 2, (x, y, c) => (c === 0 ? GRAY16_ALPHA.gray(x, y) : GRAY16_ALPHA.alpha(x, y))));
  });

  it('palette PNG with transparency becomes RGBA with the palette colours', async () => {
    const p = await decodeImage(join(FMT, 'palette_rgba.png'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([12, 9, 4, 8]);
    // The colour stored for a fully transparent palette entry is the quantiser's choice: compare its alpha only.
    const visible = (x: number, y: number, c: number) => PALETTE_RGBA.colors[PALETTE_RGBA.index(x, y)]![3] !== 0 || c === 3;
    const got = expected(12, 9, 4, (x, y, c) => (visible(x, y, c) ? p.data[(y * 12 + x) * 4 + c]! : -1));
    expect(got).toEqual(expected(12, 9, 4, (x, y, c) => (visible(x, y, c) ? PALETTE_RGBA.colors[PALETTE_RGBA.index(x, y)]![c]! : -1)));
    expect(got.filter((v) => v === -1).length).toBe(3 * 18);
  });

  it('palette PNG without transparency becomes RGB', async () => {
    const p = await decodeImage(join(FIX, 'palette_color.png'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([10, 10, 3, 8]);
  });

  it('JPEG with EXIF orientation 6 is turned: 48x32 stored becomes 32x48 with quadrants rotated clockwise', async () => {
    const p = await decodeImage(join(FMT, 'exif_orientation6.jpg'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([EXIF6.storedHeight, EXIF6.storedWidth, 3, 8]);
    // Clockwise turn: stored bottom-left (blue) is now top-left, stored top-left (red) top-right,
    // stored bottom-right (white) bottom-left, stored top-right (green) bottom-right.
    const near = (got: number[], want: number[]) => got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(12));
    near(sampleAt(p, 8, 12), [0, 0, 255]);
    near(sampleAt(p, 24, 12), [255, 0, 0]);
    near(sampleAt(p, 8, 36), [255, 255, 255]);
    near(sampleAt(p, 24, 36), [0, 255, 0]);
  });

  it('CMYK JPEG is converted to 3-channel RGB', async () => {
    const p = await decodeImage(join(FMT, 'cmyk.jpg'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([48, 32, 3, 8]);
    // Stored top-left is red; a CMYK round trip shifts it, but red stays dominant.
    const [r, g, b] = sampleAt(p, 6, 6);
    expect(r!).toBeGreaterThan(200);
    expect(g!).toBeLessThan(60);
    expect(b!).toBeLessThan(60);
  });

  it('animated GIF gives its first frame only', async () => {
    const p = await decodeImage(join(FMT, 'two_frames.gif'));
    expect([p.width, p.height, p.bitDepth]).toEqual([GIF2.width, GIF2.height, 8]);
    expect(p.channels).toBe(4);
    expect(sampleAt(p, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(sampleAt(p, GIF2.width - 1, GIF2.height - 1)).toEqual([0, 0, 255, 255]);
  });

  it('chessboard_GRAY_U16.tif equals the samples read straight from its uncompressed strip', async () => {
    const bytes = await readFile(join(FIX, 'chessboard_GRAY_U16.tif'));
    // Little-endian baseline TIFF, one strip of 200*200 uint16 at offset 110 (tags 273/279).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const strip = Array.from({ length: 200 * 200 }, (_, i) => view.getUint16(110 + 2 * i, true));
    const p = await decodeImage(join(FIX, 'chessboard_GRAY_U16.tif'));
    expect([p.width, p.height, p.channels, p.bitDepth]).toEqual([200, 200, 1, 16]);
    expect(Array.from(p.data)).toEqual(strip);
    expect(new Set(strip).size).toBeGreaterThan(1);
  });

  it.each([
    ['coins.png', 384, 303, 1],
    ['camera.png', 512, 512, 1],
    ['astronaut.png', 512, 512, 3],
    ['horse.png', 400, 328, 4],
  ] as const)('%s decodes to %ix%i with %i channel(s), 8-bit', async (name, w, h, ch) => {
    const p = await decodeImage(join(FIX, name));
    expect([p.width, p.height, p.channels, p.bitDepth, p.data.length]).toEqual([w, h, ch, 8, w * h * ch]);
  });

  it('coins.png samples equal sharp reading it as one gray channel', async () => {
    const ref = await sharp(join(FIX, 'coins.png')).toColourspace('b-w').raw().toBuffer();
    const p = await decodeImage(join(FIX, 'coins.png'));
    expect(Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).equals(ref)).toBe(true);
  });

  it('decodeImageBuffer gives the same pixels as decodeImage', async () => {
    const bytes = await readFile(join(FMT, 'gray16_be.tif'));
    const p = await decodeImageBuffer(bytes);
    expect(Array.from(p.data)).toEqual(expected(GRAY16.width, GRAY16.height, 1, GRAY16.value));
  });
});

describe('decodeImage: errors name the file and say what is wrong', () => {
  it('a text file is not an image', async () => {
    const e = await ioError(decodeImage(join(FMT, 'not_an_image.png')));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.message).toBe('not_an_image.png: not an image file (unsupported or corrupt format)');
  });

  it('an empty file is refused', async () => {
    const e = await ioError(decodeImage(join(FMT, 'empty.png')));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.message).toBe('empty.png: the file is empty, not an image');
  });

  it.each([
    ['truncated.png', 'PNG'],
    ['truncated.jpg', 'JPEG'],
  ])('%s is reported as truncated', async (name, kind) => {
    const e = await ioError(decodeImage(join(FMT, name)));
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toBe(`${name}: file is truncated (incomplete ${kind} data)`);
  });

  it('a TIFF cut before its directory is reported as truncated', async () => {
    const bytes = await readFile(join(FMT, 'gray16_be.tif'));
    const e = await ioError(decodeImageBuffer(bytes.subarray(0, 1000)));
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toBe('image data: file is truncated (incomplete TIFF data)');
  });

  it('a missing file is NOT_FOUND', async () => {
    const e = await ioError(decodeImage(join(FMT, 'no-such-file.png')));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe(`${join(FMT, 'no-such-file.png')}: file not found`);
  });

  it('a folder is UNREADABLE', async () => {
    const e = await ioError(decodeImage(FMT));
    expect(e.code).toBe('UNREADABLE');
    expect(e.message).toContain('is a folder');
  });

  it('the pixel limit refuses coins.png (116,352 pixels) at a limit of 100,000 and accepts it at exactly its size', async () => {
    const e = await ioError(decodeImage(join(FIX, 'coins.png'), { maxPixels: 100_000 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toBe('coins.png: 384x303 = 116,352 pixels exceeds the limit of 100,000 pixels');
    const p = await decodeImage(join(FIX, 'coins.png'), { maxPixels: 384 * 303 });
    expect(p.width * p.height).toBe(116_352);
  });

  it('a 40000x40000 PNG header (a decompression bomb) is refused by the default limit before decoding', async () => {
    const bomb = pngHeaderOnly(40000, 40000);
    const e = await ioError(decodeImageBuffer(bomb));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toBe('image data: 40000x40000 = 1.6 GP exceeds the limit of 100.0 MP');
    expect(DEFAULT_MAX_PIXELS).toBe(100_000_000);
  });
});

/** Signature + IHDR + a token IDAT + IEND: a valid header claiming any size, with almost no data. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const chunk = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(12 + body.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, body.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(body, 8);
    v.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // gray
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(new Uint8Array(64))), chunk('IEND', new Uint8Array(0))];
  return Buffer.concat(parts);
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('decodeMask', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mask-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('coins_mask.png marks exactly its 200x150 rectangle', async () => {
    const m = await decodeMask(join(FMT, 'coins_mask.png'), 384, 303);
    expect(m.length).toBe(384 * 303);
    expect(m.reduce((a, b) => a + b, 0)).toBe(200 * 150);
    const at = (x: number, y: number) => m[y * 384 + x];
    expect(at(COINS_MASK.x0, COINS_MASK.y0)).toBe(1);
    expect(at(COINS_MASK.x0 + 199, COINS_MASK.y0 + 149)).toBe(1);
    expect(at(COINS_MASK.x0 - 1, COINS_MASK.y0)).toBe(0);
    expect(at(COINS_MASK.x0 + 200, COINS_MASK.y0 + 149)).toBe(0);
  });

  it('a mask of another size is SIZE_MISMATCH', async () => {
    const e = await ioError(decodeMask(join(FIX, 'camera.png'), 384, 303));
    expect(e.code).toBe('SIZE_MISMATCH');
    expect(e.message).toBe('camera.png: the mask is 512x512 but the image is 384x303');
  });

  it('RGBA mask: non-zero colour AND at least half opaque is inside', async () => {
    const px = [
      [255, 0, 0, 255], // inside
      [255, 255, 255, 0], // transparent: outside
      [0, 0, 0, 255], // black: outside
      [0, 5, 0, 128], // half opaque, non-zero: inside
      [9, 9, 9, 127], // below half: outside
      [0, 0, 1, 200], // inside
    ];
    const path = join(dir, 'rgba-mask.png');
    await writeFile(path, await sharp(Uint8Array.from(px.flat()), { raw: { width: 3, height: 2, channels: 4 } }).png().toBuffer());
    expect(Array.from(await decodeMask(path, 3, 2))).toEqual([1, 0, 0, 1, 0, 1]);
  });
});

describe('toDisplayRgba', () => {
  it('scales 16-bit gray by 255/65535 and adds opaque alpha', () => {
    const p: Pixels = { width: 4, height: 1, channels: 1, bitDepth: 16, data: Uint16Array.from([0, 257, 32896, 65535]) };
    expect(Array.from(toDisplayRgba(p))).toEqual([0, 0, 0, 255, 1, 1, 1, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });

  it('expands gray+alpha and keeps RGBA', () => {
    const ga: Pixels = { width: 2, height: 1, channels: 2, bitDepth: 8, data: Uint8Array.from([10, 20, 30, 40]) };
    expect(Array.from(toDisplayRgba(ga))).toEqual([10, 10, 10, 20, 30, 30, 30, 40]);
    const rgba: Pixels = { width: 1, height: 1, channels: 4, bitDepth: 8, data: Uint8Array.from([1, 2, 3, 4]) };
    expect(Array.from(toDisplayRgba(rgba))).toEqual([1, 2, 3, 4]);
  });

  it('decoded 16-bit RGB PNG displays as its samples / 257 rounded', async () => {
    const p = await decodeImage(join(FMT, 'rgb16.png'));
    const rgba = toDisplayRgba(p);
    expect(rgba.length).toBe(29 * 17 * 4);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([...[1000, 21011, 41022].map((v) => Math.round(v / 257)), 255]);
  });
});
