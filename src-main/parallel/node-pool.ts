/**
 * A BlockFilter on Node worker threads over SharedArrayBuffers: the multilevel solver's
 * filtering is independent per vector, so the vectors of a block are shared out among the
 * calling thread and the workers. Falls back to the calling thread alone when workers cannot be
 * started (e.g. a bundle without the worker file).
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
  close(): Promise<void>;
}

function sharedCopy<T extends Int32Array | Float64Array>(a: T): T {
  const out = new (a.constructor as { new (b: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

function workerEntry(): { file: string; execArgv: string[] } | null {
  const dev = fileURLToPath(new URL('./filter-worker-dev.mjs', import.meta.url));
  if (existsSync(dev)) return { file: dev, execArgv: [] };
  const js = fileURLToPath(new URL('./filter-worker.js', import.meta.url));
  return existsSync(js) ? { file: js, execArgv: [] } : null;
}

/** threads: total threads including the caller (default: the machine's cores). */
export function createNodeBlockFilter(threads = availableParallelism()): NodeBlockFilter {
  const entry = workerEntry();
  if (threads <= 1 || !entry) return { ...serialBlockFilter(), close: async () => {} };
  const workers = Array.from({ length: threads - 1 }, () => {
    const w = new Worker(entry.file, { execArgv: entry.execArgv });
    w.unref();
    return w;
  });
  let nextId = 0;
  const shared = new WeakMap<Csr, Csr>();
  let work: FilterWork | null = null;
  return {
    threads,
    alloc: (n) => new Float64Array(new SharedArrayBuffer(n * 8)),
    share(l) {
      let s = shared.get(l);
      if (!s) {
        s = { rows: l.rows, indptr: sharedCopy(l.indptr), indices: sharedCopy(l.indices), data: sharedCopy(l.data) };
        shared.set(l, s);
      }
      return s;
    },
    async run(l, block, a, degree) {
      // Vector j goes to thread j mod threads; thread 0 is the caller.
      const pending = workers.map((w, t) => {
        const vectors = block.filter((_, j) => j % threads === t + 1);
        if (vectors.length === 0) return Promise.resolve();
        if (!vectors.every((v) => v.buffer instanceof SharedArrayBuffer)) throw new Error('BlockFilter.run: vectors must come from alloc()');
        const id = nextId++;
        return new Promise<void>((resolve, reject) => {
          const onMessage = (done: number) => {
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
      if (!work || work.a.length !== l.rows) work = new FilterWork(l.rows);
      for (let j = 0; j < block.length; j += threads) chebyshevFilter(l, block[j], a, degree, work);
      await Promise.all(pending);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
