import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type OpenedImage, type Progress, type SavedSession, type SegmentOutcome, type SpectralApi } from '../../src-main/api';
import { electronHost } from '../../src-renderer/host/electron';
import { HostError, asHostError } from '../../src-renderer/host/host';

function image(id: string, name: string): OpenedImage {
  return { info: { id, name, width: 2, height: 1, channels: 1, bitDepth: 8 }, rgba: new Uint8ClampedArray(8) };
}

/** A stand-in for the preload bridge, as electron/fiddle's renderer tests do. */
function fakeApi() {
  const progress = new Set<(jobId: string, p: Progress) => void>();
  const calls: { saved?: SavedSession; segment?: unknown[] } = {};
  let settle: { resolve: (o: SegmentOutcome) => void; reject: (e: unknown) => void } | null = null;
  const api = {
    versions: {},
    openDialog: async () => [],
    openFiles: async () => ({ images: [], errors: [] }),
    segment: (...args: unknown[]) => {
      calls.segment = args;
      return new Promise<SegmentOutcome>((resolve, reject) => (settle = { resolve, reject }));
    },
    cancel: () => undefined,
    onProgress: (l: (jobId: string, p: Progress) => void) => {
      progress.add(l);
      return () => progress.delete(l);
    },
    onOpened: () => () => undefined,
    onWorkerCrash: () => () => undefined,
    exportResults: async () => ({ ok: true as const, files: [] }),
    saveSession: async (s: SavedSession) => {
      calls.saved = s;
    },
    restoreSession: async () => ({
      session: {
        documents: [
          { path: '/a/one.png', name: 'one.png', params: { ...DEFAULT_PARAMS, clusters: 7 }, maskRle: [1, 1] },
          { path: '/b/one.png', name: 'one.png', params: { ...DEFAULT_PARAMS, clusters: 3 }, maskRle: [] },
        ],
        activeIndex: 1,
      },
      images: [image('d1', 'one.png'), image('d2', 'one.png')],
      errors: ['gone.png: file not found'],
    }),
    closeDocument: () => undefined,
  } satisfies SpectralApi;
  return { api, calls, progress, settle: () => settle! };
}

describe('electron host', () => {
  it('passes only its own job progress and unsubscribes when the job ends', async () => {
    const f = fakeApi();
    const host = electronHost(f.api);
    const seen: Progress[] = [];
    const job = host.segment('d1', new Uint8Array([1, 1]), DEFAULT_PARAMS, (p) => seen.push(p));
    expect(f.calls.segment?.slice(0, 2)).toEqual([job.jobId, 'd1']);
    for (const l of f.progress) {
      l('someone-else', { stage: 'graph', fraction: 0 });
      l(job.jobId, { stage: 'eigen', fraction: 0.5, iteration: 12 });
    }
    expect(seen).toEqual([{ stage: 'eigen', fraction: 0.5, iteration: 12 }]);
    f.settle().resolve({ clusters: 2 } as SegmentOutcome);
    await job.result;
    expect(f.progress.size).toBe(0);
  });

  it('turns the bridge error object into a HostError that keeps field, code and cancelled', async () => {
    const f = fakeApi();
    const job = electronHost(f.api).segment('d1', new Uint8Array(2), DEFAULT_PARAMS, () => undefined);
    f.settle().reject({ name: 'SpectralError', message: 'The mask is empty.', code: 'EMPTY_MASK', field: 'mask' });
    const err = await job.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({ message: 'The mask is empty.', code: 'EMPTY_MASK', field: 'mask', cancelled: false });

    const cancelled = asHostError({ message: 'Segmentation was cancelled.', code: 'ABORTED', field: 'run', cancelled: true });
    expect(cancelled.cancelled).toBe(true);
    expect(asHostError(new Error("Error invoking remote method 'spectral:segment': Error: boom")).message).toBe('boom');
  });

  it('saves documents by id (main resolves the path) and restores them pairwise by index', async () => {
    const f = fakeApi();
    const host = electronHost(f.api);
    await host.save([{ id: 'd1', name: 'one.png', params: DEFAULT_PARAMS, maskRle: [0, 2] }], 0);
    expect(f.calls.saved).toEqual({ documents: [{ path: 'd1', name: 'one.png', params: DEFAULT_PARAMS, maskRle: [0, 2] }], activeIndex: 0 });
    const r = await host.restore();
    expect(r?.documents.map((d) => [d.image.info.id, (d.params as { clusters: number }).clusters, d.maskRle])).toEqual([
      ['d1', 7, [1, 1]],
      ['d2', 3, []],
    ]);
    expect(r?.activeIndex).toBe(1);
    expect(r?.errors).toEqual(['gone.png: file not found']);
  });
});
