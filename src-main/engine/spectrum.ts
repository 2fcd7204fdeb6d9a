/**
 * The smallest eigenpairs of the normalized Laplacian of a graph in one or more pieces.
 *
 * The Laplacian of a graph in pieces is block diagonal, so its spectrum is the union of the
 * pieces' spectra. Each piece is solved on its own and the lists are merged: a piece's zero
 * eigenvalue (one per piece) is known exactly, repeated eigenvalues across pieces (two identical
 * pieces) come out exactly as often as they occur, and no Krylov space has to discover a second
 * copy of an eigenvalue through rounding errors. Since every piece contributes a 0, a piece needs
 * at most count - (pieces - 1) eigenpairs.
 */
import { csrSubmatrix } from './csr';
import type { Csr } from './csr';
import { symmetricEigen } from './dense-eigen';
import { multilevelEigenpairs } from './multilevel';
import { pixelCoordinates, residualNorm } from './stencil';
import { exactEigenpairs } from './shift-invert';
import type { Operator, Stencil4 } from './stencil';
import type { BlockFilter } from './parallel';
import { normalizedLaplacian } from './laplacian';
import type { Pacer } from './pacer';

/** Pieces up to this many nodes are solved densely (O(s^3), well under a millisecond at 64). */
const DENSE_LIMIT = 64;

export interface PieceSpectrum {
  /** Global node ids of the piece, ascending. */
  nodes: Int32Array;
  values: number[];
  /** Unit eigenvectors over the piece's nodes (local numbering). */
  vectors: Float64Array[];
  residuals: number[];
}

export interface Spectrum {
  /** Merged smallest eigenvalues, ascending. */
  values: number[];
  residuals: number[];
  /** For each merged value: which piece and which of its pairs. */
  owner: Array<{ piece: number; index: number }>;
  pieces: PieceSpectrum[];
  iterations: number;
  converged: boolean;
}

/**
 * Pieces larger than this use the multilevel solver when the solver is 'auto'. Below it the exact
 * solver's residuals near 1e-13 cost little; above it they cost more than the user waits for: on
 * the 10,795-pixel circles (side 200) the exact solve took 0.87 s cold and 0.81 s warm, the
 * multilevel one 0.36-0.42 s cold and 0.16 s warm, with ARI 0.967 against 0.969.
 */
export const MULTILEVEL_MIN_NODES = 8_000;

/** Whether a piece of this many nodes goes to the multilevel solver. */
export function usesMultilevel(nodes: number, solver: SpectrumOptions['solver']): boolean {
  return solver === 'multilevel' || (solver === 'auto' && nodes > MULTILEVEL_MIN_NODES);
}

export interface SpectrumOptions {
  solver: 'auto' | 'exact' | 'multilevel';
  tol: number;
  /** Tolerance of the multilevel solver (it trades accuracy for speed on large images). */
  multilevelTol: number;
  coarsestNodes?: number;
  coarsening?: 'strong' | 'plain';
  parallel?: BlockFilter;
  maxIterations: number;
  seed: number;
  onProgress?: (info: { iteration: number; converged: number; residual: number; fraction: number }) => void;
}

/** The graph with its nodes' places on the pixel grid, which the multilevel solver coarsens. */
export interface PixelGraph {
  nodes: number;
  /** The weights as CSR (rebuilt from the stencil where a prepared full frame dropped them). */
  weights: () => Csr;
  /** The whole graph's normalized Laplacian as a stencil, when it was built with the graph. */
  stencil: Stencil4 | null;
  /** sqrt of the degrees (self-loops ignored; 1 for an isolated node), as normalizedLaplacian has them. */
  sqrtDegree: Float64Array;
  pixelOf: Int32Array;
  width: number;
}

export async function smallestEigenpairs(graph: PixelGraph, pieces: Int32Array[], count: number, options: SpectrumOptions, pacer: Pacer): Promise<Spectrum> {
  const total = pieces.reduce((s, p) => s + p.length, 0);
  let done = 0;
  let iterations = 0;
  let converged = true;
  const solved: PieceSpectrum[] = [];
  for (const nodes of pieces) {
    const needed = Math.max(1, Math.min(nodes.length, count - (pieces.length - 1)));
    const result = await solvePiece(graph, nodes, needed, options, pacer, (info) =>
      options.onProgress?.({ ...info, iteration: iterations + info.iteration, fraction: (done + nodes.length * (info.done ?? info.converged / needed)) / total }),
    );
    iterations += result.iterations;
    converged &&= result.converged;
    solved.push(result.spectrum);
    done += nodes.length;
  }
  const all: Array<{ value: number; piece: number; index: number }> = [];
  solved.forEach((s, piece) => s.values.forEach((value, index) => all.push({ value, piece, index })));
  // Stable sort: ties keep piece order, so the result does not depend on the sort implementation.
  all.sort((a, b) => a.value - b.value || a.piece - b.piece || a.index - b.index);
  const chosen = all.slice(0, count);
  return {
    values: chosen.map((c) => c.value),
    residuals: chosen.map((c) => solved[c.piece].residuals[c.index]),
    owner: chosen.map(({ piece, index }) => ({ piece, index })),
    pieces: solved,
    iterations,
    converged,
  };
}

/**
 * One piece (a connected component). Its normalized Laplacian as CSR is built only for the
 * solvers that need one: the multilevel solver builds its own operator from the weights, which
 * on a large image saves the CSR's 64 bytes a pixel.
 */
async function solvePiece(
  graph: PixelGraph,
  nodes: Int32Array,
  needed: number,
  options: SpectrumOptions,
  pacer: Pacer,
  /** done: the share of the piece's solve behind it, where the solver can tell (else converged / needed). */
  onRestart: (info: { iteration: number; converged: number; residual: number; done?: number }) => void,
): Promise<{ spectrum: PieceSpectrum; iterations: number; converged: boolean }> {
  const s = nodes.length;
  const whole = s === graph.nodes;
  let w: Csr | null = null;
  const weights = () => (w ??= whole ? graph.weights() : csrSubmatrix(graph.weights(), nodes));
  const sqrtDegree = whole ? graph.sqrtDegree : Float64Array.from(nodes, (u) => graph.sqrtDegree[u]);
  const stencil = whole ? graph.stencil : null;
  let sub: Csr | null = null;
  // A piece's degrees are its nodes' degrees in the whole graph (no edge leaves a piece), so this
  // is the whole graph's Laplacian restricted to the piece, entry for entry.
  const laplacian = () => (sub ??= normalizedLaplacian(weights()).laplacian);
  const operator = (): Operator => stencil ?? laplacian();
  if (needed === 1 && s > 1) {
    // The null vector D^1/2 * 1 of a connected piece: exact, no iterations.
    const v = new Float64Array(s);
    let n2 = 0;
    for (let i = 0; i < s; i++) n2 += sqrtDegree[i] ** 2;
    for (let i = 0; i < s; i++) v[i] = sqrtDegree[i] / Math.sqrt(n2);
    return { spectrum: { nodes, values: [0], vectors: [v], residuals: [residualNorm(operator(), v, 0)] }, iterations: 0, converged: true };
  }
  if (s <= DENSE_LIMIT || needed >= s - 1) {
    const l = laplacian();
    const dense = new Float64Array(s * s);
    for (let i = 0; i < s; i++) for (let p = l.indptr[i]; p < l.indptr[i + 1]; p++) dense[i * s + l.indices[p]] = l.data[p];
    const { values, vectors } = symmetricEigen(dense, s);
    const take = Math.min(needed, s);
    const vs: Float64Array[] = [];
    const rs: number[] = [];
    for (let j = 0; j < take; j++) {
      const v = vectors.slice(j * s, j * s + s);
      vs.push(v);
      rs.push(residualNorm(l, v, values[j]));
    }
    return { spectrum: { nodes, values: Array.from(values.subarray(0, take)), vectors: vs, residuals: rs }, iterations: 0, converged: true };
  }
  if (usesMultilevel(s, options.solver)) {
    const coordinates = () => pixelCoordinates(graph.pixelOf, graph.width, whole ? null : nodes);
    // Its residuals are computed directly on the full-resolution operator.
    const r = await multilevelEigenpairs({ weights, stencil }, sqrtDegree, coordinates, { count: needed, tol: options.multilevelTol, maxIterations: options.maxIterations, seed: options.seed, coarsestNodes: options.coarsestNodes, coarsening: options.coarsening, parallel: options.parallel, onProgress: onRestart }, pacer);
    return { spectrum: { nodes, values: Array.from(r.values), vectors: r.vectors, residuals: Array.from(r.residuals) }, iterations: r.iterations, converged: r.converged };
  }
  const l = operator();
  const r = await exactEigenpairs(l, { count: needed, tol: options.tol, maxIterations: options.maxIterations, seed: options.seed, onRestart }, pacer);
  // Report residuals recomputed on the operator rather than the Lanczos estimate.
  const residuals = r.vectors.map((v, j) => residualNorm(l, v, r.values[j]));
  return { spectrum: { nodes, values: Array.from(r.values), vectors: r.vectors, residuals }, iterations: r.iterations, converged: r.converged };
}
