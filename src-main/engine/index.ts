/** Public API of the engine. (Placeholder signatures until the engine lands; the real implementation replaces this file.) */
import type { Mask, Pixels, RunControl, SegmentOptions, SegmentResult } from './types';
export * from './types';

export function segment(_pixels: Pixels, _mask: Mask, _options: SegmentOptions, _control: RunControl = {}): SegmentResult {
  throw new Error('engine not implemented yet');
}

/** Remembers the last spectrum so a new k on the same image, mask and graph options skips the eigensolver. */
export class Segmenter {
  segment(pixels: Pixels, mask: Mask, options: SegmentOptions, control: RunControl = {}): SegmentResult & { reusedSpectrum: boolean } {
    return { ...segment(pixels, mask, options, control), reusedSpectrum: false };
  }
}
