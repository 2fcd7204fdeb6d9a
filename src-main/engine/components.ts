/** Connected components of a weighted graph; an edge of weight 0 does not connect. */
import type { Csr } from './csr';

export interface Components {
  count: number;
  /** Component id of each node, numbered in order of each component's first node. */
  of: Int32Array;
  sizes: number[];
}

export function connectedComponents(w: Csr): Components {
  const n = w.rows;
  const of = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const sizes: number[] = [];
  for (let start = 0; start < n; start++) {
    if (of[start] >= 0) continue;
    const id = sizes.length;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    of[start] = id;
    while (top > 0) {
      const u = stack[--top];
      size++;
      for (let p = w.indptr[u]; p < w.indptr[u + 1]; p++) {
        const v = w.indices[p];
        if (of[v] < 0 && w.data[p] > 0) {
          of[v] = id;
          stack[top++] = v;
        }
      }
    }
    sizes.push(size);
  }
  return { count: sizes.length, of, sizes };
}
