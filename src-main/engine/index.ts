/** Public API of the engine. (Placeholder signatures until the engine lands; the real implementation replaces this file.) */
import type { Mask, Pixels, RunControl, SegmentOptions, SegmentResult } from './types';
export * from './types';

/** Async because it yields to the event loop between solver iterations, so a cancel message can arrive. */
export async function segment(_pixels: Pixels, _mask: Mask, _options: SegmentOptions, _control: RunControl = {}): Promise<SegmentResult> {
  throw new Error('engine not implemented yet');
}

/** Remembers the last spectrum so a new k on the same image, mask and graph options skips the eigensolver. */
export class Segmenter {
  async segment(pixels: Pixels, mask: Mask, options: SegmentOptions, control: RunControl = {}): Promise<SegmentResult & { reusedSpectrum: boolean }> {
    return { ...(await segment(pixels, mask, options, control)), reusedSpectrum: false };
  }
}
