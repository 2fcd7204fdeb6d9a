/**
 * Otsu's threshold on 8-bit luminance, as scikit-image's threshold_otsu on uint8 data: the
 * threshold t maximises the between-class variance of {v <= t} and {v > t}; the foreground is
 * v > t.
 */

/** Rec. 601 luma of RGBA pixels, rounded to 0..255. */
export function lumaFromRgba(rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  const n = rgba.length >> 2;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = Math.round(0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!);
  }
  return out;
}

export function histogram256(values: Uint8Array): Float64Array {
  const h = new Float64Array(256);
  for (let i = 0; i < values.length; i++) h[values[i]!]!++;
  return h;
}

/** Returns t in 0..254 (the last value of the background class); 0 for a constant image. */
export function otsuThreshold(values: Uint8Array): number {
  const hist = histogram256(values);
  const total = values.length;
  if (total === 0) return 0;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v]!;
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestT = 0;
  for (let t = 0; t < 255; t++) {
    w0 += hist[t]!;
    sum0 += t * hist[t]!;
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const m0 = sum0 / w0;
    const m1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/**
 * Mask of pixels brighter than t (1 inside). With `within`, only pixels already in `out` can stay:
 * a threshold inside a painted area rather than over the whole image.
 */
export function thresholdMask(values: Uint8Array, t: number, out: Uint8Array = new Uint8Array(values.length), within = false): Uint8Array {
  for (let i = 0; i < values.length; i++) out[i] = values[i]! > t && (!within || out[i]) ? 1 : 0;
  return out;
}

/** For each t in 0..255, how many values are brighter than t (restricted to mask[i] != 0 if given). */
export function countsAbove(values: Uint8Array, mask: Uint8Array | null = null): Float64Array {
  const hist = new Float64Array(256);
  for (let i = 0; i < values.length; i++) if (!mask || mask[i]) hist[values[i]!]!++;
  const above = new Float64Array(256);
  for (let t = 254; t >= 0; t--) above[t] = above[t + 1]! + hist[t + 1]!;
  return above;
}
