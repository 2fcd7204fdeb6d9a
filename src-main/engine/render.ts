/**
 * Colours for label maps, shared by the exports and the renderer so a region has the same
 * colour on screen and in an exported file. Pure TypeScript: typed arrays in, typed arrays out.
 */

/**
 * Hand-picked colours (Kelly's/Glasbey-like) in an order where neighbours in the list differ
 * strongly, because small k (2..8) is the common case and those must be told apart at a glance.
 */
const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [230, 25, 75], // red
  [60, 180, 75], // green
  [0, 130, 200], // blue
  [255, 225, 25], // yellow
  [245, 130, 48], // orange
  [145, 30, 180], // purple
  [70, 240, 240], // cyan
  [240, 50, 230], // magenta
  [210, 245, 60], // lime
  [250, 190, 212], // pink
  [0, 128, 128], // teal
  [220, 190, 255], // lavender
  [170, 110, 40], // brown
  [255, 250, 200], // beige
  [128, 0, 0], // maroon
  [170, 255, 195], // mint
  [128, 128, 0], // olive
  [255, 215, 180], // apricot
  [0, 0, 128], // navy
  [128, 128, 128], // grey
];

/** Boundary colour of overlays: yellow, as skimage's mark_boundaries, visible on gray and most photos. */
export const BOUNDARY_COLOR: readonly [number, number, number] = [255, 255, 0];

/** Number of fixed palette entries before colours are generated. */
export const PALETTE_SIZE = PALETTE.length;

/**
 * Colour of a label. Label 0 (outside the mask) has no colour of its own: it is transparent in
 * colorizeLabels; here it returns black. Labels beyond the palette walk the hue circle by the
 * golden angle so consecutive labels stay far apart, with lightness varied in three steps.
 */
export function labelColor(label: number): [number, number, number] {
  if (!Number.isFinite(label) || label <= 0) return [0, 0, 0];
  const i = Math.floor(label) - 1;
  if (i < PALETTE.length) {
    const c = PALETTE[i]!;
    return [c[0], c[1], c[2]];
  }
  const j = i - PALETTE.length;
  const hue = (j * 137.50776405) % 360;
  const saturation = 0.65 + 0.25 * ((j >> 1) % 2);
  const value = [0.95, 0.75, 0.55][j % 3]!;
  return hsvToRgb(hue, saturation, value);
}

function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const c = v * s;
  const hp = h / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  let r = 0;
  let g = 0;
  let b = 0;
  if (hp < 1) [r, g, b] = [c, x, 0];
  else if (hp < 2) [r, g, b] = [x, c, 0];
  else if (hp < 3) [r, g, b] = [0, c, x];
  else if (hp < 4) [r, g, b] = [0, x, c];
  else if (hp < 5) [r, g, b] = [x, 0, c];
  else [r, g, b] = [c, 0, x];
  const m = v - c;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

function setOpaque(rgba: Uint8ClampedArray, pixel: number, c: readonly [number, number, number]): void {
  const o = pixel * 4;
  rgba[o] = c[0];
  rgba[o + 1] = c[1];
  rgba[o + 2] = c[2];
  rgba[o + 3] = 255;
}

function checkSize(labels: Int32Array, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0 || labels.length !== width * height) {
    throw new RangeError(`labels has ${labels.length} entries, expected ${width}x${height}`);
  }
}

/** RGBA image of the labels: each label its labelColor, label 0 fully transparent. */
export function colorizeLabels(labels: Int32Array, width: number, height: number): Uint8ClampedArray {
  checkSize(labels, width, height);
  const out = new Uint8ClampedArray(labels.length * 4);
  // A table of the labels' colours, not a lookup per pixel: at 12 megapixels a Map took 0.3 s.
  let max = 0;
  for (let p = 0; p < labels.length; p++) if (labels[p]! > max) max = labels[p]!;
  const table = new Uint8Array(3 * (max + 1));
  for (let label = 1; label <= max; label++) table.set(labelColor(label), 3 * label);
  for (let p = 0; p < labels.length; p++) {
    const label = labels[p]!;
    if (label <= 0) continue;
    const o = 4 * p;
    const t = 3 * label;
    out[o] = table[t]!;
    out[o + 1] = table[t + 1]!;
    out[o + 2] = table[t + 2]!;
    out[o + 3] = 255;
  }
  return out;
}

/** 1 where a pixel's left, right, upper or lower neighbour has another label, else 0. */
export function labelBoundaries(labels: Int32Array, width: number, height: number): Uint8Array {
  checkSize(labels, width, height);
  const out = new Uint8Array(labels.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const p = row + x;
      const l = labels[p]!;
      if (
        (x > 0 && labels[p - 1] !== l) ||
        (x + 1 < width && labels[p + 1] !== l) ||
        (y > 0 && labels[p - width] !== l) ||
        (y + 1 < height && labels[p + width] !== l)
      ) {
        out[p] = 1;
      }
    }
  }
  return out;
}

/**
 * The RGBA image with region boundaries painted opaque in BOUNDARY_COLOR. Boundaries between
 * two regions and between a region and the outside of the mask are both drawn.
 */
export function overlayRgba(rgba: Uint8ClampedArray, labels: Int32Array, width: number, height: number): Uint8ClampedArray {
  checkSize(labels, width, height);
  if (rgba.length !== labels.length * 4) {
    throw new RangeError(`rgba has ${rgba.length} bytes, expected ${width}x${height}x4`);
  }
  const out = new Uint8ClampedArray(rgba);
  const edges = labelBoundaries(labels, width, height);
  for (let p = 0; p < edges.length; p++) {
    if (edges[p] !== 0) setOpaque(out, p, BOUNDARY_COLOR);
  }
  return out;
}
