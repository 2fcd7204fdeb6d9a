/**
 * The seam through which a host lends the engine more cores. The engine stays free of any
 * runtime: a host (Node worker_threads, browser Web Workers) implements BlockFilter over shared
 * memory and passes it in RunControl; without one, everything runs on the calling thread.
 *
 * Filtering is split by vector (each vector's filter is independent); the Rayleigh-Ritz kernels
 * are split by rows (rows of X^T Y add up, rows of X S and of L X are independent).
 */
import type { Block } from './block';
import { gramRows, rotate, symmetrize } from './block';
import type { Csr } from './csr';
import { chebyshevFilter } from './chebyshev-filter';
import type { Operator } from './stencil';
import { multiplyRows } from './stencil';

export interface BlockFilter {
  /** Vectors the filter's threads can read and write (SharedArrayBuffer-backed where threads are used). */
  alloc(n: number): Float64Array;
  /** Index arrays, in the same kind of memory as alloc's vectors. */
  allocIndices(n: number): Int32Array;
  /**
   * The matrix in memory the threads can read; called once per level. Implementations move the
   * arrays (updating l in place) rather than keep a second copy of a large matrix.
   */
  share(l: Csr): Csr;
  /** v <- p(L) v for every vector of the block (see chebyshevFilter); resolves when all are done. */
  run(l: Operator, block: Block, a: number, degree: number): Promise<void>;
  /** G = X^T Y (row-major). */
  gram(x: Block, y: Block): Promise<Float64Array>;
  /** X <- X S in place (S is b x c row-major); resolves with the first c vectors. */
  rotate(x: Block, s: Float64Array, c: number): Promise<Block>;
  /** y_j = L x_j for every j (l as returned by share). */
  multiply(l: Operator, x: Block, y: Block): Promise<void>;
  /** Threads in use, 1 for the calling thread only. */
  readonly threads: number;
}

/**
 * X^T Y is summed over this many fixed row ranges, added in order, whatever the number of
 * threads: results do not depend on the machine's core count.
 */
export const GRAM_PARTS = 4;

/** Rows [from, to) of part p of n rows. */
export function partRows(n: number, p: number, parts = GRAM_PARTS): { from: number; to: number } {
  return { from: Math.floor((p * n) / parts), to: Math.floor(((p + 1) * n) / parts) };
}

/** Sums the parts' Gram matrices in part order (the same order on every number of threads). */
export function sumParts(partials: Float64Array[], b: number, symmetric: boolean): Float64Array {
  const g = partials[0];
  for (let p = 1; p < partials.length; p++) for (let i = 0; i < g.length; i++) g[i] += partials[p][i];
  if (symmetric) symmetrize(g, b);
  return g;
}

/** Everything on the calling thread. */
export function serialBlockFilter(): BlockFilter {
  return {
    threads: 1,
    alloc: (n) => new Float64Array(n),
    allocIndices: (n) => new Int32Array(n),
    share: (l) => l,
    run: async (l, block, a, degree) => {
      const work = new Float64Array(l.rows);
      for (const v of block) chebyshevFilter(l, v, a, degree, work);
    },
    gram: async (x, y) => {
      const n = x[0].length;
      const partials = Array.from({ length: GRAM_PARTS }, (_, p) => {
        const { from, to } = partRows(n, p);
        return gramRows(x, y, from, to);
      });
      return sumParts(partials, x.length, x === y);
    },
    rotate: async (x, s, c) => rotate(x, s, c),
    multiply: async (l, x, y) => x.forEach((v, j) => multiplyRows(l, v, y[j], 0, l.rows)),
  };
}
