/**
 * A mask read from an image file: the app's own mask export (0 and 255), a binary mask from
 * another tool, or a label map (0 outside, region ids inside). Any pixel that is not black and not
 * transparent is in the mask, as scikit-image reads a mask with `mask.astype(bool)`.
 */

/** The mask of an RGBA image: 1 where a pixel is opaque at all and not black. */
export function maskFromRgba(rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  const n = rgba.length >> 2;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = 4 * i;
    mask[i] = rgba[o + 3]! > 0 && (rgba[o]! | rgba[o + 1]! | rgba[o + 2]!) > 0 ? 1 : 0;
  }
  return mask;
}

/**
 * Whether the file looks like a mask: every pixel in it of one colour (white, or the one label of
 * a single-region map). A photo read as a mask is nearly all "in", which deserves a word.
 */
export function isTwoLevel(rgba: Uint8Array | Uint8ClampedArray, mask: Uint8Array): boolean {
  let on = -1;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const o = 4 * i;
    const colour = (rgba[o]! << 16) | (rgba[o + 1]! << 8) | rgba[o + 2]!;
    if (on === -1) on = colour;
    else if (colour !== on) return false;
  }
  return true;
}

/** Why a mask file of this size cannot be used on this image, or null. */
export function maskSizeProblem(fileName: string, mask: { width: number; height: number }, image: { width: number; height: number }): string | null {
  if (mask.width === image.width && mask.height === image.height) return null;
  return `“${fileName}” is ${mask.width}×${mask.height} pixels and the image ${image.width}×${image.height}: a mask must have the image's size. The mask was not changed.`;
}
