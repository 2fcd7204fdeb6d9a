/**
 * The seam through which a host lends the engine more cores. The engine stays free of any
 * runtime: a host (Node worker_threads, browser Web Workers) implements BlockFilter over shared
 * memory and passes it in RunControl; without one, everything runs on the calling thread.
 */
import type { Csr } from './csr';
import { chebyshevFilter, FilterWork } from './chebyshev-filter';

export interface BlockFilter {
  /** Vectors the filter's threads can read and write (SharedArrayBuffer-backed where threads are used). */
  alloc(n: number): Float64Array;
  /**
   * The matrix in memory the threads can read; called once per level. Implementations move the
   * arrays (updating l in place) rather than keep a second copy of a large matrix.
   */
  share(l: Csr): Csr;
  /** v <- p(L) v for every vector of the block (see chebyshevFilter); resolves when all are done. */
  run(l: Csr, block: Float64Array[], a: number, degree: number): Promise<void>;
  /** Threads in use, 1 for the calling thread only. */
  readonly threads: number;
}

/** Everything on the calling thread. */
export function serialBlockFilter(): BlockFilter {
  return {
    threads: 1,
    alloc: (n) => new Float64Array(n),
    share: (l) => l,
    run: async (l, block, a, degree) => {
      const work = new FilterWork(l.rows);
      for (const v of block) chebyshevFilter(l, v, a, degree, work);
    },
  };
}
