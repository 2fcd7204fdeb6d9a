/// <reference lib="webworker" />
/**
 * The browser build's engine process: the same job runner as Electron's utility process, carried
 * over postMessage. Segmentation runs here so painting and the progress bar stay fluid.
 */
import { createJobRunner } from '../../src-main/jobs/runner';
import type { JobRequest } from '../../src-main/jobs/protocol';
// display.ts is pure (no sharp): the same conversion as the desktop app's.
import { toDisplayRgba as toRgba } from '../../src-main/image-io/display';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const runner = createJobRunner({
  toRgba,
  send: (reply, transfer) => scope.postMessage(reply, transfer ?? []),
});

scope.onmessage = (event: MessageEvent<JobRequest>) => runner.handle(event.data);
// Compiles the engine while the user is still choosing an image: the first segmentation is faster.
void runner.warmUp();
