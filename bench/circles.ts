/**
 * scikit-learn's "spectral clustering for image segmentation" example image, at any side:
 * four overlapping circles (geometry scaled from side 100), img = circles + 1 + 0.2 * noise,
 * the mask is the circles, the truth is the last circle covering a pixel.
 */
import { createNormal, createRandom } from '../src-main/engine/random';
import type { Pixels } from '../src-main/engine/types';

const CENTERS = [[28, 24], [40, 50], [67, 58], [24, 70]];
const RADII = [16, 14, 15, 14];

export function fourCircles(side: number, seed = 0): { pixels: Pixels; mask: Uint8Array; truth: Uint8Array } {
  const s = side / 100;
  const normal = createNormal(createRandom(seed));
  const data = new Float64Array(side * side);
  const mask = new Uint8Array(side * side);
  const truth = new Uint8Array(side * side);
  for (let x = 0; x < side; x++)
    for (let y = 0; y < side; y++) {
      const p = x * side + y;
      let sum = 0;
      CENTERS.forEach(([cx, cy], i) => {
        if ((x - cx * s) ** 2 + (y - cy * s) ** 2 < (RADII[i] * s) ** 2) {
          sum++;
          truth[p] = i + 1;
        }
      });
      mask[p] = sum > 0 ? 1 : 0;
      data[p] = sum + 1 + 0.2 * normal();
    }
  return { pixels: { width: side, height: side, channels: 1, bitDepth: 64, data }, mask, truth };
}
