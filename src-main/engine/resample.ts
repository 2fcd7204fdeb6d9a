/**
 * Working resolution: very large images are segmented on a box-averaged copy and the labels are
 * carried back to full size. The factor is an integer so every working pixel is an exact block.
 */
import type { Mask, Pixels } from './types';

export function downscaleFactor(width: number, height: number, maxPixels: number | undefined): number {
  if (!maxPixels || width * height <= maxPixels) return 1;
  return Math.ceil(Math.sqrt((width * height) / maxPixels));
}

export function downscalePixels(p: Pixels, f: number): Pixels {
  const w = Math.ceil(p.width / f);
  const h = Math.ceil(p.height / f);
  const c = p.channels;
  const out = new Float64Array(w * h * c);
  const counts = new Float64Array(w * h);
  for (let y = 0; y < p.height; y++) {
    const row = Math.floor(y / f) * w;
    for (let x = 0; x < p.width; x++) {
      const q = row + Math.floor(x / f);
      counts[q]++;
      const s = (y * p.width + x) * c;
      for (let k = 0; k < c; k++) out[q * c + k] += p.data[s + k];
    }
  }
  for (let q = 0; q < w * h; q++) for (let k = 0; k < c; k++) out[q * c + k] /= counts[q];
  return { width: w, height: h, channels: p.channels, bitDepth: 64, data: out };
}

/** A working pixel is inside when at least half of its block is inside. */
export function downscaleMask(mask: Mask, width: number, height: number, f: number): Mask {
  if (!mask) return null;
  const w = Math.ceil(width / f);
  const h = Math.ceil(height / f);
  const inside = new Float64Array(w * h);
  const counts = new Float64Array(w * h);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const q = Math.floor(y / f) * w + Math.floor(x / f);
      counts[q]++;
      if (mask[y * width + x]) inside[q]++;
    }
  const out = new Uint8Array(w * h);
  for (let q = 0; q < w * h; q++) out[q] = inside[q] * 2 >= counts[q] && inside[q] > 0 ? 1 : 0;
  return out;
}

/** Nearest-neighbour upsampling of a working-resolution grid. */
export function upscaleGrid<T extends Int32Array | Float32Array>(src: T, w: number, width: number, height: number, f: number, make: (n: number) => T): T {
  const out = make(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / f) * w;
    for (let x = 0; x < width; x++) out[y * width + x] = src[row + Math.floor(x / f)];
  }
  return out;
}
