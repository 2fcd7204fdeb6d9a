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
import { isStencil, stencilLaplacian } from './stencil';
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
 * Widest band factored. A solve costs 4 n band operations and the factor n band^2 / 2, against
 * thousands of products of 10 n or so for the Chebyshev filter: at this band the two are about
 * even. The coarsest level of astronaut.png (1,493 nodes) has a band of 71; that of a 12-megapixel
 * photo (11,750 nodes) 94, where shift-invert took 0.47 s against 3.1 s.
 */
const MAX_BAND = 160;
/** At most this many numbers in the factor (32 MB): a long thin strip has a narrow band but many rows. */
const MAX_ENTRIES = 4_000_000;

/** The smallest eigenpairs of l, or null when l's band is too wide (or its factor too big) to pay. */
export async function shiftInvertLanczos(l: Csr, options: LanczosOptions, pacer: Pacer): Promise<EigenPairs | null> {
  const n = l.rows;
  const factor = bandedCholesky(l, SHIFT, reverseCuthillMcKee(l), (rows, band) => band <= MAX_BAND && rows * (band + 1) <= MAX_ENTRIES);
  if (!factor) return null;
  const work = new Float64Array(n);
  let solves = 0;
  const apply = (x: Float64Array, y: Float64Array) => {
    bandedSolve(factor, x, y, work);
    for (let i = 0; i < n; i++) y[i] = -y[i];
    solves++;
  };
  // A residual r of (L + s)^-1 at eigenvalue mu = 1 / (lambda + s) is one of L of at most
  // (2 + s) |r| / mu: start from wanted eigenvalues up to 0.1, tighten from what L says.
  let tolInverse = options.tol / ((2 + SHIFT) * (0.1 + SHIFT));
  let start: Float64Array | undefined;
  let result: EigenPairs | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const inverse = await lanczosSmallest({ size: n, apply }, { ...options, tol: tolInverse, start, maxIterations: Math.max(1, options.maxIterations - solves) }, pacer);
    result = rayleighRitz(l, inverse.vectors, solves);
    const worst = Math.max(...result.residuals);
    result.converged = worst <= options.tol;
    if (result.converged || !inverse.converged) break;
    tolInverse *= Math.max(1e-6, (0.5 * options.tol) / worst);
    start = new Float64Array(n);
    for (const v of inverse.vectors) for (let i = 0; i < n; i++) start[i] += v[i];
  }
  return result;
}

/** The smallest eigenpairs of l to the tolerance asked: shift-invert where the band allows, else the Chebyshev filter. */
export async function exactEigenpairs(l: Operator, options: LanczosOptions, pacer: Pacer): Promise<EigenPairs> {
  return (await shiftInvertLanczos(isStencil(l) ? stencilLaplacian(l) : l, options, pacer)) ?? (await chebyshevLanczos(l, options, pacer));
}
