/**
 * Chebyshev-filtered Lanczos for the smallest eigenpairs of a normalized Laplacian.
 *
 * The wanted eigenvalues of a pixel graph crowd together near 0 while the spectrum reaches 2,
 * so plain Lanczos needs thousands of steps, each orthogonalised against the whole basis. Running
 * Lanczos on p(L), with p a Chebyshev polynomial that stays within [-1, 1] on [a, 2] and grows
 * steeply below a, spreads the wanted eigenvalues apart: far fewer Lanczos steps, each costing a
 * few cheap sparse products instead of a long orthogonalisation. p is monotone on [0, a], so the
 * largest eigenvalues of p(L) belong to the smallest of L, with the same eigenvectors; the
 * eigenvalues and residuals returned are those of L itself (Rayleigh quotients).
 */
import { multiplyRows } from './stencil';
import type { Operator } from './stencil';
import { lanczosSmallest } from './lanczos';
import type { EigenPairs, LanczosOptions } from './lanczos';
import type { Pacer } from './pacer';

/** Even, so p(L) is positive and largest below a. */
const DEGREE = 16;

export async function chebyshevLanczos(l: Operator, options: LanczosOptions, pacer: Pacer): Promise<EigenPairs> {
  const n = l.rows;
  const count = options.count;
  const apply = (x: Float64Array, y: Float64Array) => multiplyRows(l, x, y, 0, n);
  // One unrestarted Lanczos cycle: its Ritz values are upper bounds of the eigenvalues
  // (Courant-Fischer), so a sits above the wanted ones.
  const margin = Math.max(2, Math.ceil(count / 2));
  const probeCount = Math.min(n - 1, count + margin);
  const probeBasis = Math.min(n, Math.max(2 * probeCount + 10, 40));
  const probe = await lanczosSmallest({ size: n, apply }, { count: probeCount, tol: Infinity, maxIterations: 1, basisSize: probeBasis, seed: options.seed }, pacer);
  const a = Math.min(1.9, Math.max(probe.values[probeCount - 1], 1e-9));
  let matvecs = probe.iterations;

  const e = (2 - a) / 2;
  const c = (2 + a) / 2;
  const t0 = new Float64Array(n);
  const t1 = new Float64Array(n);
  const t2 = new Float64Array(n);
  const filter = (x: Float64Array, y: Float64Array) => {
    // y = -T_d((L - c) / e) x by the three-term recurrence.
    t0.set(x);
    apply(x, t1);
    const inv = 1 / e;
    const twoInv = 2 * inv;
    const twoC = 2 * c * inv;
    for (let i = 0; i < n; i++) t1[i] = (t1[i] - c * x[i]) * inv;
    let prev = t0;
    let cur = t1;
    let next = t2;
    for (let k = 2; k <= DEGREE; k++) {
      apply(cur, next);
      for (let i = 0; i < n; i++) next[i] = twoInv * next[i] - twoC * cur[i] - prev[i];
      const old = prev;
      prev = cur;
      cur = next;
      next = old;
    }
    for (let i = 0; i < n; i++) y[i] = -cur[i];
    matvecs += DEGREE;
  };
  // Start from the probe's Ritz vectors: they already lean towards the wanted space.
  const start = new Float64Array(n);
  for (const v of probe.vectors.slice(0, count)) for (let i = 0; i < n; i++) start[i] += v[i];

  // Near the wanted eigenvalues p(L) is steeper than L by about its amplification T_d(x(0)), so a
  // residual that small relative to p is what L needs; the loop below tightens it when not enough.
  const amplification = Math.cosh(DEGREE * Math.acosh((2 + a) / (2 - a)));
  let tolFiltered = options.tol * amplification;
  let result: EigenPairs | null = null;
  for (let attempt = 0; attempt < 6; attempt++) {
    const filtered = await lanczosSmallest(
      { size: n, apply: filter },
      { ...options, tol: tolFiltered, start, maxIterations: Math.max(1, Math.floor((options.maxIterations - matvecs) / DEGREE)) },
      pacer,
    );
    result = rayleighRitz(l, filtered.vectors, matvecs);
    const worst = Math.max(...result.residuals);
    if (worst <= options.tol || !filtered.converged) {
      result.converged = worst <= options.tol;
      break;
    }
    // Residuals of p(L) and of L differ by the local slope of p: tighten and continue from here.
    tolFiltered *= Math.max(1e-6, (0.5 * options.tol) / worst);
    start.fill(0);
    for (const v of filtered.vectors) for (let i = 0; i < n; i++) start[i] += v[i];
  }
  result!.iterations = matvecs;
  return result!;
}

/** Eigenvalues of L as Rayleigh quotients of the (orthonormal) vectors, ascending, with true residuals. */
export function rayleighRitz(l: Operator, vectors: Float64Array[], iterations: number): EigenPairs {
  const n = l.rows;
  const y = new Float64Array(n);
  const pairs = vectors.map((v) => {
    multiplyRows(l, v, y, 0, n);
    let lambda = 0;
    for (let i = 0; i < n; i++) lambda += v[i] * y[i];
    let r = 0;
    for (let i = 0; i < n; i++) r += (y[i] - lambda * v[i]) ** 2;
    return { lambda, v, r: Math.sqrt(r) };
  });
  pairs.sort((p, q) => p.lambda - q.lambda);
  return {
    values: Float64Array.from(pairs.map((p) => p.lambda)),
    vectors: pairs.map((p) => p.v),
    residuals: Float64Array.from(pairs.map((p) => p.r)),
    iterations,
    converged: true,
  };
}
