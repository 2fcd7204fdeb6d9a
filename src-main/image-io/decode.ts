/** Decoding image files into Pixels with sharp, keeping the source's channels and bit depth. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import type { Metadata, OutputInfo } from 'sharp';
import type { Pixels } from '../engine/types';
import { ImageIoError, errnoCode, formatPixelCount } from './errors';
import { extraFramesNote, looksTruncated, messageSaysTruncated, sniffContainer } from './sniff';

/**
 * Decompression-bomb limit: 100 megapixels. A 100 MP image is already 300 MB as 8-bit RGB and
 * 800 MB as 16-bit RGBA, and segmentation downsamples far below that anyway; anything larger is
 * far more likely a hostile file than a photo (sharp's own default, 16383², is 268 MP).
 */
export const DEFAULT_MAX_PIXELS = 100_000_000;

export interface DecodeOptions {
  maxPixels?: number;
}

/** Reads and decodes an image file. Errors name the file; see ImageIoError codes. */
export async function decodeImage(path: string, opts: DecodeOptions = {}): Promise<Pixels> {
  return (await decodeNamed(await readImageFile(path), basename(path), opts)).pixels;
}

export async function decodeImageBuffer(data: Uint8Array, opts: DecodeOptions = {}): Promise<Pixels> {
  return (await decodeNamed(data, 'image data', opts)).pixels;
}

/**
 * An image file for the app: its pixels and, where the file holds more than it shows, a note for
 * the user. An animated GIF or WebP, or a multi-page TIFF, opens at its first frame or page, and
 * without the note the user would believe the whole file was segmented.
 */
export async function decodeImageFile(path: string, opts: DecodeOptions = {}): Promise<{ pixels: Pixels; note?: string }> {
  const data = await readImageFile(path);
  const { pixels, pages } = await decodeNamed(data, basename(path), opts);
  const note = extraFramesNote(pages, sniffContainer(data));
  return note ? { pixels, note } : { pixels };
}

/**
 * A mask file of the image's size. A pixel is inside (1) when any colour channel is non-zero
 * and it is opaque, i.e. its alpha, if the file has one, is at least half of full scale: painted
 * masks often have soft edges, and a half-transparent pixel is closer to opaque than to absent.
 */
export async function decodeMask(path: string, width: number, height: number): Promise<Uint8Array> {
  const p = await decodeImage(path);
  if (p.width !== width || p.height !== height) {
    throw new ImageIoError('SIZE_MISMATCH', `${basename(path)}: the mask is ${p.width}x${p.height} but the image is ${width}x${height}`);
  }
  return maskFromPixels(p);
}

export function maskFromPixels(p: Pixels): Uint8Array {
  const n = p.width * p.height;
  const ch = p.channels;
  const hasAlpha = ch === 2 || ch === 4;
  const colour = hasAlpha ? ch - 1 : ch;
  const full = p.bitDepth === 16 ? 65535 : p.bitDepth === 8 ? 255 : 1;
  const out = new Uint8Array(n);
  const d = p.data;
  for (let i = 0; i < n; i++) {
    const o = i * ch;
    if (hasAlpha && d[o + colour]! * 2 < full) continue;
    for (let c = 0; c < colour; c++) {
      if (d[o + c] !== 0) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

async function readImageFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ImageIoError('NOT_FOUND', `${path}: file not found`, { cause: err });
    if (code === 'EISDIR') throw new ImageIoError('UNREADABLE', `${path}: is a folder, not an image file`, { cause: err });
    if (code === 'EACCES' || code === 'EPERM') throw new ImageIoError('UNREADABLE', `${path}: permission denied`, { cause: err });
    throw new ImageIoError('UNREADABLE', `${path}: cannot read the file (${(err as Error).message})`, { cause: err });
  }
}

function checkedLimit(maxPixels: number | undefined): number {
  const limit = maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(limit >= 1)) throw new RangeError(`maxPixels must be at least 1, got ${maxPixels}`);
  return limit;
}

async function decodeNamed(data: Uint8Array, name: string, opts: DecodeOptions): Promise<{ pixels: Pixels; pages: number }> {
  const limit = checkedLimit(opts.maxPixels);
  if (data.length === 0) throw new ImageIoError('UNSUPPORTED', `${name}: the file is empty, not an image`);
  const container = sniffContainer(data);

  let meta: Metadata;
  try {
    // Header only, without the limit, so a too-large file can be refused with its dimensions.
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw decodeFailure(err, data, container, name);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > limit) {
    throw new ImageIoError('TOO_LARGE', `${name}: ${width}x${height} = ${formatPixelCount(width * height)} exceeds the limit of ${formatPixelCount(limit)}`);
  }

  const sixteen = meta.depth === 'ushort' || meta.depth === 'short';
  const float = meta.depth === 'float' || meta.depth === 'double' || meta.depth === 'uint' || meta.depth === 'int';
  const gray = meta.space === 'b-w' || meta.space === 'grey16';
  // sharp converts to sRGB on output unless told otherwise; naming the target keeps gray as one
  // channel and 16-bit as 16-bit. Everything else (CMYK, Lab, palette...) becomes RGB(A).
  // Exception: libvips drops the alpha of 8-bit gray+alpha when asked for 'b-w', so that case is
  // decoded as RGBA (gray -> sRGB copies the value exactly) and folded back to two channels below.
  const grayAlpha8 = gray && !sixteen && !float && meta.hasAlpha === true;
  const space = gray && !grayAlpha8 ? (sixteen ? 'grey16' : 'b-w') : sixteen ? 'rgb16' : 'srgb';
  const depth = sixteen ? 'ushort' : float ? 'float' : 'uchar';

  let raw: { data: Buffer; info: OutputInfo };
  try {
    // sharp wants an integer; Infinity (no limit) maps to false.
    raw = await sharp(data, { limitInputPixels: Number.isFinite(limit) ? Math.floor(limit) : false, failOn: 'truncated', autoOrient: true })
      .toColourspace(space)
      .raw({ depth })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw decodeFailure(err, data, container, name);
  }
  const { info } = raw;
  const pages = meta.pages ?? 1;
  if (grayAlpha8 && info.channels === 4) {
    return { pixels: { width: info.width, height: info.height, channels: 2, bitDepth: 8, data: rgbaToGrayAlpha(raw.data) }, pages };
  }
  const channels = info.channels;
  if (channels < 1 || channels > 4) throw new ImageIoError('UNSUPPORTED', `${name}: images with ${channels} channels are not supported`);
  const pixels: Pixels = {
    width: info.width,
    height: info.height,
    channels: channels as Pixels['channels'],
    bitDepth: sixteen ? 16 : float ? 32 : 8,
    data: sixteen ? toUint16(raw.data) : float ? toFloat32(raw.data) : new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength),
  };
  return { pixels, pages };
}

function rgbaToGrayAlpha(rgba: Uint8Array): Uint8Array {
  const n = rgba.length / 4;
  const out = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = rgba[4 * i]!;
    out[2 * i + 1] = rgba[4 * i + 3]!;
  }
  return out;
}

// Typed views need aligned offsets; sharp's buffers usually are, but copying when not is cheap insurance.
function toUint16(b: Buffer): Uint16Array {
  if (b.byteOffset % 2 === 0) return new Uint16Array(b.buffer, b.byteOffset, b.byteLength / 2);
  return new Uint16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function toFloat32(b: Buffer): Float32Array {
  if (b.byteOffset % 4 === 0) return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function decodeFailure(err: unknown, data: Uint8Array, container: ReturnType<typeof sniffContainer>, name: string): ImageIoError {
  const detail = err instanceof Error ? err.message : String(err);
  if (/exceeds pixel limit/i.test(detail)) {
    return new ImageIoError('TOO_LARGE', `${name}: the image exceeds the pixel limit`, { cause: err });
  }
  if ((container !== 'unknown' && looksTruncated(data, container)) || messageSaysTruncated(detail)) {
    return new ImageIoError('TRUNCATED', `${name}: file is truncated (incomplete ${container === 'unknown' ? 'image' : container.toUpperCase()} data)`, { cause: err });
  }
  if (container === 'unknown') {
    return new ImageIoError('UNSUPPORTED', `${name}: not an image file (unsupported or corrupt format)`, { cause: err });
  }
  return new ImageIoError('UNSUPPORTED', `${name}: corrupt ${container.toUpperCase()} image (${firstLine(detail)})`, { cause: err });
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
