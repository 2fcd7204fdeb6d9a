/**
 * Run-length coding of binary masks. Painted masks are a few large blobs, so alternating run
 * lengths are orders of magnitude smaller than one byte per pixel: this is what the saved
 * session stores and what crosses process boundaries.
 *
 * Format: run lengths alternating outside, inside, outside, … starting with an outside run
 * (possibly 0). The runs sum to width*height. `[]` stands for "no mask" (the whole image).
 * Pure: no runtime imports, usable in main, utility process and browser.
 */

export type MaskRle = number[];

export function encodeMask(mask: Uint8Array | null): MaskRle {
  if (mask === null) return [];
  return encodeMaskRect(mask, mask.length, { x: 0, y: 0, w: mask.length, h: 1 });
}

/** The same runs over a rectangle of a mask `width` pixels wide, row by row (for undo steps). */
export function encodeMaskRect(mask: Uint8Array, width: number, r: { x: number; y: number; w: number; h: number }): MaskRle {
  const runs: number[] = [];
  let inside = false;
  let run = 0;
  for (let y = r.y; y < r.y + r.h; y++) {
    const row = y * width;
    for (let x = r.x; x < r.x + r.w; x++) {
      const v = mask[row + x] !== 0;
      if (v !== inside) {
        runs.push(run);
        run = 0;
        inside = v;
      }
      run++;
    }
  }
  runs.push(run);
  return runs;
}

/** Throws with a clear message when the runs are malformed or do not cover exactly `length` pixels. */
export function decodeMask(rle: readonly unknown[], length: number): Uint8Array | null {
  if (!Array.isArray(rle)) throw new Error('Mask runs must be an array of counts.');
  if (rle.length === 0) return null;
  let total = 0;
  for (const r of rle) {
    if (typeof r !== 'number' || !Number.isSafeInteger(r) || r < 0) {
      throw new Error(`Mask runs must be non-negative integers, got ${String(r)}.`);
    }
    total += r;
  }
  if (total !== length) throw new Error(`Mask runs cover ${total} pixels but the image has ${length}.`);
  const mask = new Uint8Array(length);
  let pos = 0;
  for (let i = 0; i < rle.length; i++) {
    const r = rle[i] as number;
    if (i % 2 === 1) mask.fill(1, pos, pos + r);
    pos += r;
  }
  return mask;
}
