/** Public API of image I/O: decoding files into Pixels, encoding results as PNG, atomic writes. */
export { ImageIoError } from './errors';
export type { ImageIoErrorCode } from './errors';
export { DEFAULT_MAX_PIXELS, decodeImage, decodeImageBuffer, decodeImageFile, decodeMask } from './decode';
export { toDisplayRgba } from './display';
export { encodeLabelsPng, encodeColorPng, encodeOverlayPng, encodeMaskPng } from './encode';
export { writeFileAtomic } from './atomic-write';
