/// <reference lib="webworker" />
/**
 * The browser build's engine process: the same job runner as Electron's utility process, carried
 * over postMessage. Segmentation runs here so painting and the progress bar stay fluid.
 */
import { createJobRunner } from '../../src-main/jobs/runner';
import type { JobRequest } from '../../src-main/jobs/protocol';
import type { Pixels } from '../../src-main/engine/types';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** 8-bit pixels of 1–4 channels to RGBA (the browser only ever loads 8-bit canvas data). */
function toRgba(p: Pixels): Uint8ClampedArray {
  const n = p.width * p.height;
  const out = new Uint8ClampedArray(n * 4);
  const d = p.data;
  const c = p.channels;
  const k = p.bitDepth === 16 ? 1 / 257 : p.bitDepth > 16 ? 255 : 1;
  for (let i = 0; i < n; i++) {
    const s = i * c;
    const g = d[s]! * k;
    const color = c >= 3;
    out[4 * i] = g;
    out[4 * i + 1] = color ? d[s + 1]! * k : g;
    out[4 * i + 2] = color ? d[s + 2]! * k : g;
    out[4 * i + 3] = c === 2 ? d[s + 1]! * k : c === 4 ? d[s + 3]! * k : 255;
  }
  return out;
}

const runner = createJobRunner({
  toRgba,
  send: (reply, transfer) => scope.postMessage(reply, transfer ?? []),
});

scope.onmessage = (event: MessageEvent<JobRequest>) => runner.handle(event.data);
