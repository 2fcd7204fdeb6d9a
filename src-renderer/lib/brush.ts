/**
 * Brush rasterisation: a round brush dragged from one point to the next covers a capsule (all
 * pixels whose centre lies within `radius` of the segment). Painting the capsule per mouse move
 * leaves no gaps however fast the pointer moves.
 */
import { clipRect, type Rect } from './rect';

export function paintSegment(
  mask: Uint8Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  radius: number,
  value: 0 | 1,
): Rect | null {
  const r = Math.max(0.5, radius);
  const box = clipRect(
    { x: Math.min(x0, x1) - r, y: Math.min(y0, y1) - r, w: Math.abs(x1 - x0) + 2 * r + 1, h: Math.abs(y1 - y0) + 2 * r + 1 },
    width,
    height,
  );
  if (!box) return null;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const r2 = r * r;
  for (let y = box.y; y < box.y + box.h; y++) {
    const py = y + 0.5;
    for (let x = box.x; x < box.x + box.w; x++) {
      const px = x + 0.5;
      let t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - (x0 + t * dx);
      const ey = py - (y0 + t * dy);
      if (ex * ex + ey * ey <= r2) mask[y * width + x] = value;
    }
  }
  // The pixels under the two ends are always painted: a 1-pixel brush clicked off a pixel's
  // centre reaches no centre, and the user expects the pixel under the pointer.
  for (const [x, y] of [[x0, y0], [x1, y1]]) {
    const px = Math.floor(x);
    const py = Math.floor(y);
    if (px >= 0 && py >= 0 && px < width && py < height) mask[py * width + px] = value;
  }
  return box;
}

export function countMask(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  return n;
}
