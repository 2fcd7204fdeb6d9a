/**
 * The seam through which a host lends the engine more cores. The engine stays free of any
 * runtime: a host (Node worker_threads, browser Web Workers) implements BlockFilter over shared
 * memory and passes it in RunControl; without one, everything runs on the calling thread.
 *
 * Filtering is split by vector (each vector's filter is independent); the Rayleigh-Ritz kernels
 * are split by rows (the products' rows add up, the rows of X S are independent).
 */
import type { Block } from './block';
import { rotate } from './block';
import { chebyshevFilter } from './chebyshev-filter';
import { rayleighProductsRows } from './rayleigh-products';
import type { Operator } from './stencil';

export interface BlockFilter {
  /** Vectors the filter's threads can read and write (SharedArrayBuffer-backed where threads are used). */
  alloc(n: number): Float64Array;
  /** Index arrays, in the same kind of memory as alloc's vectors. */
  allocIndices(n: number): Int32Array;
  /**
   * The matrix in memory the threads can read; called once per level. Implementations move the
   * arrays (updating l in place) rather than keep a second copy of a large matrix.
   */
  share<T extends Operator>(l: T): T;
  /** v <- p(L) v for every vector of the block (see chebyshevFilter); resolves when all are done. */
  run(l: Operator, block: Block, a: number, degree: number): Promise<void>;
  /** G = X^T X, H = X^T L X and Q = (L X)^T L X, or only their diagonals (see rayleigh-products.ts). */
  products(l: Operator, x: Block, diagonalOnly?: boolean): Promise<RayleighProducts>;
  /** X <- X S in place (S is b x c row-major); resolves with the first c vectors. */
  rotate(x: Block, s: Float64Array, c: number): Promise<Block>;
  /** Threads in use, 1 for the calling thread only. */
  readonly threads: number;
}

export interface RayleighProducts {
  g: Float64Array;
  h: Float64Array;
  q: Float64Array;
}

/**
 * Rayleigh-Ritz products are summed over this many fixed row ranges, added in order, whatever
 * the number of threads: results do not depend on the machine's core count.
 */
export const PARTS = 4;

/** Rows [from, to) of part p of n rows. */
export function partRows(n: number, p: number): { from: number; to: number } {
  return { from: Math.floor((p * n) / PARTS), to: Math.floor(((p + 1) * n) / PARTS) };
}

/** Adds the parts' products in part order (the same order on every number of threads). */
export function sumProducts(partials: Float64Array[], b: number): RayleighProducts {
  const sum = partials[0].slice();
  for (let p = 1; p < partials.length; p++) for (let i = 0; i < sum.length; i++) sum[i] += partials[p][i];
  const bb = b * b;
  return { g: sum.subarray(0, bb), h: sum.subarray(bb, 2 * bb), q: sum.subarray(2 * bb) };
}

/** Everything on the calling thread. */
export function serialBlockFilter(): BlockFilter {
  return {
    threads: 1,
    alloc: (n) => new Float64Array(n),
    allocIndices: (n) => new Int32Array(n),
    share: <T extends Operator>(l: T) => l,
    run: async (l, block, a, degree) => {
      const work = new Float64Array(l.rows);
      for (const v of block) chebyshevFilter(l, v, a, degree, work);
    },
    products: async (l, x, diagonalOnly = false) =>
      sumProducts(Array.from({ length: PARTS }, (_, p) => rayleighProductsRows(l, x, partRows(l.rows, p).from, partRows(l.rows, p).to, diagonalOnly)), x.length),
    rotate: async (x, s, c) => rotate(x, s, c),
  };
}
