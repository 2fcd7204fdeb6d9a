/**
 * Writes an export job's files with image-io: each kind encoded as PNG (the region table as CSV), each file written
 * atomically. Stops at the first failure and says which file failed and what was written before.
 */
import { basename } from 'node:path';
import { encodeColorPng, encodeLabelsPng, encodeMaskPng, encodeOverlayPng, writeFileAtomic } from '../image-io/index';
import type { ExportFile, ExportJob } from '../jobs/protocol';
import { regionTableCsv } from '../image-io/region-table';

export async function writeExport(job: ExportJob): Promise<string[]> {
  const written: string[] = [];
  for (const file of job.files) {
    try {
      await writeFileAtomic(file.path, await encode(job, file), { overwrite: true });
      written.push(file.path);
    } catch (err) {
      const reason = (err as Error).message.replace(/\.$/, '');
      const before = written.length ? ` ${written.length} of ${job.files.length} files were written before it.` : '';
      throw Object.assign(new Error(`Export of ${basename(file.path)} failed: ${reason}.${before}`), { code: (err as { code?: unknown }).code });
    }
  }
  return written;
}

function encode({ pixels, labels, mask, labelBits }: ExportJob, { kind }: ExportFile): Promise<Uint8Array> {
  const { width, height } = pixels;
  if (kind === 'mask') return encodeMaskPng(mask ?? new Uint8Array(width * height).fill(1), width, height);
  if (!labels) throw new Error('there are no labels yet: segment the image first');
  if (kind === 'labels') return encodeLabelsPng(labels, width, height, labelBits);
  if (kind === 'color') return encodeColorPng(labels, width, height);
  if (kind === 'regions') return Promise.resolve(new TextEncoder().encode(regionTableCsv(labels, pixels)));
  return encodeOverlayPng(pixels, labels);
}
