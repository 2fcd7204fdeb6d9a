/**
 * What travels between main and preload beyond api.ts: the reply envelope (so a failure keeps its
 * code and field across ipcRenderer.invoke, which would flatten a thrown Error to its message)
 * and the channels of the decode fallback. Pure: imported by main and by the preload bundle.
 */

export interface WireError {
  message: string;
  code?: string;
  field?: string;
  cancelled?: boolean;
}

export type Wire<T> = { ok: true; value: T } | { ok: false; error: WireError };

export const InternalChannels = {
  /** main -> renderer: decode these bytes with Chromium (the utility process's decoder is out). */
  decodeRequest: 'spectral:decode-request',
  /** renderer -> main: the answer to a decodeRequest. */
  decodeResponse: 'spectral:decode-response',
} as const;

export interface DecodeRequest {
  requestId: string;
  name: string;
  bytes: Uint8Array;
}

export type DecodeResponse =
  | { requestId: string; ok: true; width: number; height: number; rgba: Uint8ClampedArray }
  | { requestId: string; ok: false; message: string };
