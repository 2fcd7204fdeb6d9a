/**
 * Full-resolution source canvases per document, drawn onto the visible panes with the current
 * zoom. The mask layer is updated only inside dirty rectangles, which is what keeps painting on
 * a 4 MP image fluid.
 */
import type { Doc } from '../state/document.svelte';
import type { Rect } from '../lib/rect';

/** Outside-the-mask pixels are dimmed with this dark blue (visible on dark images too); inside stays clear. */
const DIM: [number, number, number] = [24, 40, 96];

interface Layers {
  image: HTMLCanvasElement;
  mask: HTMLCanvasElement;
  maskData: ImageData;
  result: { source: unknown; color: HTMLCanvasElement; overlay: HTMLCanvasElement } | null;
}

const cache = new WeakMap<Doc, Layers>();

function canvasOf(width: number, height: number, rgba?: Uint8ClampedArray): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  if (rgba) c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  return c;
}

export function layersOf(doc: Doc): Layers {
  let l = cache.get(doc);
  if (!l) {
    const mask = canvasOf(doc.width, doc.height);
    const maskData = new ImageData(doc.width, doc.height);
    l = { image: canvasOf(doc.width, doc.height, doc.rgba), mask, maskData, result: null };
    cache.set(doc, l);
    updateMask(doc, null);
    doc.onMaskChange((rect) => updateMask(doc, rect));
  }
  return l;
}

function updateMask(doc: Doc, rect: Rect | null): void {
  const l = cache.get(doc);
  if (!l) return;
  const r = rect ?? { x: 0, y: 0, w: doc.width, h: doc.height };
  const d = l.maskData.data;
  const m = doc.mask;
  const w = doc.width;
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const o = (y * w + x) * 4;
      d[o] = DIM[0];
      d[o + 1] = DIM[1];
      d[o + 2] = DIM[2];
      d[o + 3] = m[y * w + x] ? 0 : 255;
    }
  }
  l.mask.getContext('2d')!.putImageData(l.maskData, 0, 0, r.x, r.y, r.w, r.h);
}

export function resultLayers(doc: Doc): { color: HTMLCanvasElement; overlay: HTMLCanvasElement } | null {
  const l = layersOf(doc);
  const res = doc.result;
  if (!res) return null;
  if (l.result?.source !== res) {
    const { width, height } = res.outcome;
    l.result = { source: res, color: canvasOf(width, height, res.colorRgba), overlay: canvasOf(width, height, res.overlay) };
  }
  return l.result;
}

/** Range of an eigenvector inside the mask; `constant` when it does not vary beyond rounding. */
export function eigenvectorRange(v: Float32Array, labels: Int32Array | null): { lo: number; hi: number; constant: boolean } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (labels && labels[i] === 0) continue;
    const x = v[i]!;
    if (Number.isFinite(x)) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  // Float32 rounding of a constant vector (the first one of a connected mask) spreads it by ~1e-7.
  const constant = !(hi > lo) || hi - lo <= 1e-5 * Math.max(Math.abs(lo), Math.abs(hi));
  return { lo, hi, constant };
}

/**
 * An eigenvector as a gray image scaled to its range inside the mask; outside transparent. A
 * constant vector is drawn mid-gray (stretching its rounding noise would show a meaningless pattern).
 */
export function eigenvectorCanvas(v: Float32Array, width: number, labels: Int32Array | null): HTMLCanvasElement {
  const height = v.length / width;
  const { lo, hi, constant } = eigenvectorRange(v, labels);
  const span = hi - lo;
  const rgba = new Uint8ClampedArray(v.length * 4);
  for (let i = 0; i < v.length; i++) {
    if (labels && labels[i] === 0) continue;
    const g = constant ? 128 : Math.round(((v[i]! - lo) / span) * 255);
    rgba[4 * i] = g;
    rgba[4 * i + 1] = g;
    rgba[4 * i + 2] = g;
    rgba[4 * i + 3] = 255;
  }
  return canvasOf(width, height, rgba);
}
