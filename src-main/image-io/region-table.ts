/**
 * The region table export: one CSV row per region of a segmentation, measured on the image at
 * full resolution (area, position, extent, mean colour): what one counts and compares after a
 * segmentation, readable by any spreadsheet or by pandas. Used by the utility process (on the
 * decoded samples, 16-bit where the file is) and by the web build (on the 8-bit display pixels).
 */

/** Interleaved samples; only the colour channels are measured (gray, or red, green and blue). */
export interface MeasuredImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: ArrayLike<number>;
}

const COLOUR_NAMES: Record<MeasuredImage['channels'], string[]> = { 1: ['gray'], 2: ['gray'], 3: ['red', 'green', 'blue'], 4: ['red', 'green', 'blue'] };

/** Rows for labels 1..max that hold pixels; label 0 (outside the mask) is not a region. */
export function regionTableCsv(labels: Int32Array, image: MeasuredImage): string {
  const { width, height, channels, data } = image;
  if (labels.length !== width * height) throw new Error(`the labels (${labels.length}) do not match the image (${width}×${height})`);
  const names = COLOUR_NAMES[channels];
  const colours = names.length;
  let max = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > max) max = labels[i]!;
  const count = new Float64Array(max + 1);
  const sumX = new Float64Array(max + 1);
  const sumY = new Float64Array(max + 1);
  const left = new Int32Array(max + 1).fill(width);
  const top = new Int32Array(max + 1).fill(height);
  const right = new Int32Array(max + 1).fill(-1);
  const bottom = new Int32Array(max + 1).fill(-1);
  const sums = new Float64Array((max + 1) * colours);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const l = labels[i]!;
      if (l <= 0) continue;
      count[l]!++;
      sumX[l]! += x;
      sumY[l]! += y;
      if (x < left[l]!) left[l] = x;
      if (x > right[l]!) right[l] = x;
      if (y < top[l]!) top[l] = y;
      if (y > bottom[l]!) bottom[l] = y;
      for (let c = 0; c < colours; c++) sums[l * colours + c]! += data[i * channels + c]!;
    }
  }
  let inMask = 0;
  for (let l = 1; l <= max; l++) inMask += count[l]!;
  const lines = [['region', 'pixels', 'share_of_mask', 'centroid_x', 'centroid_y', 'bbox_left', 'bbox_top', 'bbox_width', 'bbox_height', ...names.map((n) => `mean_${n}`)].join(',')];
  for (let l = 1; l <= max; l++) {
    const n = count[l]!;
    if (n === 0) continue;
    const means = Array.from({ length: colours }, (_, c) => (sums[l * colours + c]! / n).toFixed(2));
    lines.push([l, n, (n / inMask).toFixed(4), (sumX[l]! / n).toFixed(2), (sumY[l]! / n).toFixed(2), left[l], top[l], right[l]! - left[l]! + 1, bottom[l]! - top[l]! + 1, ...means].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The web build's pixels (8-bit RGBA) as a measured image: gray images measure one channel. */
export function measuredFromRgba(rgba: ArrayLike<number>, width: number, height: number, gray: boolean): MeasuredImage {
  if (!gray) return { width, height, channels: 4, data: rgba };
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i]!;
  return { width, height, channels: 1, data };
}
