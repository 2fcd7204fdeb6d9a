/**
 * Decoding with the window's Chromium, for when the utility process's decoder (sharp) fails:
 * main reads the file, the preload decodes the bytes with createImageBitmap and answers with
 * 8-bit RGBA. What that loses (16-bit precision; TIFF is not readable at all) is put in the note
 * the user sees.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extraFramesNote, gifFrameCount, sniffContainer } from '../image-io/sniff';
import { pixelsFromRgba } from '../jobs/rgba-pixels';
import type { DecodedElsewhere } from './worker-host';
import type { DecodeRequest, DecodeResponse } from './ipc-contract';

/** Files larger than this are not copied into the window. */
const MAX_BYTES = 512 * 1024 * 1024;

export interface RendererDecoder {
  decode(path: string, name: string): Promise<DecodedElsewhere>;
  /** An answer from the preload; unknown or malformed answers are ignored. */
  respond(response: unknown): void;
}

export function createRendererDecoder(send: (request: DecodeRequest) => boolean, timeoutMs = 120_000): RendererDecoder {
  const waiting = new Map<string, { resolve(r: DecodeResponse): void; timer: ReturnType<typeof setTimeout> }>();

  async function decode(path: string, name: string): Promise<DecodedElsewhere> {
    const size = (await stat(path)).size;
    if (size > MAX_BYTES) throw new Error(`${name}: too large to read in the window (${Math.round(size / 2 ** 20)} MB)`);
    const bytes = new Uint8Array(await readFile(path));
    const container = sniffContainer(bytes);
    if (container === 'tiff') throw new Error(`${name}: TIFF files cannot be read without the image decoder, which failed to load in this app`);
    const requestId = randomUUID();
    const answer = new Promise<DecodeResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(requestId);
        reject(new Error(`${name}: the window did not decode the image in time`));
      }, timeoutMs);
      waiting.set(requestId, { resolve, timer });
    });
    if (!send({ requestId, name, bytes })) {
      cleanup(requestId);
      throw new Error(`${name}: no window to decode the image in`);
    }
    const r = await answer;
    if (!r.ok) throw new Error(`${name}: ${r.message}`);
    const pixels = pixelsFromRgba(r.width, r.height, r.rgba);
    const parts = ['Read by the window’s built-in decoder because the image decoder failed: 8 bits per channel'];
    // Byte 24 of a PNG is the IHDR bit depth (after the 8-byte signature and the chunk's length, type, width, height).
    if (container === 'png' && bytes[24] === 16) parts.push('the file’s 16-bit samples were reduced to 8 bits');
    const frames = container === 'gif' ? extraFramesNote(gifFrameCount(bytes), container) : undefined;
    if (frames) parts.push(frames);
    return { pixels, note: parts.join('; ') + '.' };
  }

  function respond(response: unknown): void {
    const r = response as DecodeResponse | null;
    if (!r || typeof r !== 'object' || typeof r.requestId !== 'string') return;
    const w = waiting.get(r.requestId);
    if (!w) return;
    cleanup(r.requestId);
    if (r.ok === true) {
      const rgba: unknown = r.rgba;
      const wellFormed = Number.isSafeInteger(r.width) && Number.isSafeInteger(r.height) && r.width > 0 && r.height > 0 && (rgba instanceof Uint8ClampedArray || rgba instanceof Uint8Array) && rgba.length === r.width * r.height * 4;
      w.resolve(wellFormed ? r : { requestId: r.requestId, ok: false, message: 'the window returned malformed pixels' });
    } else {
      const message = (r as { message?: unknown }).message;
      w.resolve({ requestId: r.requestId, ok: false, message: typeof message === 'string' ? message.slice(0, 500) : 'the window could not decode the image' });
    }
  }

  function cleanup(requestId: string): void {
    const w = waiting.get(requestId);
    if (w) clearTimeout(w.timer);
    waiting.delete(requestId);
  }

  return { decode, respond };
}
