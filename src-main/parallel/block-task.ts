/** What the pool sends a worker thread: one share of a block operation, in shared memory. */
import type { Operator } from '../engine/stencil';

export type BlockTask = { id: number } & (
  | { kind: 'filter'; l: Operator; vectors: Float64Array[]; a: number; degree: number }
  /**
   * One X^T Y per row range, returned one after the other. y 'x' stands for x itself: the Gram
   * matrix of a block with itself fills only its upper triangle.
   */
  | { kind: 'gram'; x: Float64Array[]; y: Float64Array[] | 'x'; parts: Array<{ from: number; to: number }> }
  | { kind: 'rotate'; x: Float64Array[]; s: Float64Array; c: number; from: number; to: number }
  | { kind: 'multiply'; l: Operator; x: Float64Array[]; y: Float64Array[]; from: number; to: number }
);

/** A task before the pool numbers it. */
export type BlockTaskBody = BlockTask extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;
