/**
 * Full-resolution source canvases per document, drawn onto the visible panes with the current
 * zoom. The mask layer is updated only inside dirty rectangles, which is what keeps painting on
 * a 4 MP image fluid.
 */
import type { Doc } from '../state/document.svelte';
import type { Rect } from '../lib/rect';
import { thresholdMask } from '../lib/otsu';

/** Outside-the-mask pixels are dimmed with this dark blue (visible on dark images too); inside stays clear. */
const DIM: [number, number, number] = [24, 40, 96];

interface Layers {
  image: HTMLCanvasElement;
  mask: HTMLCanvasElement;
  maskData: ImageData;
  result: { source: unknown; color?: HTMLCanvasElement; overlay?: HTMLCanvasElement } | null;
  threshold?: { key: string; canvas: HTMLCanvasElement; data: ImageData };
}

const cache = new WeakMap<Doc, Layers>();

function canvasOf(width: number, height: number, rgba?: Uint8ClampedArray): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  // ImageData cannot wrap shared memory; anything else is drawn without a copy (48 MB at 12 MP).
  if (rgba) {
    const own = rgba.buffer instanceof ArrayBuffer ? (rgba as Uint8ClampedArray<ArrayBuffer>) : new Uint8ClampedArray(rgba);
    c.getContext('2d')!.putImageData(new ImageData(own, width, height), 0, 0);
  }
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
  paintDimming(l.maskData.data, doc.mask, doc.width, r);
  l.mask.getContext('2d')!.putImageData(l.maskData, 0, 0, r.x, r.y, r.w, r.h);
}

/** Within r: pixels outside `inside` dimmed, pixels inside clear. */
function paintDimming(d: Uint8ClampedArray, inside: Uint8Array, width: number, r: Rect): void {
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const o = (y * width + x) * 4;
      d[o] = DIM[0];
      d[o + 1] = DIM[1];
      d[o + 2] = DIM[2];
      d[o + 3] = inside[y * width + x] ? 0 : 255;
    }
  }
}

/** The mask a threshold would make (Doc.thresholdPreview), dimmed like the mask layer. */
export function thresholdLayer(doc: Doc, t: number, within: boolean): HTMLCanvasElement {
  const l = layersOf(doc);
  const key = `${t} ${within} ${doc.maskVersion}`;
  if (l.threshold?.key === key) return l.threshold.canvas;
  const p = (l.threshold ??= { key, canvas: canvasOf(doc.width, doc.height), data: new ImageData(doc.width, doc.height) });
  p.key = key;
  // The very mask Apply would make (Doc.applyThreshold), on a copy.
  const inside = thresholdMask(doc.lumaValues(), t, within ? doc.mask.slice() : undefined, within);
  paintDimming(p.data.data, inside, doc.width, { x: 0, y: 0, w: doc.width, h: doc.height });
  p.canvas.getContext('2d')!.putImageData(p.data, 0, 0);
  return p.canvas;
}

/** The result drawn as labels or as the overlay, made when first asked for. */
export function resultLayer(doc: Doc, mode: 'labels' | 'overlay'): HTMLCanvasElement | null {
  const l = layersOf(doc);
  const res = doc.result;
  if (!res) return null;
  if (l.result?.source !== res) l.result = { source: res };
  const { width, height } = res.outcome;
  if (mode === 'overlay') return (l.result.overlay ??= canvasOf(width, height, res.overlay()));
  return (l.result.color ??= canvasOf(width, height, res.colorRgba()));
}

/** Every how many pixels a thumbnail of this size samples (at most THUMB_SIDE a side). */
function thumbStep(width: number, height: number): number {
  return Math.max(1, Math.ceil(Math.max(width, height) / THUMB_SIDE));
}

/**
 * Range of an eigenvector inside the mask, over the pixels its thumbnail shows; `constant` when it
 * does not vary beyond rounding.
 */
export function eigenvectorRange(v: Float32Array, width: number, labels: Int32Array | null): { lo: number; hi: number; constant: boolean } {
  const height = v.length / width;
  const step = thumbStep(width, height);
  let lo = Infinity;
  let hi = -Infinity;
  for (let y = 0; y < height; y += step) {
    for (let i = y * width, end = i + width; i < end; i += step) {
      if (labels && labels[i] === 0) continue;
      const x = v[i]!;
      if (Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
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
  const { lo, hi, constant } = eigenvectorRange(v, width, labels);
  const span = hi - lo;
  // A thumbnail needs no more than THUMB_SIDE pixels a side: sampling, not every pixel of a
  // 12-megapixel vector (three of them froze the page for most of a second).
  const step = thumbStep(width, height);
  const tw = Math.ceil(width / step);
  const th = Math.ceil(height / step);
  const rgba = new Uint8ClampedArray(tw * th * 4);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      const i = ty * step * width + tx * step;
      if (labels && labels[i] === 0) continue;
      const g = constant ? 128 : Math.round(((v[i]! - lo) / span) * 255);
      const o = 4 * (ty * tw + tx);
      rgba[o] = g;
      rgba[o + 1] = g;
      rgba[o + 2] = g;
      rgba[o + 3] = 255;
    }
  }
  return canvasOf(tw, th, rgba);
}

/** Largest side drawn for an eigenvector thumbnail (shown at about 100 px). */
const THUMB_SIDE = 256;
