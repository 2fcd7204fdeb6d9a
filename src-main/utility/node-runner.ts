/**
 * The job runner with Node's decoder (image-io, sharp): what the Electron utility process and
 * the tests' child process both run. image-io's decoder is imported only when a file is first
 * opened, so a sharp that cannot load (sharp#4522) fails that open with DECODER_UNAVAILABLE
 * instead of taking the whole process down at start.
 */
import type { Pixels } from '../engine/types';
import { toDisplayRgba } from '../image-io/display';
import { createJobRunner } from '../jobs/runner';
import type { JobRunner } from '../jobs/runner';
import { DECODER_UNAVAILABLE } from '../jobs/protocol';
import type { JobReply } from '../jobs/protocol';

export function createNodeJobRunner(send: (reply: JobReply) => void, options: { decode: boolean }): JobRunner {
  return createJobRunner({ ...(options.decode ? { decode: decodeFile } : {}), toRgba: toDisplayRgba, send });
}

async function decodeFile(path: string): Promise<Pixels> {
  let io: typeof import('../image-io/decode');
  try {
    io = await import('../image-io/decode');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw Object.assign(new Error(`The image decoder (sharp) could not be loaded: ${reason}`), { code: DECODER_UNAVAILABLE });
  }
  return io.decodeImage(path);
}

/** Flag the host passes when this process must not load the native decoder. */
export const NO_DECODE_FLAG = '--no-decode';
