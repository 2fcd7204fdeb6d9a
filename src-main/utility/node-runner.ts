/**
 * The job runner with Node's decoder and encoders (image-io, sharp): what the Electron utility
 * process and the tests' child process both run. image-io is imported only when a file is first
 * opened or exported, so a sharp that cannot load (sharp#4522) fails that job with
 * DECODER_UNAVAILABLE instead of taking the whole process down at start.
 */
import type { Pixels } from '../engine/types';
import type { BlockFilter } from '../engine/parallel';
import { toDisplayRgba } from '../image-io/display';
import { createJobRunner } from '../jobs/runner';
import type { JobRunner } from '../jobs/runner';
import { DECODER_UNAVAILABLE } from '../jobs/protocol';
import type { ExportJob, JobReply } from '../jobs/protocol';

export function createNodeJobRunner(send: (reply: JobReply) => void, options: { decode: boolean; parallel?: BlockFilter }): JobRunner {
  // Without the native decoder there is no native encoder either: exports then fail with a clear message.
  const native = options.decode ? { decode: decodeFile, writeExport } : {};
  return createJobRunner({ ...native, toRgba: toDisplayRgba, send, parallel: options.parallel });
}

async function writeExport(job: ExportJob): Promise<string[]> {
  return (await loadNative(() => import('./write-export'))).writeExport(job);
}

async function decodeFile(path: string): Promise<{ pixels: Pixels; note?: string }> {
  return (await loadNative(() => import('../image-io/decode'))).decodeImageFile(path);
}

async function loadNative<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw Object.assign(new Error(`The image decoder (sharp) could not be loaded: ${reason}`), { code: DECODER_UNAVAILABLE });
  }
}
