/**
 * A BlockFilter on Node worker threads over SharedArrayBuffers: the multilevel solver's
 * filtering is independent per vector, so the vectors of a block are shared out among the
 * calling thread and the workers. A worker that cannot start (a bundle without its worker file,
 * a platform that refuses threads) is left out and its share runs on the calling thread.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { chebyshevFilter, FilterWork } from '../engine/chebyshev-filter';
import type { Csr } from '../engine/csr';
import type { BlockFilter } from '../engine/parallel';
import { serialBlockFilter } from '../engine/parallel';

export interface NodeBlockFilter extends BlockFilter {
  /** Threads that actually run filters once the workers have started (the caller included). */
  working(): Promise<number>;
  close(): Promise<void>;
}

function sharedCopy<T extends Int32Array | Float64Array>(a: T): T {
  const out = new (a.constructor as { new (b: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The worker script: the given bundle, else the TypeScript source beside this module (tsx). */
function workerEntry(bundled?: string): string | null {
  if (bundled) return existsSync(bundled) ? bundled : null;
  try {
    const dev = fileURLToPath(new URL('./filter-worker-dev.mjs', import.meta.url));
    return existsSync(dev) ? dev : null;
  } catch {
    // A CommonJS bundle has no import.meta.url: it must name its worker file.
    return null;
  }
}

/** Resolves with the worker once it has loaded its code, or with null if it failed to. */
function started(w: Worker): Promise<Worker | null> {
  return new Promise((resolve) => {
    const done = (value: Worker | null) => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      resolve(value);
    };
    const onMessage = (m: unknown) => m === 'ready' && done(w);
    const onError = () => done(null);
    const onExit = () => done(null);
    w.on('message', onMessage);
    w.once('error', onError);
    w.once('exit', onExit);
  });
}

/**
 * threads: total threads including the caller (default: the machine's cores). workerFile: the
 * bundled worker script (the Electron utility process passes dist/main/filter-worker.cjs).
 */
export function createNodeBlockFilter(threads = availableParallelism(), workerFile?: string): NodeBlockFilter {
  const file = workerEntry(workerFile);
  if (threads <= 1 || !file) return { ...serialBlockFilter(), working: async () => 1, close: async () => {} };
  const spawned = Array.from({ length: threads - 1 }, () => new Worker(file));
  for (const w of spawned) w.unref();
  const ready = Promise.all(spawned.map(started)).then((ws) => ws.filter((w): w is Worker => w !== null));
  let nextId = 0;
  let work: FilterWork | null = null;
  const filterHere = (l: Csr, vectors: Float64Array[], a: number, degree: number) => {
    if (!work || work.a.length !== l.rows) work = new FilterWork(l.rows);
    for (const v of vectors) chebyshevFilter(l, v, a, degree, work);
  };
  return {
    threads,
    alloc: (n) => new Float64Array(new SharedArrayBuffer(n * 8)),
    share(l) {
      if (!(l.data.buffer instanceof SharedArrayBuffer)) {
        // Move, not copy: the original arrays become garbage, so a 12-megapixel Laplacian is not held twice.
        l.indptr = sharedCopy(l.indptr);
        l.indices = sharedCopy(l.indices);
        l.data = sharedCopy(l.data);
      }
      return l;
    },
    async run(l, block, a, degree) {
      if (!block.every((v) => v.buffer instanceof SharedArrayBuffer)) throw new Error('BlockFilter.run: vectors must come from alloc()');
      const workers = await ready;
      const lanes = workers.length + 1;
      // Vector j goes to lane j mod lanes; lane 0 is the calling thread.
      const pending = workers.map((w, t) => {
        const vectors = block.filter((_, j) => j % lanes === t + 1);
        if (vectors.length === 0) return Promise.resolve();
        const id = nextId++;
        return new Promise<void>((resolve, reject) => {
          const onMessage = (done: unknown) => {
            if (done !== id) return;
            w.off('message', onMessage);
            w.off('error', reject);
            resolve();
          };
          w.on('message', onMessage);
          w.once('error', reject);
          w.ref();
          w.postMessage({ id, l, vectors, a, degree });
        }).finally(() => w.unref());
      });
      filterHere(l, block.filter((_, j) => j % lanes === 0), a, degree);
      await Promise.all(pending);
    },
    working: async () => (await ready).length + 1,
    async close() {
      await Promise.all(spawned.map((w) => w.terminate()));
    },
  };
}
