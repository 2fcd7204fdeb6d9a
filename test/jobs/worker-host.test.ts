/**
 * The worker host's crash handling: real child processes killed mid-job, and scripted fake
 * workers for the decoder-crash fallback and the crash loop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../src-main/api';
import type { SegmentParams } from '../../src-main/api';
import { createWorkerHost } from '../../src-main/app/worker-host';
import type { DecodedElsewhere, ForkWorker, JobError, WorkerHost, WorkerProcess } from '../../src-main/app/worker-host';
import type { Progress } from '../../src-main/engine/types';
import { decodeImage, toDisplayRgba } from '../../src-main/image-io/index';
import { DECODER_UNAVAILABLE } from '../../src-main/jobs/protocol';
import type { JobReply, JobRequest } from '../../src-main/jobs/protocol';
import { pixelsFromRgba } from '../../src-main/jobs/rgba-pixels';
import { distinct, forkChild } from './transport';
import type { ChildWorker } from './transport';

const coins = new URL('../fixtures/coins.png', import.meta.url).pathname;
const params: SegmentParams = { ...DEFAULT_PARAMS, clusters: 4, maxPixels: 10_000 };

/** What the window's Chromium would give: 8-bit RGBA, reduced back to the channels it carries. */
async function chromiumLikeDecode(path: string): Promise<DecodedElsewhere> {
  const p = await decodeImage(path);
  return { pixels: pixelsFromRgba(p.width, p.height, toDisplayRgba(p)), note: 'Read by the window as 8-bit.' };
}

/** A worker that answers through `script` and can be told to exit. */
function fakeWorker(script: (req: JobRequest, reply: (r: JobReply) => void, exit: (code: number | null) => void) => void): WorkerProcess & { sent: JobRequest[] } {
  let onMessage: (r: JobReply) => void = () => undefined;
  let onExit: (code: number | null) => void = () => undefined;
  const sent: JobRequest[] = [];
  const exit = (code: number | null) => setTimeout(() => onExit(code), 0);
  return {
    sent,
    send(req) {
      sent.push(req);
      setTimeout(() => script(req, (r) => onMessage(r), exit), 0);
    },
    onMessage: (l) => void (onMessage = l),
    onExit: (l) => void (onExit = l),
    kill: () => exit(null),
  };
}

describe('worker host', () => {
  let host: WorkerHost | undefined;
  const children: ChildWorker[] = [];
  afterEach(() => {
    host?.dispose();
    host = undefined;
    for (const c of children.splice(0)) c.child.kill('SIGKILL');
  });

  it('reports a worker killed mid-job, re-forks, reopens the document, and the next job succeeds', async () => {
    const forks: { decode: boolean }[] = [];
    const crashes: string[] = [];
    const progress: [string, Progress][] = [];
    const fork: ForkWorker = (o) => {
      forks.push(o);
      const c = forkChild(o);
      children.push(c);
      return c;
    };
    host = createWorkerHost({ fork, onCrash: (m) => crashes.push(m), onProgress: (id, p) => progress.push([id, p]) });

    const opened = await host.open('doc-1', coins, 'coins.png');
    expect(opened.info).toMatchObject({ id: 'doc-1', name: 'coins.png', width: 384, height: 303, path: coins });

    const doomed = host.segment('job-1', 'doc-1', null, { ...params, maxPixels: 1_000_000, clusters: 8 });
    const failure = doomed.then(
      () => null,
      (e: JobError) => e,
    );
    while (!progress.some(([id]) => id === 'job-1')) await new Promise((r) => setTimeout(r, 10));
    children[0]!.child.kill('SIGKILL');

    const err = await failure;
    expect(err).toMatchObject({ code: 'WORKER_CRASH', field: 'run' });
    expect(err!.message).toBe('The segmentation process was killed.');
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toContain('It was restarted; your images and painted masks are kept.');
    expect(crashes[0]).toContain('Run the segmentation again.');
    expect(forks).toEqual([{ decode: true }, { decode: true }]);

    // The fresh worker got the document back without the renderer doing anything.
    const outcome = await host.segment('job-2', 'doc-1', null, params);
    expect(distinct(outcome.labels)).toEqual([1, 2, 3, 4]);
    expect(outcome.labels.length).toBe(384 * 303);
    expect(children[1]!.replies.some((r) => r.type === 'opened' && r.info.id === 'doc-1')).toBe(true);
  });

  it('sends the mask run-length encoded and cancels through to the worker', async () => {
    const w = fakeWorker((req, reply) => {
      if (req.type === 'open') reply({ type: 'opened', jobId: req.jobId, info: { id: req.docId, name: 'a.png', width: 4, height: 2, channels: 1, bitDepth: 8 }, rgba: new Uint8ClampedArray(32) });
      if (req.type === 'segment') reply({ type: 'progress', jobId: req.jobId, progress: { stage: 'graph', fraction: 0.1 } });
      if (req.type === 'cancel') reply({ type: 'error', jobId: req.jobId, message: 'Cancelled.', code: 'ABORTED', field: 'run', cancelled: true });
    });
    const progress: string[] = [];
    host = createWorkerHost({ fork: () => w, onCrash: () => undefined, onProgress: (id, p) => progress.push(`${id}:${p.stage}`) });
    await host.open('d', '/x/a.png', 'a.png');
    const job = host.segment('j', 'd', new Uint8Array([0, 0, 1, 1, 1, 0, 0, 0]), params);
    while (!progress.length) await new Promise((r) => setTimeout(r, 1));
    expect(host.isRunning('j')).toBe(true);
    host.cancel('j');
    await expect(job).rejects.toMatchObject({ cancelled: true, code: 'ABORTED' });
    const seg = w.sent.find((r) => r.type === 'segment');
    expect(seg).toMatchObject({ mask: null, maskRle: [2, 3, 3] });
    expect(w.sent.at(-1)).toEqual({ type: 'cancel', jobId: 'j' });
    expect(progress).toEqual(['j:graph']);
  });

  it('moves decoding out of the worker when the decoder crashes it, and tells the user', async () => {
    const forks: { decode: boolean }[] = [];
    const crashes: string[] = [];
    const fork: ForkWorker = (o) => {
      forks.push(o);
      if (o.decode) return fakeWorker((req, _reply, exit) => req.type === 'open' && exit(134)); // sharp#4522: abort while decoding
      const c = forkChild(o);
      children.push(c);
      return c;
    };
    host = createWorkerHost({ fork, onCrash: (m) => crashes.push(m), onProgress: () => undefined, decodeElsewhere: chromiumLikeDecode });

    const opened = await host.open('doc-1', coins, 'coins.png');
    expect(forks).toEqual([{ decode: true }, { decode: false }]);
    expect(host.decodesInWorker()).toBe(false);
    expect(opened.info).toEqual({ id: 'doc-1', name: 'coins.png', width: 384, height: 303, channels: 1, bitDepth: 8, decodeNote: 'Read by the window as 8-bit.', path: coins });
    expect(crashes).toEqual([
      'The segmentation process stopped unexpectedly (exit code 134). It crashed while reading an image, so images are now read by the window instead; 16-bit images are reduced to 8 bits and TIFF files cannot be read that way. It was restarted; your images and painted masks are kept.',
    ]);
    // Pixels loaded from outside segment like any other document.
    const outcome = await host.segment('job-1', 'doc-1', null, params);
    expect(distinct(outcome.labels)).toEqual([1, 2, 3, 4]);
  });

  it('falls back without a crash when the worker reports its decoder unavailable', async () => {
    const forks: { decode: boolean }[] = [];
    const w = fakeWorker((req, reply) => {
      if (req.type === 'open') reply({ type: 'error', jobId: req.jobId, code: DECODER_UNAVAILABLE, message: 'The image decoder (sharp) could not be loaded: GLib' });
      if (req.type === 'load') reply({ type: 'opened', jobId: req.jobId, info: { id: req.docId, name: req.name, width: req.pixels.width, height: req.pixels.height, channels: req.pixels.channels, bitDepth: 8, decodeNote: req.decodeNote! }, rgba: new Uint8ClampedArray(0) });
    });
    host = createWorkerHost({ fork: (o) => (forks.push(o), w), onCrash: () => undefined, onProgress: () => undefined, decodeElsewhere: chromiumLikeDecode });
    const opened = await host.open('d', coins, 'coins.png');
    expect(opened.info.decodeNote).toBe('Read by the window as 8-bit.');
    expect(forks).toEqual([{ decode: true }]);
    // Later opens go straight to the fallback.
    await host.open('d2', coins, 'coins.png');
    expect(w.sent.map((r) => r.type)).toEqual(['open', 'load', 'load']);
  });

  it('stops re-forking a worker that keeps crashing and says so', async () => {
    let forks = 0;
    const crashes: string[] = [];
    let t = 0;
    const w = () =>
      fakeWorker((req, reply, exit) => {
        if (req.type === 'open') reply({ type: 'opened', jobId: req.jobId, info: { id: req.docId, name: 'a.png', width: 1, height: 1, channels: 1, bitDepth: 8 }, rgba: new Uint8ClampedArray(4) });
        if (req.type === 'segment') exit(1);
      });
    host = createWorkerHost({ fork: () => (forks++, w()), onCrash: (m) => crashes.push(m), onProgress: () => undefined, now: () => (t += 1000) });
    await host.open('d', '/x/a.png', 'a.png');
    for (let i = 0; i < 3; i++) await expect(host.segment(`j${i}`, 'd', null, params)).rejects.toMatchObject({ code: 'WORKER_CRASH' });
    expect(forks).toBe(3);
    expect(crashes).toHaveLength(3);
    expect(crashes[1]).toContain('It was restarted');
    expect(crashes[2]).toContain('It keeps stopping, so it was not restarted');
    await expect(host.segment('j3', 'd', null, params)).rejects.toMatchObject({ code: 'WORKER_UNAVAILABLE' });
  });
});
