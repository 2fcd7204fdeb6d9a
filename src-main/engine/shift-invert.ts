/**
 * Shift-invert Lanczos for the smallest eigenpairs of a small normalized Laplacian L.
 *
 * Lanczos on (L + s I)^-1 sees the wanted eigenvalues lambda as 1/(lambda + s): the smallest of L
 * become the largest by far and the rest of the spectrum crowds near 1/2, so a few dozen steps
 * find them, where Lanczos on L (or on a Chebyshev filter of it, see chebyshev.ts) needs thousands
 * of products because the wanted eigenvalues of a pixel graph crowd together near 0. Each step is
 * one solve with a banded Cholesky factor (banded-cholesky.ts), which is cheap only while the
 * band is narrow: the caller falls back to the Chebyshev filter when the factor would cost more.
 */
import { bandedCholesky, bandedSolve, reverseCuthillMcKee } from './banded-cholesky';
import { chebyshevLanczos, rayleighRitz } from './chebyshev';
import type { Csr } from './csr';
import { isStencil, multiplyRows, stencilLaplacian } from './stencil';
import { gram, orthonormalize, rotate, symmetrize } from './block';
import { symmetricEigen } from './dense-eigen';
import { createRandom } from './random';
import type { Operator } from './stencil';
import { lanczosSmallest } from './lanczos';
import type { EigenPairs, LanczosOptions } from './lanczos';
import type { Pacer } from './pacer';

/**
 * Small against any wanted eigenvalue of a graph this solver sees (coarse levels: 1e-5 and up),
 * large enough that L + s I stays safely positive definite although L is singular: the factor's
 * rounding errors are about 1e-16 times L's norm.
 */
const SHIFT = 1e-9;
/**
 * Largest factor made, in n band^2 (twice its multiply-adds; the solves cost 4 n band each): about
 * 0.2-0.4 s here. The Chebyshev filter can be cheaper on a wide band of an easy spectrum, but
 * where the wanted eigenvalues crowd near 0 it cannot separate them at all: a 1,181-node coarsest
 * level of band 178 (coffee.png at beta 5) ran it to its limit of 50,000 products, where
 * shift-invert takes a few dozen solves. The coarsest level of astronaut.png (1,493 nodes) has a
 * band of 71; that of a 12-megapixel photo (11,750 nodes) 94, where shift-invert took 0.47 s
 * against 3.1 s.
 */
const MAX_FACTOR_WORK = 4e8;
/**
 * Solves per Lanczos run before L's own residuals are checked, and runs at most: a normal
 * coarsest level converges in 40-60 solves; wanted eigenvalues crowded far below the shift (beta
 * 30-100: 1e-18 to 1e-13) took 2,600-19,000 solves to satisfy the inverse while L was content long before.
 */
const ATTEMPT_SOLVES = 400;
const ATTEMPTS = 6;
/** At most this many numbers in the factor (32 MB): a long thin strip has a narrow band but many rows. */
const MAX_ENTRIES = 4_000_000;

/** Whether a banded factor of this size is worth making (see MAX_FACTOR_WORK and MAX_ENTRIES). */
export function factorPays(rows: number, band: number): boolean {
  return rows * band * band <= MAX_FACTOR_WORK && rows * (band + 1) <= MAX_ENTRIES;
}

/** The smallest eigenpairs of l, or null when l's band is too wide (or its factor too big) to pay. */
export async function shiftInvertLanczos(l: Csr, options: LanczosOptions, pacer: Pacer): Promise<EigenPairs | null> {
  const n = l.rows;
  const factor = bandedCholesky(l, SHIFT, reverseCuthillMcKee(l), factorPays);
  if (!factor) return null;
  const work = new Float64Array(n);
  let solves = 0;
  const apply = (x: Float64Array, y: Float64Array) => {
    bandedSolve(factor, x, y, work);
    for (let i = 0; i < n; i++) y[i] = -y[i];
    solves++;
  };
  // A residual r of (L + s)^-1 at eigenvalue mu = 1 / (lambda + s) is one of L of at most
  // (2 + s) |r| / mu: so each pair's tolerance is relative to its mu, then tightened from what L
  // says. An absolute one cannot be met where mu is huge: a graph that is nearly in pieces (a
  // large beta: weights down to 1e-300) has eigenvalues near 0, so mu near 1 / s = 1e9, and
  // Lanczos ran to its limit of 50,000 solves (70 s for a 40,000-pixel preview).
  let tolInverse = options.tol / (2 + SHIFT);
  let start: Float64Array | undefined;
  let result: EigenPairs | null = null;
  for (let attempt = 0; attempt < ATTEMPTS && solves < options.maxIterations; attempt++) {
    const inverse = await lanczosSmallest({ size: n, apply }, { ...options, tol: tolInverse, relativeTol: true, start, maxIterations: Math.min(ATTEMPT_SOLVES, options.maxIterations - solves) }, pacer);
    result = rayleighRitz(l, inverse.vectors, solves);
    const worst = Math.max(...result.residuals);
    result.converged = worst <= options.tol;
    if (result.converged) break;
    if (!inverse.converged) {
      // Usually wanted eigenvalues far below the shift (a large beta: 1e-18 to 1e-13), which the
      // inverse sees as one cluster near 1 / s that Lanczos resolves slowly; for L any mix of them
      // will do once what lies outside the cluster is gone, and a solve damps that by 1e-5 or so.
      const polished = inverseIteration(l, result.vectors, (x, y) => bandedSolve(factor, x, y, work), 2, solves);
      solves += 2 * result.vectors.length;
      const polishedWorst = Math.max(...polished.residuals);
      polished.converged = polishedWorst <= options.tol;
      if (polishedWorst < worst) result = polished;
      if (polished.converged) break;
    } else {
      // Converged by the inverse's measure but not by L's: ask the inverse for more.
      tolInverse *= Math.max(1e-6, (0.5 * options.tol) / worst);
    }
    start = new Float64Array(n);
    for (const v of inverse.vectors) for (let i = 0; i < n; i++) start[i] += v[i];
  }
  return result;
}

/**
 * Rounds of block inverse iteration X <- (L + s)^-1 X, each followed by Rayleigh-Ritz of L on the
 * span of X: returns the Ritz pairs, ascending, with their residuals.
 */
function inverseIteration(l: Csr, start: Float64Array[], solve: (x: Float64Array, y: Float64Array) => void, rounds: number, iterations: number): EigenPairs {
  const n = l.rows;
  const b = start.length;
  let block = start;
  const random = createRandom(b);
  for (let round = 0; round < rounds; round++) {
    block = block.map((v) => {
      const y = new Float64Array(n);
      solve(v, y);
      return y;
    });
    orthonormalize(block, () => Float64Array.from({ length: n }, () => random() - 0.5));
    const products = block.map((v) => {
      const y = new Float64Array(n);
      multiplyRows(l, v, y, 0, n);
      return y;
    });
    const h = gram(block, products);
    symmetrize(h, b);
    const { vectors } = symmetricEigen(h, b);
    const s = new Float64Array(b * b);
    for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) s[i * b + j] = vectors[j * b + i];
    block = rotate(block, s, b);
  }
  return rayleighRitz(l, block, iterations + rounds * b);
}

/** The smallest eigenpairs of l to the tolerance asked: shift-invert where the band allows, else the Chebyshev filter. */
export async function exactEigenpairs(l: Operator, options: LanczosOptions, pacer: Pacer): Promise<EigenPairs> {
  return (await shiftInvertLanczos(isStencil(l) ? stencilLaplacian(l) : l, options, pacer)) ?? (await chebyshevLanczos(l, options, pacer));
}
