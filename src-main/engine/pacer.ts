/**
 * Cooperative pacing of long computations: the engine runs on the same thread that receives
 * "cancel" messages (utility process, Web Worker), so it must hand control back to the event loop
 * now and then, and it must notice an aborted signal between iterations.
 */
import { SegmentError } from './types';

const YIELD_EVERY_MS = 40;

function nextMacrotask(): Promise<void> {
  // setImmediate (Node) and MessageChannel (browsers) avoid the 4 ms clamp of nested setTimeout.
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class Pacer {
  private last = now();
  constructor(private readonly signal?: AbortSignal) {}

  /** Throws ABORTED if the signal fired. */
  check(): void {
    if (this.signal?.aborted) throw new SegmentError('ABORTED', 'Segmentation was cancelled.', 'run');
  }

  /** Checks for abort, and yields to the event loop when the last yield is long enough ago. */
  async tick(): Promise<void> {
    this.check();
    if (now() - this.last >= YIELD_EVERY_MS) {
      await nextMacrotask();
      this.last = now();
      this.check();
    }
  }
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
