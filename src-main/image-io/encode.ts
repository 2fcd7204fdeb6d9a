/** PNG encoders for label maps, colour maps, overlays and masks. */
import sharp from 'sharp';
import type { Pixels } from '../engine/types';
import { colorizeLabels, overlayRgba } from '../engine/render';
import { toDisplayRgba } from './display';

function checkSize(name: string, length: number, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`${name}: invalid size ${width}x${height}`);
  }
  if (length !== width * height) throw new RangeError(`${name} has ${length} entries, expected ${width}x${height} = ${width * height}`);
}

/**
 * Label ids as a gray PNG (0 outside the mask). 8-bit when every label fits, else 16-bit;
 * asking for 8 bits with a label above 255 is an error rather than a silent wrap-around.
 */
export async function encodeLabelsPng(labels: Int32Array, width: number, height: number, bits?: 8 | 16): Promise<Uint8Array> {
  checkSize('labels', labels.length, width, height);
  let max = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l < 0 || l > 65535) throw new RangeError(`label ${l} at pixel ${i} cannot be stored in a PNG (0..65535)`);
    if (l > max) max = l;
  }
  const depth = bits ?? (max <= 255 ? 8 : 16);
  if (depth !== 8 && depth !== 16) throw new RangeError(`label PNGs are 8 or 16-bit, not ${String(depth)}`);
  if (depth === 8 && max > 255) throw new RangeError(`an 8-bit label PNG holds labels up to 255, but the largest label is ${max}: use 16 bits`);
  const raw = { width, height, channels: 1 as const };
  const png =
    depth === 8
      ? sharp(Uint8Array.from(labels), { raw }).toColourspace('b-w')
      : sharp(Uint16Array.from(labels), { raw }).toColourspace('grey16');
  return png.png({ compressionLevel: 6 }).toBuffer();
}

/** Each label in its labelColor, label 0 fully transparent (RGBA PNG). */
export async function encodeColorPng(labels: Int32Array, width: number, height: number): Promise<Uint8Array> {
  checkSize('labels', labels.length, width, height);
  return rgbaPng(colorizeLabels(labels, width, height), width, height);
}

/** The image (8-bit display rendition) with region boundaries drawn (RGBA PNG). */
export async function encodeOverlayPng(pixels: Pixels, labels: Int32Array): Promise<Uint8Array> {
  checkSize('labels', labels.length, pixels.width, pixels.height);
  return rgbaPng(overlayRgba(toDisplayRgba(pixels), labels, pixels.width, pixels.height), pixels.width, pixels.height);
}

/** 0 outside, 255 inside: a gray PNG that decodeMask reads back as the same mask. */
export async function encodeMaskPng(mask: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  checkSize('mask', mask.length, width, height);
  const gray = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) gray[i] = mask[i] !== 0 ? 255 : 0;
  return sharp(gray, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

function rgbaPng(rgba: Uint8ClampedArray, width: number, height: number): Promise<Uint8Array> {
  return sharp(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } }).png().toBuffer();
}
