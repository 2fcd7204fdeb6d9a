import { describe, expect, it } from 'vitest';
import { BOUNDARY_COLOR, PALETTE_SIZE, colorizeLabels, labelBoundaries, labelColor, overlayRgba } from '../../src-main/engine/render';

describe('labelColor', () => {
  it('labels 1..200 all have different colours, and the same colour on every call', () => {
    const seen = new Set<string>();
    for (let l = 1; l <= 200; l++) {
      const c = labelColor(l);
      expect(c).toEqual(labelColor(l));
      c.forEach((v) => expect(Number.isInteger(v) && v >= 0 && v <= 255).toBe(true));
      seen.add(c.join(','));
    }
    expect(seen.size).toBe(200);
  });

  it('the first 8 colours are far apart (every pair differs by at least 90 in some channel)', () => {
    for (let a = 1; a <= 8; a++) {
      for (let b = a + 1; b <= 8; b++) {
        const ca = labelColor(a);
        const cb = labelColor(b);
        expect(Math.max(...ca.map((v, i) => Math.abs(v - cb[i]!)))).toBeGreaterThanOrEqual(90);
      }
    }
    expect(PALETTE_SIZE).toBe(20);
  });
});

describe('colorizeLabels', () => {
  it('label 0 is transparent, others opaque in their colour', () => {
    const rgba = colorizeLabels(Int32Array.from([0, 1, 2, 25]), 2, 2);
    expect(Array.from(rgba)).toEqual([0, 0, 0, 0, ...labelColor(1), 255, ...labelColor(2), 255, ...labelColor(25), 255]);
  });

  it('refuses labels of the wrong length', () => {
    expect(() => colorizeLabels(new Int32Array(3), 2, 2)).toThrow(RangeError);
  });
});

describe('labelBoundaries', () => {
  it('marks both sides of a label change with 4-neighbours only', () => {
    // 4x3: a 2x2 block of label 1 at the top-left in a field of 2.
    const labels = Int32Array.from([1, 1, 2, 2, 1, 1, 2, 2, 2, 2, 2, 2]);
    expect(Array.from(labelBoundaries(labels, 4, 3))).toEqual([0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 0]);
  });

  it('a single label has no boundary', () => {
    expect(Array.from(labelBoundaries(new Int32Array(6).fill(3), 3, 2))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('overlayRgba', () => {
  it('paints boundary pixels opaque yellow and leaves others and the input untouched', () => {
    const rgba = new Uint8ClampedArray([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]);
    const labels = Int32Array.from([1, 1, 0]);
    const out = overlayRgba(rgba, labels, 3, 1);
    expect(Array.from(out)).toEqual([10, 20, 30, 40, ...BOUNDARY_COLOR, 255, ...BOUNDARY_COLOR, 255]);
    expect(rgba[4]).toBe(50);
  });
});
