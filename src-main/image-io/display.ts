/** 8-bit RGBA renditions of decoded pixels, for screens and overlays. */
import type { Pixels } from '../engine/types';

/**
 * 8-bit RGBA: gray is copied into R, G and B, a missing alpha becomes 255, 16-bit samples are
 * scaled by 255/65535 (rounded, so 65535 -> 255 and 257 -> 1). Float data (32-bit) is assumed to
 * be in 0..1 as libvips produces for float images.
 */
export function toDisplayRgba(p: Pixels): Uint8ClampedArray {
  const n = p.width * p.height;
  const ch = p.channels;
  if (p.data.length !== n * ch) throw new RangeError(`pixel data has ${p.data.length} samples, expected ${p.width}x${p.height}x${ch}`);
  const scale = p.bitDepth === 16 ? 255 / 65535 : p.bitDepth === 8 ? 1 : 255;
  const d = p.data;
  const out = new Uint8ClampedArray(n * 4);
  const gray = ch <= 2;
  const alphaAt = ch === 2 ? 1 : ch === 4 ? 3 : -1;
  for (let i = 0; i < n; i++) {
    const s = i * ch;
    const o = i * 4;
    if (gray) {
      const v = Math.round(d[s]! * scale);
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
    } else {
      out[o] = Math.round(d[s]! * scale);
      out[o + 1] = Math.round(d[s + 1]! * scale);
      out[o + 2] = Math.round(d[s + 2]! * scale);
    }
    out[o + 3] = alphaAt < 0 ? 255 : Math.round(d[s + alphaAt]! * scale);
  }
  return out;
}
