/**
 * Multilevel eigensolver for large pixel graphs.
 *
 * 1. Coarsen: each 2x2 block of pixels becomes one node, or one per group of its pixels tied by
 *    strong edges (aggregation.ts); weights between aggregates are summed and the weights inside
 *    one become a self-loop. This is the Galerkin projection of the problem (D - W) x = lambda D x
 *    onto vectors constant on aggregates, so a coarse eigenvalue is an upper bound of the fine one
 *    and the coarse eigenvectors are good fine ones, blurred.
 * 2. Solve the coarsest graph (a few thousand nodes) exactly: by shift-invert Lanczos where its
 *    band is narrow enough to factor (shift-invert.ts; astronaut.png: 44 solves and 0.07-0.10 s
 *    where the Chebyshev filter took 3,054 products and 0.25-0.40 s), else Chebyshev-filtered Lanczos.
 * 3. Carry the vectors down a level at a time and sharpen them with Chebyshev-filtered subspace
 *    iteration (Zhou & Saad): filter the block with a polynomial that damps [a, 2], where a is the
 *    block's largest Ritz value, then Rayleigh-Ritz. Interpolation error is mostly high-frequency,
 *    which the filter removes first, so few iterations are needed per level.
 * Every returned pair carries its residual on the full-resolution graph.
 */
import { orthonormalize } from './block';
import type { Block } from './block';
import { exactEigenpairs } from './shift-invert';
import type { Csr } from './csr';
import { serialBlockFilter } from './parallel';
import type { BlockFilter } from './parallel';
import { symmetricEigen } from './dense-eigen';
import type { EigenPairs } from './lanczos';
import type { Pacer } from './pacer';
import { isStencil, residualNorm, stencilOf, stencilOfLaplacian } from './stencil';
import { normalizedLaplacian } from './laplacian';
import type { Operator, Stencil4 } from './stencil';
import { coarsenStencil } from './stencil-coarsening';
import { createNormal, createRandom } from './random';
import { aggregateWeights, plainBlocks, strongBlocks } from './aggregation';

/**
 * The coarsest level: small enough that its exact solve is cheap, large enough (a 256th of the
 * graph) that a big image keeps enough detail for the interpolated vectors to be good starts.
 */
function coarsestSize(n: number): number {
  return Math.max(2000, Math.ceil(n / 256));
}
/**
 * Up to this many nodes the levels follow the image's edges (strongBlocks); above, plain blocks
 * as stencils, which on a 12-megapixel photo took 17 s where strong levels as CSR took 41 s.
 */
const STRONG_MAX_NODES = 2_000_000;
/**
 * Degree of the refinement filter. Degree 6 met the 1e-3 residuals on every benchmark case, with
 * the circles' ARI within 0.001 and astronaut's eigenvalues 0.5 % lower than degree 10 gave, and
 * filters 40 % less, which is most of the time on a large image.
 */
const DEGREE = 6;
const FILTER_EDGE = 0.05;
/** Coarse levels up to this many nodes are refined to 1e-4 rather than 1e-3 (see the solve loop). */
const SMALL_LEVEL = 50_000;

/** Grid coordinates of the finest level's nodes, computed when needed rather than held by the caller. */
export type Coordinates = () => { x: Int32Array; y: Int32Array };

/** The finest level: its weights (built on demand), and its Laplacian's stencil when already built. */
export interface FinestGraph {
  weights: () => Csr;
  stencil: Stencil4 | null;
}

interface Level {
  /** Normalized Laplacian I - D^-1/2 W D^-1/2 (on coarse levels D includes the self-loops). */
  l: Operator;
  sqrtDegree: Float64Array;
  /** Grid coordinates of the nodes (pixels on the finest level, blocks on coarser ones). */
  x?: Int32Array;
  y?: Int32Array;
  /** Coarse node of each node of this level (absent on the coarsest). */
  parent?: Int32Array;
}

export interface MultilevelOptions {
  count: number;
  tol: number;
  maxIterations: number;
  seed: number;
  /** Threads for the filter; default: the calling thread only. */
  parallel?: BlockFilter;
  /** Coarsen until a level has at most this many nodes (default: see coarsestSize). */
  coarsestNodes?: number;
  /** Coarse levels by 'strong' blocks or 'plain' ones; default: strong up to STRONG_MAX_NODES nodes. */
  coarsening?: 'strong' | 'plain';
  /** done: share of the solve's work behind it (levels weighted by their nodes), never decreasing. */
  onProgress?: (info: { iteration: number; converged: number; residual: number; level: number; levels: number; done: number }) => void;
}

/** Normalized Laplacian of a weight matrix that may hold self-loops, which count in the degree. */
export function galerkinLaplacian(w: Csr): Level & { l: Csr } {
  const n = w.rows;
  const sqrtDegree = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) d += w.data[p];
    sqrtDegree[i] = d > 0 ? Math.sqrt(d) : 1;
  }
  const indptr = new Int32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    let hasDiagonal = false;
    for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) if (w.indices[p] === i) hasDiagonal = true;
    nnz += w.indptr[i + 1] - w.indptr[i] + (hasDiagonal ? 0 : 1);
    indptr[i + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    let q = indptr[i];
    let placed = false;
    for (let p = w.indptr[i]; p < w.indptr[i + 1]; p++) {
      const j = w.indices[p];
      if (!placed && j >= i) {
        indices[q] = i;
        data[q++] = 1 - (j === i ? w.data[p] / (sqrtDegree[i] * sqrtDegree[i]) : 0);
        placed = true;
        if (j === i) continue;
      }
      indices[q] = j;
      data[q++] = -w.data[p] / (sqrtDegree[i] * sqrtDegree[j]);
    }
    if (!placed) {
      indices[q] = i;
      data[q++] = 1;
    }
  }
  return { l: { rows: n, indptr, indices, data }, sqrtDegree };
}

/**
 * Sums weights over 2x2 blocks of pixel coordinates, each block split along its weak edges when
 * strong (aggregation.ts). Returns the coarse graph, its nodes' block coordinates and the map.
 */
export function coarsen(w: Csr, x: Int32Array, y: Int32Array, strong = false): { w: Csr; x: Int32Array; y: Int32Array; parent: Int32Array } {
  const a = strong ? strongBlocks(w, x, y) : plainBlocks(x, y);
  return { w: aggregateWeights(w, a.parent, a.count), x: a.x, y: a.y, parent: a.parent };
}

/**
 * The levels, finest first, each but the coarsest with its parent map. Strong blocks
 * (aggregation.ts) are built as CSR. Plain 2x2 blocks of a 4-connected graph are coarsened
 * stencil to stencil; where that does not fit (8-connectivity, or a mask whose blocks are not
 * numbered in row order), as CSR.
 */
async function hierarchy(graph: FinestGraph, sqrtDegree: Float64Array, coordinates: Coordinates, coarsest: number, blockSize: number, strong: boolean, parallel: BlockFilter, pacer: Pacer): Promise<Level[]> {
  // A single level is solved by Lanczos on CSR; more are multiplied by, as a stencil where possible.
  if (sqrtDegree.length <= coarsest) return [{ l: graph.stencil ?? normalizedLaplacian(graph.weights()).laplacian, sqrtDegree }];
  // The finest level's coordinates live only here (at 12 MP they are 96 MB the solve does not
  // need), and only where the nodes' numbers do not say them.
  let xy: { x: Int32Array; y: Int32Array } | null = null;
  const finestXy = () => (xy ??= coordinates());
  // A stencil built with the graph may sit in memory the threads cannot read (a cached graph first
  // solved without them): share moves it once.
  const finest = graph.stencil ? parallel.share(graph.stencil) : stencilOf(graph.weights(), sqrtDegree, finestXy().x, finestXy().y, parallel);
  const tooSmall = (fine: number, coarse: number) => coarse > 0.9 * fine || coarse <= blockSize + 2;
  if (finest && !strong) {
    const levels: Level[] = [{ l: finest, sqrtDegree }];
    let at = finest.width > 0 ? null : finestXy();
    for (let level = levels[0]; level.l.rows > coarsest; ) {
      const c = coarsenStencil(level.l as Stencil4, level.sqrtDegree, at, parallel);
      if (!c) break;
      if (tooSmall(level.l.rows, c.l.rows)) return levels;
      level.parent = c.parent;
      level = { l: c.l, sqrtDegree: c.sqrtDegree, x: c.coordinates?.x, y: c.coordinates?.y };
      at = c.coordinates;
      levels.push(level);
      await pacer.tick();
    }
    if (levels[levels.length - 1].l.rows <= coarsest) return levels;
  }
  let cw = graph.weights();
  const levels: Level[] = [{ l: finest ?? normalizedLaplacian(cw).laplacian, sqrtDegree }];
  let at = finestXy();
  while (cw.rows > coarsest) {
    const c = coarsen(cw, at.x, at.y, strong);
    if (tooSmall(cw.rows, c.w.rows)) break;
    levels[levels.length - 1].parent = c.parent;
    // Aggregates split from one block share its coordinates, which a stencil cannot hold.
    levels.push(strong ? galerkinLaplacian(c.w) : { ...galerkinLaplacian(c.w), x: c.x, y: c.y });
    cw = c.w;
    at = c;
    await pacer.tick();
  }
  return levels;
}

/**
 * graph: the piece's weights (self-loops are ignored, as normalizedLaplacian does); sqrtDegree: the
 * square roots of its degrees; coordinates: the nodes' pixel coordinates (nodes numbered in pixel order).
 * The normalized Laplacian is built here, as a stencil where the graph allows.
 */
export async function multilevelEigenpairs(graph: FinestGraph, sqrtDegree: Float64Array, coordinates: Coordinates, options: MultilevelOptions, pacer: Pacer): Promise<EigenPairs> {
  const count = options.count;
  const parallel = options.parallel ?? serialBlockFilter();
  const blockSize = count + Math.max(3, Math.ceil(count / 2));
  const strong = (options.coarsening ?? (sqrtDegree.length <= STRONG_MAX_NODES ? 'strong' : 'plain')) === 'strong';
  // Building the levels takes a while on a large image: say that the eigen stage has begun.
  options.onProgress?.({ iteration: 0, converged: 0, residual: Number.NaN, level: 0, levels: 0, done: 0 });
  const levels = await hierarchy(graph, sqrtDegree, coordinates, options.coarsestNodes ?? coarsestSize(sqrtDegree.length), blockSize, strong, parallel, pacer);
  let matvecs = 0;
  const coarse = levels[levels.length - 1];
  const coarseOptions = { count: Math.min(blockSize, coarse.l.rows - 1), tol: 1e-5, maxIterations: 50_000, seed: options.seed };
  const exact = await exactEigenpairs(coarse.l, coarseOptions, pacer);
  matvecs += exact.iterations;
  let block: Block = exact.vectors;
  let values = Array.from(exact.values);
  let residuals = Array.from(exact.residuals);
  // Converged counts restart at every level, so progress is told by levels, weighted by their size.
  const allRows = levels.reduce((s, l) => s + l.l.rows, 0);
  let rowsBehind = coarse.l.rows;
  let done = 0;
  const report = (converged: number, residual: number, level: number, partOfLevel: number) => {
    done = Math.max(done, Math.min(1, (rowsBehind + partOfLevel * levels[level].l.rows) / allRows));
    options.onProgress?.({ iteration: matvecs, converged, residual, level, levels: levels.length, done });
  };
  report(count, Math.max(...residuals), levels.length - 1, 0);
  const normal = createNormal(createRandom(options.seed + 1));
  // Every level's vectors are views of the same buffers, allocated once at the largest size each
  // is used at (guard vectors stop at level 2): no fresh gigabytes, and their page faults, per level.
  const guardRows = levels.length > 2 ? levels[2].l.rows : 1;
  const store = levels.length === 1 ? [] : block.map((_, j) => parallel.alloc(j < count ? levels[0].l.rows : guardRows));
  for (let level = levels.length - 2; level >= 0; level--) {
    const fine = levels[level];
    if (level <= 1 && block.length > count) {
      // The two finest levels refine no guard vectors: the block is close to the wanted subspace by
      // now, and each vector dropped saves a filter and a share of Rayleigh-Ritz on the largest
      // graphs (astronaut.png: 0.1 s of 1.0 s; eigenvalues 0.2 % higher in sum).
      block = block.slice(0, count);
      values = values.slice(0, count);
    }
    block = interpolate(block, levels[level + 1].sqrtDegree, fine, store);
    const n = fine.l.rows;
    const finestLevel = level === 0;
    // Coarser levels only need to be good starting points; the finest must meet the tolerance.
    // Small levels from 2 up aim lower, which costs them a third sweep: what they get wrong is
    // low-frequency, which the finer levels' filters barely change (astronaut.png: eigenvalue
    // sum 0.65 % lower, normalized cut 0.0175 -> 0.0171, for about 0.05 s; up to 6 sweeps gave
    // 1.7 % and 0.0162 for 0.13 s).
    const small = level >= 2 && n <= SMALL_LEVEL;
    const tol = finestLevel ? options.tol : small ? Math.min(options.tol, 1e-4) : Math.max(options.tol, 1e-3);
    const maxSweeps = finestLevel ? 1000 : 3;
    // Levels of a 4-connected grid multiply as stencils, built where the threads can read them
    // (the level's CSR then becomes garbage); others move their CSR there.
    if (!isStencil(fine.l)) fine.l = (level > 0 && fine.x && fine.y && stencilOfLaplacian(fine.l, fine.x, fine.y, parallel)) || parallel.share(fine.l);
    const op = fine.l;
    // Interpolation always leaves block artefacts, so filter before the first Rayleigh-Ritz.
    let worst = Math.max(...residuals.slice(0, count));
    let converged = 0;
    // Share of this level done, `within` of the way through sweep number `sweep`: one sweep is the
    // usual need on the finest level of a large image (12 MP and 4 MP photos), coarser ones may use all.
    const partOfLevel = (sweep: number, within: number) => Math.min(0.95, (sweep - 1 + within) / (finestLevel ? 1 : maxSweeps));
    for (let sweep = 1; ; sweep++) {
      // Damping starts well above the wanted eigenvalues: what interpolation gets wrong is mostly
      // high-frequency, and a filter edge at the block's own Ritz values would barely separate anything.
      const a = Math.min(1.99, Math.max(values[values.length - 1], FILTER_EDGE));
      // Filter in slices of the block so a cancel is noticed within one vector's filtering, and
      // progress moves during the seconds one sweep of a large level takes.
      for (let j = 0; j < block.length; j += parallel.threads) {
        const slice = block.slice(j, j + parallel.threads);
        await parallel.run(op, slice, a, DEGREE);
        matvecs += DEGREE * slice.length;
        report(converged, worst, level, partOfLevel(sweep, (j + slice.length) / (block.length + 1)));
        await pacer.tick();
      }
      const rr = await rayleighRitz(parallel, op, block, () => {
        const v = parallel.alloc(n);
        for (let i = 0; i < n; i++) v[i] = normal();
        return v;
      });
      matvecs += block.length;
      block = rr.vectors;
      values = rr.values;
      residuals = rr.residuals;
      worst = Math.max(...residuals.slice(0, count));
      converged = residuals.slice(0, count).filter((r) => r <= tol).length;
      const last = worst <= tol || sweep >= maxSweeps || matvecs >= options.maxIterations;
      report(converged, worst, level, last ? 1 : partOfLevel(sweep, 1));
      if (last) break;
    }
    rowsBehind += n;
  }
  // Reported residuals are recomputed on the returned vectors, not carried over from Rayleigh-Ritz:
  // ||L v - theta v||^2 = ||L v||^2 - 2 theta v.Lv + theta^2 ||v||^2, in one threaded pass.
  const result = block.slice(0, count);
  const check = await parallel.products(levels[0].l, result, true);
  residuals = result.map((v, j) => {
    const at = j * count + j;
    const theta = values[j];
    const r2 = check.q[at] - 2 * theta * check.h[at] + theta * theta * check.g[at];
    return trustworthy(r2, check.q[at]) ? Math.sqrt(r2) : residualNorm(levels[0].l, v, theta);
  });
  const worst = Math.max(...residuals);
  return {
    values: Float64Array.from(values.slice(0, count)),
    vectors: result,
    residuals: Float64Array.from(residuals),
    iterations: matvecs,
    converged: worst <= options.tol,
  };
}

/**
 * v_fine = D_f^1/2 P D_c^-1/2 v_coarse (constant on blocks in the x = D^-1/2 v variables), into
 * views of the store's buffers. In place where the coarse vector already sits at the start of its
 * buffer: coarse nodes are numbered in order of first appearance, so parent[i] <= i, and going
 * from the last node down reads every coarse entry before it is overwritten.
 */
function interpolate(block: Block, coarseSqrtDegree: Float64Array, fine: Level, store: Block): Block {
  const parent = fine.parent!;
  const n = parent.length;
  const sqrtDegree = fine.sqrtDegree;
  return block.map((vc, j) => {
    const v = store[j].subarray(0, n);
    if (vc.buffer !== v.buffer || vc.byteOffset !== v.byteOffset) v.set(vc);
    spreadDown(v, parent, coarseSqrtDegree, sqrtDegree);
    return v;
  });
}

function spreadDown(v: Float64Array, parent: Int32Array, coarseSqrtDegree: Float64Array, sqrtDegree: Float64Array): void {
  for (let i = parent.length - 1; i >= 0; i--) {
    const c = parent[i];
    v[i] = (v[c] / coarseSqrtDegree[c]) * sqrtDegree[i];
  }
}

/**
 * Ritz pairs of L in the span of a block that need not be orthonormal, ascending, with residual
 * norms. The Gram matrix G = X^T X is inverted through its eigen-decomposition (X S with
 * S = V diag(mu)^-1/2 is orthonormal), so one pass over the block does what an orthonormalisation
 * followed by Rayleigh-Ritz would do in two. A block whose Gram matrix is close to singular
 * (filtering made two vectors nearly parallel) is orthonormalised explicitly first. Residuals come
 * from Q = (L X)^T L X (||L x - theta x||^2 = ||L x||^2 - theta^2 for a unit Ritz vector), so
 * L X is never stored or rotated.
 */
async function rayleighRitz(threads: BlockFilter, l: Operator, block: Block, refill: () => Float64Array): Promise<{ values: number[]; vectors: Block; residuals: number[] }> {
  const b = block.length;
  let { g: gram, h, q } = await threads.products(l, block);
  let g = symmetricEigen(gram, b);
  if (!(g.values[0] > 1e-10 * g.values[b - 1])) {
    orthonormalize(block, refill);
    ({ g: gram, h, q } = await threads.products(l, block));
    g = symmetricEigen(gram, b);
  }
  // W = V diag(mu)^-1/2: the columns of X W are orthonormal.
  const w = new Float64Array(b * b);
  for (let j = 0; j < b; j++) for (let i = 0; i < b; i++) w[i * b + j] = g.vectors[j * b + i] / Math.sqrt(g.values[j]);
  // H' = W^T H W, symmetrised against rounding.
  const hw = new Float64Array(b * b);
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) {
    let s = 0;
    for (let t = 0; t < b; t++) s += h[i * b + t] * w[t * b + j];
    hw[i * b + j] = s;
  }
  const hp = new Float64Array(b * b);
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) {
    let s = 0;
    for (let t = 0; t < b; t++) s += w[t * b + i] * hw[t * b + j];
    hp[i * b + j] = s;
  }
  for (let i = 0; i < b; i++) for (let j = 0; j < i; j++) hp[i * b + j] = hp[j * b + i] = (hp[i * b + j] + hp[j * b + i]) / 2;
  const { values, vectors } = symmetricEigen(hp, b);
  // S = W Y.
  const s = new Float64Array(b * b);
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) {
    let acc = 0;
    for (let t = 0; t < b; t++) acc += w[i * b + t] * vectors[j * b + t];
    s[i * b + j] = acc;
  }
  const residuals = Array.from(values, (theta, j) => {
    // s_j^T Q s_j = ||L x_j||^2.
    let norm2 = 0;
    for (let a = 0; a < b; a++) for (let c = 0; c < b; c++) norm2 += s[a * b + j] * q[a * b + c] * s[c * b + j];
    const r2 = norm2 - theta * theta;
    return trustworthy(r2, norm2) ? Math.sqrt(r2) : NaN;
  });
  const x = await threads.rotate(block, s, b);
  // Where the difference has lost its digits, a tight tolerance would stop on rounding noise.
  residuals.forEach((r, j) => {
    if (Number.isNaN(r)) residuals[j] = residualNorm(l, x[j], values[j]);
  });
  return { values: Array.from(values), vectors: x, residuals };
}

/**
 * Whether r^2 = ||L v||^2 - (terms of about the same size) keeps enough digits: below about
 * 1e-10 of ||L v||^2 (r below 1e-5 of ||L v||) cancellation eats them, so measure directly.
 */
function trustworthy(r2: number, norm2: number): boolean {
  return r2 > 1e-10 * norm2;
}
