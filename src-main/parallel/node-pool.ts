/**
 * A BlockFilter on Node worker threads over SharedArrayBuffers: the multilevel solver's
 * filtering is independent per vector, so the vectors of a block are shared out among the
 * calling thread and the workers; its Rayleigh-Ritz products are shared out by rows. A worker
 * that cannot start (a bundle without its worker file, a platform that refuses threads) is left
 * out and its share runs on the calling thread.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rotateRows } from '../engine/block';
import { rayleighProductsRows } from '../engine/rayleigh-products';
import { chebyshevFilter } from '../engine/chebyshev-filter';
import { isStencil } from '../engine/stencil';
import type { Operator } from '../engine/stencil';
import type { BlockTaskBody } from './block-task';
import type { BlockFilter } from '../engine/parallel';
import { PARTS, partRows, serialBlockFilter, sumProducts } from '../engine/parallel';

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

function inSharedMemory(l: Operator): boolean {
  return (isStencil(l) ? l.right : l.data).buffer instanceof SharedArrayBuffer;
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
  let work: Float64Array | null = null;
  const serial = serialBlockFilter();
  const shared = (vectors: Float64Array[]) => vectors.every((v) => v.buffer instanceof SharedArrayBuffer);
  /** Sends worker t its task (null: none), runs the caller's share meanwhile, collects the replies. */
  const dispatch = async <T>(plan: (lanes: number) => { tasks: Array<BlockTaskBody | null>; here: () => T }) => {
    const workers = await ready;
    const { tasks, here } = plan(workers.length + 1);
    const pending = workers.map((w, t) => {
      const task = tasks[t];
      if (!task) return Promise.resolve(null);
      const id = nextId++;
      return new Promise<Float64Array | null>((resolve, reject) => {
        const onMessage = (reply: { id: number; result: Float64Array | null } | 'ready') => {
          if (reply === 'ready' || reply.id !== id) return;
          w.off('message', onMessage);
          w.off('error', reject);
          resolve(reply.result);
        };
        w.on('message', onMessage);
        w.once('error', reject);
        w.ref();
        w.postMessage({ ...task, id });
      }).finally(() => w.unref());
    });
    const mine = here();
    return { mine, results: await Promise.all(pending) };
  };
  /** Rows [from, to) of lane t out of lanes; lane 0 is the calling thread. */
  const rowsOf = (n: number, t: number, lanes: number) => ({ from: Math.floor((t * n) / lanes), to: Math.floor(((t + 1) * n) / lanes) });
  return {
    threads,
    alloc: (n) => new Float64Array(new SharedArrayBuffer(n * 8)),
    allocIndices: (n) => new Int32Array(new SharedArrayBuffer(n * 4)),
    share<T extends Operator>(l: T): T {
      // Move, not copy: the original arrays become garbage, so a 12-megapixel operator is not held twice.
      const move = <A extends Int32Array | Float64Array>(a: A): A => (a.buffer instanceof SharedArrayBuffer ? a : sharedCopy(a));
      if (!isStencil(l)) {
        l.indptr = move(l.indptr);
        l.indices = move(l.indices);
        l.data = move(l.data);
        return l;
      }
      l.right = move(l.right);
      l.down = move(l.down);
      if (l.diagonal) l.diagonal = move(l.diagonal);
      if (l.up) l.up = move(l.up);
      if (l.below) l.below = move(l.below);
      if (l.above) l.above = move(l.above);
      return l;
    },
    async run(l, block, a, degree) {
      if (!shared(block)) throw new Error('BlockFilter.run: vectors must come from alloc()');
      // Vector j goes to lane j mod lanes.
      await dispatch((lanes) => ({
        tasks: Array.from({ length: lanes - 1 }, (_, t) => {
          const vectors = block.filter((_, j) => j % lanes === t + 1);
          return vectors.length ? { kind: 'filter' as const, l, vectors, a, degree } : null;
        }),
        here: () => {
          if (!work || work.length !== l.rows) work = new Float64Array(l.rows);
          for (const v of block.filter((_, j) => j % lanes === 0)) chebyshevFilter(l, v, a, degree, work);
        },
      }));
    },
    async products(l, x, diagonalOnly = false) {
      if (!shared(x) || !inSharedMemory(l)) return serial.products(l, x, diagonalOnly);
      const n = l.rows;
      // Part p goes to lane p mod lanes; the parts are summed in order as on one thread.
      const partsOf = (lane: number, lanes: number) => Array.from({ length: PARTS }, (_, p) => p).filter((p) => p % lanes === lane);
      let lanesUsed = 1;
      const { mine, results } = await dispatch((lanes) => {
        lanesUsed = lanes;
        return {
          tasks: Array.from({ length: lanes - 1 }, (_, t) => {
            const parts = partsOf(t + 1, lanes).map((p) => partRows(n, p));
            return parts.length ? { kind: 'products' as const, l, x, parts, diagonalOnly } : null;
          }),
          here: () => partsOf(0, lanes).map((p) => rayleighProductsRows(l, x, partRows(n, p).from, partRows(n, p).to, diagonalOnly)),
        };
      });
      const size = 3 * x.length * x.length;
      const partials: Float64Array[] = [];
      for (let p = 0; p < PARTS; p++) {
        // Lane p mod lanes took part p as its (p div lanes)-th.
        const lane = p % lanesUsed;
        const index = Math.floor(p / lanesUsed);
        partials.push(lane === 0 ? mine[index] : results[lane - 1]!.subarray(index * size, (index + 1) * size));
      }
      return sumProducts(partials, x.length);
    },
    async rotate(x, s, c) {
      if (!shared(x)) return serial.rotate(x, s, c);
      const n = x[0].length;
      await dispatch((lanes) => ({
        tasks: Array.from({ length: lanes - 1 }, (_, t) => ({ kind: 'rotate' as const, x, s, c, ...rowsOf(n, t + 1, lanes) })),
        here: () => rotateRows(x, s, c, 0, rowsOf(n, 0, lanes).to),
      }));
      return x.slice(0, c);
    },
    working: async () => (await ready).length + 1,
    async close() {
      await Promise.all(spawned.map((w) => w.terminate()));
    },
  };
}
