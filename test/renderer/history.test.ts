import { describe, expect, it } from 'vitest';
import { MaskHistory, diffRect } from '../../src-renderer/lib/history';
import { paintSegment, countMask } from '../../src-renderer/lib/brush';

const W = 7;
const H = 5;

function grid(rows: string[]): Uint8Array {
  return Uint8Array.from(rows.join('').split('').map((c) => (c === '#' ? 1 : 0)));
}

describe('MaskHistory', () => {
  it('undoes and redoes a sequence of edits to the exact bytes', () => {
    const h = new MaskHistory(W, H);
    const s0 = new Uint8Array(W * H);
    const s1 = grid(['.......', '.##....', '.##....', '.......', '.......']);
    const s2 = grid(['.......', '.##....', '.######', '......#', '......#']);
    const s3 = Uint8Array.from(s2, (v) => 1 - v); // invert

    const mask = s0.slice();
    mask.set(s1);
    expect(h.record(s0, mask, 'stroke')).toEqual({ x: 1, y: 1, w: 2, h: 2 });
    const before2 = mask.slice();
    mask.set(s2);
    expect(h.record(before2, mask, 'stroke')).toEqual({ x: 3, y: 2, w: 4, h: 3 });
    const before3 = mask.slice();
    mask.set(s3);
    expect(h.record(before3, mask, 'invert')).toEqual({ x: 0, y: 0, w: 7, h: 5 });
    expect(h.size).toBe(3);
    expect(h.undoLabel).toBe('invert');
    expect(h.redoLabel).toBeNull();

    expect(h.undo(mask)).toEqual({ x: 0, y: 0, w: 7, h: 5 });
    expect(Array.from(mask)).toEqual(Array.from(s2));
    h.undo(mask);
    expect(Array.from(mask)).toEqual(Array.from(s1));
    h.undo(mask);
    expect(Array.from(mask)).toEqual(Array.from(s0));
    expect(h.canUndo).toBe(false);
    expect(h.undo(mask)).toBeNull();
    expect(Array.from(mask)).toEqual(Array.from(s0));

    h.redo(mask);
    expect(Array.from(mask)).toEqual(Array.from(s1));
    h.redo(mask);
    h.redo(mask);
    expect(Array.from(mask)).toEqual(Array.from(s3));
    expect(h.canRedo).toBe(false);
  });

  it('drops the redo branch after a new edit and records nothing for a no-op', () => {
    const h = new MaskHistory(W, H);
    const mask = new Uint8Array(W * H);
    const a = mask.slice();
    mask[0] = 1;
    h.record(a, mask);
    h.undo(mask);
    expect(h.canRedo).toBe(true);
    const b = mask.slice();
    mask[W * H - 1] = 1;
    h.record(b, mask);
    expect(h.canRedo).toBe(false);
    expect(h.record(mask.slice(), mask)).toBeNull();
    expect(h.size).toBe(1);
    h.undo(mask);
    expect(countMask(mask)).toBe(0);
  });

  it('numbers the masks it leads through: undo and redo give back a number, a new edit gets a new one', () => {
    const h = new MaskHistory(W, H);
    const mask = new Uint8Array(W * H);
    const start = h.state;
    const a = mask.slice();
    mask[0] = 1;
    h.record(a, mask);
    const painted = h.state;
    expect(painted).not.toBe(start);
    // A no-op records nothing and keeps the number.
    h.record(mask.slice(), mask);
    expect(h.state).toBe(painted);
    h.undo(mask);
    expect(h.state).toBe(start);
    h.redo(mask);
    expect(h.state).toBe(painted);
    h.undo(mask);
    // The same pixel painted again is a new edit: a new number, though the bytes match.
    const b = mask.slice();
    mask[0] = 1;
    h.record(b, mask);
    expect([start, painted]).not.toContain(h.state);
  });

  it('treats any non-zero byte as inside and stores 0/1 on undo', () => {
    const h = new MaskHistory(3, 1);
    const before = Uint8Array.from([255, 0, 7]);
    const after = Uint8Array.from([1, 1, 1]);
    expect(h.record(before, after)).toEqual({ x: 1, y: 0, w: 1, h: 1 });
    const m = after.slice();
    h.undo(m);
    expect(Array.from(m)).toEqual([1, 0, 1]);
  });

  it('keeps memory bounded by dropping the oldest steps', () => {
    const h = new MaskHistory(W, H, 1_000_000, 5);
    const mask = new Uint8Array(W * H);
    for (let i = 0; i < 12; i++) {
      const b = mask.slice();
      mask[i] = 1;
      h.record(b, mask);
    }
    expect(h.size).toBe(5);
    while (h.canUndo) h.undo(mask);
    // The seven oldest pixels stay painted: their steps were dropped.
    expect(Array.from(mask.subarray(0, 12))).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('undoes brush strokes on a 4 MP mask exactly and cheaply', () => {
    const w = 2048;
    const hgt = 2048;
    const h = new MaskHistory(w, hgt);
    const mask = new Uint8Array(w * hgt);
    const snapshots: Uint8Array[] = [mask.slice()];
    const strokes: [number, number, number, number, number, 0 | 1][] = [
      [100, 200, 400, 1500, 20, 1],
      [400, 200, 650, 1500, 25, 1],
      [700, 200, 900, 1500, 30, 1],
      [0, 800, 2047, 900, 35, 0], // eraser across the three strokes
      [1300, 200, 1400, 1500, 40, 1],
    ];
    for (const [x0, y0, x1, y1, r, v] of strokes) {
      const before = mask.slice();
      const rect = paintSegment(mask, w, hgt, x0, y0, x1, y1, r, v);
      expect(h.record(before, mask, 'stroke', rect)).not.toBeNull();
      snapshots.push(mask.slice());
    }
    expect(h.size).toBe(5);
    for (let s = 4; s >= 0; s--) {
      h.undo(mask);
      expect(Buffer.compare(Buffer.from(mask), Buffer.from(snapshots[s]!))).toBe(0);
    }
    for (let s = 1; s <= 5; s++) {
      h.redo(mask);
      expect(Buffer.compare(Buffer.from(mask), Buffer.from(snapshots[s]!))).toBe(0);
    }
  });
});

describe('diffRect', () => {
  it('finds the bounding box of differing pixels', () => {
    const a = new Uint8Array(W * H);
    const b = a.slice();
    b[1 * W + 5] = 1;
    b[3 * W + 2] = 1;
    expect(diffRect(a, b, W, H)).toEqual({ x: 2, y: 1, w: 4, h: 3 });
    expect(diffRect(a, a, W, H)).toBeNull();
  });
});

describe('paintSegment', () => {
  it('paints a disc of the brush radius for a click', () => {
    const m = new Uint8Array(11 * 11);
    const rect = paintSegment(m, 11, 11, 5.5, 5.5, 5.5, 5.5, 2, 1);
    // Pixel centres within distance 2 of (5.5,5.5): 13 pixels (the discrete disc of radius 2).
    expect(countMask(m)).toBe(13);
    expect(rect).toEqual({ x: 3, y: 3, w: 6, h: 6 });
  });

  it('paints the pixel under the pointer for a 1-pixel click off its centre, and only that one', () => {
    const m = new Uint8Array(5 * 5);
    const rect = paintSegment(m, 5, 5, 2.1, 3.9, 2.1, 3.9, 0.5, 1);
    expect(countMask(m)).toBe(1);
    expect(m[3 * 5 + 2]).toBe(1);
    expect(rect!.x <= 2 && rect!.y <= 3 && rect!.x + rect!.w > 2 && rect!.y + rect!.h > 3).toBe(true);
  });

  it('covers a capsule for a drag and clips at the border', () => {
    const m = new Uint8Array(20 * 10);
    paintSegment(m, 20, 10, -5, 5, 25, 5, 1, 1);
    // Rows whose centre lies within 1 of y=5: rows 4 and 5 (centres 4.5, 5.5), full width.
    expect(countMask(m)).toBe(40);
    expect(m[4 * 20]).toBe(1);
    expect(m[6 * 20]).toBe(0);
    paintSegment(m, 20, 10, 0, 0, 19, 0, 50, 0);
    expect(countMask(m)).toBe(0);
  });
});
