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

/**
 * A long computation written as a generator that yields the share of its work done (0..1)
 * between passes over the pixels. The same steps run synchronously (runSteps) for callers that
 * need no cancel, or paced (paceSteps): a cancel is then noticed within one pass, and progress
 * moves, where a single function call would hold the thread for seconds on a large image.
 * The passes themselves stay in plain functions, which V8 optimises as usual.
 */
export type Steps<T> = Generator<number, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export async function paceSteps<T>(steps: Steps<T>, pacer: Pacer, onShare?: (share: number) => void): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    onShare?.(r.value);
    await pacer.tick();
  }
}

/** The steps of a part of a larger computation, their shares mapped into [from, to] of the whole. */
export function* within<T>(steps: Steps<T>, from: number, to: number): Steps<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    yield from + (to - from) * r.value;
  }
}
