/**
 * The job runner end to end through the message protocol, in a real child process (the
 * utility process's stand-in): decode with image-io, segment with the engine, progress,
 * cancel, errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../src-main/api';
import type { SegmentParams } from '../../src-main/api';
import { decodeImage, decodeImageFile, toDisplayRgba } from '../../src-main/image-io/index';
import { createJobRunner } from '../../src-main/jobs/runner';
import { encodeMask } from '../../src-main/jobs/mask-codec';
import type { JobReply } from '../../src-main/jobs/protocol';
import { distinct, forkChild } from './transport';
import type { ChildWorker } from './transport';

const coins = new URL('../fixtures/coins.png', import.meta.url).pathname;
const twoFrames = new URL('../fixtures/formats/two_frames.gif', import.meta.url).pathname;
const params: SegmentParams = { ...DEFAULT_PARAMS, clusters: 4, maxPixels: 10_000 };

type Of<T extends JobReply['type']> = Extract<JobReply, { type: T }>;
const is =
  <T extends JobReply['type']>(type: T, jobId: string) =>
  (r: JobReply): r is Of<T> =>
    r.type === type && r.jobId === jobId;
const final = (jobId: string) => (r: JobReply) => r.jobId === jobId && (r.type === 'result' || r.type === 'error');

describe('job runner in a child process', () => {
  let w: ChildWorker;
  beforeAll(() => {
    w = forkChild();
  });
  afterAll(() => w.kill());

  it('opens coins.png: image info and a display rendition with the decoded values', async () => {
    w.send({ type: 'open', jobId: 'open-1', docId: 'coins', path: coins });
    const reply = (await w.next((r) => r.jobId === 'open-1')) as Of<'opened'>;
    expect(reply.type).toBe('opened');
    expect(reply.info).toEqual({ id: 'coins', name: 'coins.png', width: 384, height: 303, channels: 1, bitDepth: 8 });
    const pixels = await decodeImage(coins);
    expect(reply.rgba).toBeInstanceOf(Uint8ClampedArray);
    expect(reply.rgba.length).toBe(384 * 303 * 4);
    for (const i of [0, 1000, 50_000, 384 * 303 - 1]) {
      expect([...reply.rgba.subarray(4 * i, 4 * i + 4)]).toEqual([pixels.data[i], pixels.data[i], pixels.data[i], 255]);
    }
  });

  it('opens an animated GIF at its first frame, with a note saying how many frames it holds', async () => {
    w.send({ type: 'open', jobId: 'open-gif', docId: 'gif', path: twoFrames });
    const reply = (await w.next((r) => r.jobId === 'open-gif')) as Of<'opened'>;
    expect(reply.info).toEqual({ id: 'gif', name: 'two_frames.gif', width: 12, height: 10, channels: 4, bitDepth: 8, decodeNote: 'the file holds 2 frames: only the first is shown, segmented and exported' });
  });

  it('segments coins with k = 4: progress first, then a result with exactly labels 1..4', async () => {
    w.send({ type: 'segment', jobId: 'seg-1', docId: 'coins', mask: null, params });
    const reply = await w.next(final('seg-1'));
    if (reply.type === 'error') throw new Error(`segment failed: ${reply.message}`);
    const result = reply as Of<'result'>;
    const progress = w.replies.filter(is('progress', 'seg-1'));
    expect(progress.length).toBeGreaterThan(0);
    expect(w.replies.indexOf(progress[progress.length - 1]!)).toBeLessThan(w.replies.indexOf(result));
    for (const p of progress) {
      expect(p.progress.fraction).toBeGreaterThanOrEqual(0);
      expect(p.progress.fraction).toBeLessThanOrEqual(1);
    }
    const { outcome } = result;
    expect(outcome.width).toBe(384);
    expect(outcome.height).toBe(303);
    expect(outcome.clusters).toBe(4);
    expect(outcome.labels).toBeInstanceOf(Int32Array);
    expect(outcome.labels.length).toBe(384 * 303);
    expect(distinct(outcome.labels)).toEqual([1, 2, 3, 4]);
    expect(outcome.scale).toBeGreaterThan(1); // 116,352 pixels were segmented downscaled to <= 10,000
    expect(outcome.eigenvalues.length).toBeGreaterThanOrEqual(4);
  });

  it('reuses the eigenvectors when only k changes, and solves again for a new mask', async () => {
    w.send({ type: 'segment', jobId: 'seg-k3', docId: 'coins', mask: null, params: { ...params, clusters: 3 } });
    const k3 = (await w.next(final('seg-k3'))) as Of<'result'>;
    expect(k3.outcome).toMatchObject({ clusters: 3, reusedSpectrum: true });
    expect(k3.outcome.seconds.eigen).toBe(0);
    expect(distinct(k3.outcome.labels)).toEqual([1, 2, 3]);
  });

  it('takes the mask run-length encoded: pixels outside get label 0', async () => {
    const mask = new Uint8Array(384 * 303);
    for (let y = 50; y < 250; y++) mask.fill(1, y * 384 + 40, y * 384 + 340);
    w.send({ type: 'segment', jobId: 'seg-mask', docId: 'coins', mask: null, maskRle: encodeMask(mask), params: { ...params, clusters: 3 } });
    const reply = await w.next(final('seg-mask'));
    if (reply.type === 'error') throw new Error(`segment failed: ${reply.message}`);
    const { labels, maskedPixels, reusedSpectrum } = (reply as Of<'result'>).outcome;
    expect(maskedPixels).toBe(200 * 300);
    expect(reusedSpectrum).toBe(false);
    expect(distinct(labels)).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < labels.length; i++) if ((labels[i] === 0) !== (mask[i] === 0)) throw new Error(`label/mask disagree at pixel ${i}`);
  });

  it('cancels mid-solve promptly with a cancelled error reply', async () => {
    // Full resolution, so the eigensolver runs long enough to be interrupted.
    w.send({ type: 'segment', jobId: 'seg-cancel', docId: 'coins', mask: null, params: { ...params, maxPixels: 1_000_000, clusters: 8 } });
    await w.next((r) => is('progress', 'seg-cancel')(r) && r.progress.stage === 'eigen');
    const sent = performance.now();
    w.send({ type: 'cancel', jobId: 'seg-cancel' });
    const reply = await w.next(final('seg-cancel'));
    const latency = performance.now() - sent;
    expect(reply).toMatchObject({ type: 'error', cancelled: true, code: 'ABORTED' });
    expect(latency).toBeLessThan(1500);
  });

  it('answers a non-image file with a clear decode error, and keeps working', async () => {
    const notImage = new URL('../../package.json', import.meta.url).pathname;
    w.send({ type: 'open', jobId: 'open-bad', docId: 'bad', path: notImage });
    const reply = await w.next((r) => r.jobId === 'open-bad');
    expect(reply).toMatchObject({ type: 'error', field: 'image', code: 'UNSUPPORTED' });
    expect((reply as Of<'error'>).message).toMatch(/package\.json.*not an image/);
    w.send({ type: 'open', jobId: 'open-missing', docId: 'missing', path: '/nonexistent/x.png' });
    expect(await w.next((r) => r.jobId === 'open-missing')).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
  });

  it('rejects jobs for unknown documents and masks of the wrong size with named fields', async () => {
    w.send({ type: 'segment', jobId: 'seg-nodoc', docId: 'never-opened', mask: null, params });
    expect(await w.next(final('seg-nodoc'))).toMatchObject({ type: 'error', code: 'NO_DOCUMENT', field: 'image' });
    w.send({ type: 'segment', jobId: 'seg-badmask', docId: 'coins', mask: new Uint8Array(100), params });
    const bad = (await w.next(final('seg-badmask'))) as Of<'error'>;
    expect(bad).toMatchObject({ type: 'error', field: 'mask' });
    expect(bad.message).toBe('The mask has 100 pixels but the image has 116352.');
  });

  it('maps engine errors to their code, field and message (an empty mask)', async () => {
    w.send({ type: 'segment', jobId: 'seg-empty', docId: 'coins', mask: new Uint8Array(384 * 303), params });
    expect(await w.next(final('seg-empty'))).toEqual({
      type: 'error',
      jobId: 'seg-empty',
      code: 'EMPTY_MASK',
      field: 'mask',
      message: 'The mask is empty: paint the region to segment first.',
    });
  });
});

describe('job runner in process', () => {
  /** Runs one segmentation of coins and returns the replies. */
  async function run(progressIntervalMs: number, options: Partial<SegmentParams> = {}): Promise<JobReply[]> {
    const replies: JobReply[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const runner = createJobRunner({
      decode: decodeImageFile,
      toRgba: toDisplayRgba,
      progressIntervalMs,
      send: (r) => {
        replies.push(r);
        if (r.type === 'result' || r.type === 'error') done();
      },
    });
    runner.handle({ type: 'load', jobId: 'l', docId: 'd', name: 'coins.png', pixels: await decodeImage(coins) });
    expect(runner.documents()).toBe(1);
    runner.handle({ type: 'segment', jobId: 's', docId: 'd', mask: null, params: { ...params, ...options } });
    await finished;
    return replies.filter((r) => r.type !== 'opened');
  }

  it('throttles progress: one report per stage when the interval is long, more when it is short', async () => {
    // Large enough for the multilevel solver, which reports after every level; the exact solver
    // (shift-invert Lanczos) finishes within one report.
    const multilevel = { maxPixels: 40_000 };
    const sparse = await run(1e9, multilevel);
    expect(sparse.at(-1)!.type).toBe('result');
    const stages = sparse.filter((r): r is Of<'progress'> => r.type === 'progress').map((r) => r.progress.stage);
    expect(new Set(stages).size).toBe(stages.length); // never twice the same stage
    expect(stages).toContain('eigen');
    const dense = await run(0, multilevel);
    expect(dense.filter((r) => r.type === 'progress').length).toBeGreaterThan(stages.length + 3);
  });

  it('warms up when idle, and a segment request cuts the warm-up short and gets its result', async () => {
    const idle = createJobRunner({ toRgba: toDisplayRgba, send: () => undefined });
    expect(await idle.warmUp()).toBe(2);
    const replies: JobReply[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const runner = createJobRunner({
      toRgba: toDisplayRgba,
      send: (r) => {
        replies.push(r);
        if (r.type === 'result' || r.type === 'error') done();
      },
    });
    runner.handle({ type: 'load', jobId: 'l', docId: 'd', name: 'coins.png', pixels: await decodeImage(coins) });
    const warming = runner.warmUp();
    runner.handle({ type: 'segment', jobId: 's', docId: 'd', mask: null, params });
    expect(await warming).toBeLessThan(2);
    await finished;
    const result = replies.at(-1) as Of<'result'>;
    expect(result.type).toBe('result');
    expect(new Set(result.outcome.labels)).toEqual(new Set([1, 2, 3, 4]));
  });

  it('forgets a closed document', async () => {
    const replies: JobReply[] = [];
    const runner = createJobRunner({ toRgba: toDisplayRgba, send: (r) => replies.push(r) });
    runner.handle({ type: 'load', jobId: 'l', docId: 'd', name: 'x', pixels: { width: 1, height: 2, channels: 1, bitDepth: 8, data: new Uint8Array([3, 4]) } });
    runner.handle({ type: 'close', docId: 'd' });
    expect(runner.documents()).toBe(0);
    runner.handle({ type: 'load', jobId: 'bad', docId: 'e', name: 'y', pixels: { width: 2, height: 2, channels: 1, bitDepth: 8, data: new Uint8Array(3) } });
    expect(replies.at(-1)).toEqual({ type: 'error', jobId: 'bad', field: 'image', message: 'y: pixel data does not match the image size.' });
    expect(runner.documents()).toBe(0);
  });
});
