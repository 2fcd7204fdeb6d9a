/**
 * Coarse graphs made of aggregates of nodes, for the multilevel solver.
 *
 * A coarse node is a set of fine nodes; the coarse weight between two aggregates is the sum of
 * the fine weights between them and the weights inside an aggregate become its self-loop. This is
 * the Galerkin projection of (D - W) x = lambda D x onto vectors constant on aggregates, so a
 * coarse eigenvalue bounds the fine one from above, and the bound is tight only where the wanted
 * eigenvectors are nearly constant on every aggregate.
 *
 * Plain 2x2 blocks break that wherever an image edge runs through a block: the eigenvectors of a
 * segmentation jump across image edges, and a block that straddles one forces them to be equal on
 * both sides. On astronaut.png such levels put the multilevel eigenvalues 25 % above the exact
 * ones in sum. strongBlocks splits each block along its weak edges instead (AMG's strength of
 * connection), which keeps the regularity of blocks in smooth regions and the image's edges
 * between aggregates.
 */
import type { Csr } from './csr';

/**
 * An edge is strong when its weight is at least this fraction of the strongest weight at one of
 * its ends. 0.3 brought astronaut's eigenvalue sum from 25 % to 10 % above the exact one and the
 * 2000-pixel circles' ARI from 0.943 to 0.951; above 0.5 blocks split so often on noisy images
 * that a level barely shrinks (side 2000: 1.08M -> 310k -> 104k -> 52k nodes, 12 s).
 */
const STRENGTH = 0.3;

export interface Aggregates {
  /** Aggregate of each node; aggregates are numbered by their first node, so parent[i] <= i. */
  parent: Int32Array;
  count: number;
  /** Grid coordinates of each aggregate's block (aggregates split from one block share them). */
  x: Int32Array;
  y: Int32Array;
}

/** The 2x2 block of the grid each node at (x, y) lies in, numbered row by row, and how many there are. */
function blockOf(x: Int32Array, y: Int32Array): { block: Int32Array; blocks: number } {
  const n = x.length;
  let width = 0;
  let height = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] + 1 > width) width = x[i] + 1;
    if (y[i] + 1 > height) height = y[i] + 1;
  }
  const half = (width + 1) >> 1;
  const block = new Int32Array(n);
  for (let i = 0; i < n; i++) block[i] = (y[i] >> 1) * half + (x[i] >> 1);
  return { block, blocks: half * ((height + 1) >> 1) };
}

/** Each 2x2 block of grid coordinates (x, y) becomes one aggregate, whatever joins its nodes. */
export function plainBlocks(x: Int32Array, y: Int32Array): Aggregates {
  const n = x.length;
  const { block, blocks } = blockOf(x, y);
  const blockNode = new Int32Array(blocks).fill(-1);
  const parent = new Int32Array(n);
  const cx = new Int32Array(n);
  const cy = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const key = block[i];
    if (blockNode[key] < 0) {
      blockNode[key] = count;
      cx[count] = x[i] >> 1;
      cy[count] = y[i] >> 1;
      count++;
    }
    parent[i] = blockNode[key];
  }
  return { parent, count, x: cx.slice(0, count), y: cy.slice(0, count) };
}

/**
 * Each 2x2 block of grid coordinates (x, y) becomes one aggregate per connected group of its
 * nodes under the block's strong edges: w_ij >= STRENGTH * min(s_i, s_j), s the strongest weight
 * at a node. Relative to the weaker end, so a node on a weak spot still joins the neighbour it is
 * most strongly tied to, rather than staying alone level after level. Nodes of a block that no
 * edge inside the block joins (a diagonal pair under a mask) are never put together.
 */
export function strongBlocks(w: Csr, x: Int32Array, y: Int32Array): Aggregates {
  const n = w.rows;
  const { indptr, indices, data } = w;
  const { block } = blockOf(x, y);
  const strongest = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) if (indices[p] !== i && data[p] > strongest[i]) strongest[i] = data[p];
  }
  // Union-find over the strong edges inside blocks; roots are the smallest node of their group.
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) root[i] = i;
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]];
    return i;
  };
  for (let i = 0; i < n; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const j = indices[p];
      if (j <= i || block[j] !== block[i]) continue;
      if (!(data[p] >= STRENGTH * Math.min(strongest[i], strongest[j]))) continue;
      const a = find(i);
      const b = find(j);
      if (a !== b) root[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const parent = new Int32Array(n);
  const cx = new Int32Array(n);
  const cy = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (r === i) {
      cx[count] = x[i] >> 1;
      cy[count] = y[i] >> 1;
      parent[i] = count++;
    } else {
      // r < i, so its aggregate is already numbered.
      parent[i] = parent[r];
    }
  }
  return { parent, count, x: cx.slice(0, count), y: cy.slice(0, count) };
}

/** The coarse graph of the aggregates: weights between them summed, weights inside one a self-loop. */
export function aggregateWeights(w: Csr, parent: Int32Array, m: number): Csr {
  const n = w.rows;
  // Children of each coarse node, then each coarse row accumulates its children's edges.
  const childStart = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) childStart[parent[i] + 1]++;
  for (let c = 0; c < m; c++) childStart[c + 1] += childStart[c];
  const children = new Int32Array(n);
  const fill = childStart.slice(0, m);
  for (let i = 0; i < n; i++) children[fill[parent[i]]++] = i;
  const indptr = new Int32Array(m + 1);
  // At most as many entries as the fine graph has, plus one self-loop per coarse node.
  const indices = new Int32Array(w.indptr[n] + m);
  const data = new Float64Array(w.indptr[n] + m);
  // Where coarse column d sits in the row being built (-1: not yet), reset after each row.
  const slot = new Int32Array(m).fill(-1);
  let q = 0;
  for (let c = 0; c < m; c++) {
    const rowStart = q;
    for (let k = childStart[c]; k < childStart[c + 1]; k++) {
      const i = children[k];
      for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) {
        const d = parent[w.indices[p]];
        if (slot[d] < 0) {
          slot[d] = q;
          indices[q] = d;
          data[q++] = w.data[p];
        } else {
          data[slot[d]] += w.data[p];
        }
      }
    }
    for (let t = rowStart; t < q; t++) slot[indices[t]] = -1;
    sortRow(indices, data, rowStart, q);
    indptr[c + 1] = q;
  }
  return { rows: m, indptr, indices: indices.slice(0, q), data: data.slice(0, q) };
}

/** Insertion sort of one CSR row by column (rows are short). */
function sortRow(indices: Int32Array, data: Float64Array, from: number, to: number): void {
  for (let a = from + 1; a < to; a++) {
    const col = indices[a];
    const val = data[a];
    let b = a - 1;
    while (b >= from && indices[b] > col) {
      indices[b + 1] = indices[b];
      data[b + 1] = data[b];
      b--;
    }
    indices[b + 1] = col;
    data[b + 1] = val;
  }
}
