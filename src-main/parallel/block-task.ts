/** What the pool sends a worker thread: one share of a block operation, in shared memory. */
import type { Operator } from '../engine/stencil';

export type BlockTask = { id: number } & (
  | { kind: 'filter'; l: Operator; vectors: Float64Array[]; a: number; degree: number }
  /** Rayleigh-Ritz products (see rayleigh-products.ts) per row range, returned one after the other. */
  | { kind: 'products'; l: Operator; x: Float64Array[]; parts: Array<{ from: number; to: number }>; diagonalOnly: boolean }
  | { kind: 'rotate'; x: Float64Array[]; s: Float64Array; c: number; from: number; to: number }
);

/** A task before the pool numbers it. */
export type BlockTaskBody = BlockTask extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;
