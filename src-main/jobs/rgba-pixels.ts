/**
 * Pixels from an 8-bit RGBA bitmap (what a browser decoder gives: canvas getImageData,
 * createImageBitmap). Drops what the bitmap only pads in, so a gray PNG decoded by Chromium
 * segments like the same PNG decoded by sharp: no alpha channel when every pixel is opaque,
 * one channel when R = G = B everywhere. Pure: used by the preload fallback and the browser.
 */
import type { Pixels } from '../engine/types';

export function pixelsFromRgba(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): Pixels {
  const n = width * height;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || rgba.length !== n * 4) {
    throw new Error(`RGBA data of ${rgba.length} bytes does not fit a ${width}x${height} image.`);
  }
  let opaque = true;
  let gray = true;
  for (let i = 0; i < n * 4; i += 4) {
    if (rgba[i + 3] !== 255) opaque = false;
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) gray = false;
    if (!opaque && !gray) break;
  }
  const channels = ((gray ? 1 : 3) + (opaque ? 0 : 1)) as Pixels['channels'];
  if (channels === 4) return { width, height, channels, bitDepth: 8, data: new Uint8Array(rgba) };
  const data = new Uint8Array(n * channels);
  for (let p = 0, o = 0; p < n; p++) {
    const i = p * 4;
    data[o++] = rgba[i]!;
    if (!gray) {
      data[o++] = rgba[i + 1]!;
      data[o++] = rgba[i + 2]!;
    }
    if (!opaque) data[o++] = rgba[i + 3]!;
  }
  return { width, height, channels, bitDepth: 8, data };
}
