/**
 * The job protocol between a host (Electron main, a browser page, a test) and the process or
 * worker that runs segmentation jobs. Plain structured-clone-able messages, so the same types
 * travel over process.parentPort, a Node worker, a child process or a Web Worker.
 */
import type { Pixels, Progress } from '../engine/types';
import type { ExportKind, ImageInfo, SegmentOutcome, SegmentParams } from '../api';

export type JobRequest =
  /** Decode a file with the runner's decoder (Node side: sharp). */
  | { type: 'open'; jobId: string; docId: string; path: string; name?: string }
  /** Pixels decoded elsewhere (browser: canvas), kept by the runner under docId. */
  | { type: 'load'; jobId: string; docId: string; name: string; pixels: Pixels; decodeNote?: string }
  /**
   * mask: one byte per pixel, non-zero inside; null = whole image. maskRle (jobs/mask-codec.ts),
   * when present, replaces mask: hosts that cross a process boundary send the compact form.
   */
  | { type: 'segment'; jobId: string; docId: string; mask: Uint8Array | null; maskRle?: number[]; params: SegmentParams }
  /**
   * Encode results of a document as PNGs and write them (atomically) to paths the user chose in
   * main's dialogs. Runs where the pixels are, so the overlay needs no second decode.
   */
  | { type: 'export'; jobId: string; docId: string; labels: Int32Array | null; maskRle: number[]; labelBits: 8 | 16; files: ExportFile[] }
  | { type: 'cancel'; jobId: string }
  | { type: 'close'; docId: string };

export type JobReply =
  | { type: 'opened'; jobId: string; info: ImageInfo; rgba: Uint8ClampedArray }
  | { type: 'progress'; jobId: string; progress: Progress }
  | { type: 'result'; jobId: string; outcome: SegmentOutcome }
  | { type: 'exported'; jobId: string; files: string[] }
  /** field names the control that can fix the problem (mask, clusters, options, image). */
  | { type: 'error'; jobId: string; message: string; code?: string; field?: string; cancelled?: boolean };

/** Error code of an open the runner cannot decode because its decoder failed to load or is switched off. */
export const DECODER_UNAVAILABLE = 'DECODER_UNAVAILABLE';

/** Argument with which a host starts a worker that must not load the native decoder (after it crashed). */
export const NO_DECODE_FLAG = '--no-decode';

export interface ExportFile {
  kind: ExportKind;
  path: string;
}

/** What an exporter gets: the document's pixels and the results to write. */
export interface ExportJob {
  pixels: Pixels;
  labels: Int32Array | null;
  /** null = whole image. */
  mask: Uint8Array | null;
  labelBits: 8 | 16;
  files: ExportFile[];
}
