/**
 * Thick-restart Lanczos (Wu & Simon, 2000) for the smallest eigenpairs of a sparse symmetric
 * operator. Memory is O(n * basisSize): the basis is restarted, keeping the best Ritz vectors,
 * instead of growing. Every new vector is orthogonalised twice against the whole basis
 * (classical Gram-Schmidt, "twice is enough"), which keeps the basis orthonormal to working
 * precision, so no spurious copies of converged eigenvalues appear.
 *
 * Repeated eigenvalues: a Krylov space holds one vector of each eigenspace. When the space
 * becomes invariant (as it does for a graph in several pieces) the iteration continues from a
 * fresh random vector orthogonal to the basis, which brings in the other copies. Pieces are also
 * split off before the solver runs (see spectrum.ts), so this is the safety net, not the rule.
 */
import { rotate } from './block';
import { symmetricEigen } from './dense-eigen';
import type { Pacer } from './pacer';
import { createNormal, createRandom } from './random';

export interface LinearOperator {
  size: number;
  /** y = A x */
  apply(x: Float64Array, y: Float64Array): void;
}

export interface LanczosOptions {
  /** How many of the smallest eigenpairs are wanted. */
  count: number;
  /** Converged when ||A v - theta v|| <= tol for each wanted pair (||v|| = 1), or tol |theta| when relativeTol. */
  tol: number;
  /** Scale the tolerance by each Ritz value's magnitude (for an inverse operator, see shift-invert.ts). */
  relativeTol?: boolean;
  /** Limit on operator applications. */
  maxIterations: number;
  /** Basis vectors kept in memory; default max(2 * count + 20, 40), at most n. */
  basisSize?: number;
  seed: number;
  /** Start vector (normalised here); default: a seeded random vector. */
  start?: Float64Array;
  /** Called after every restart with the number of converged pairs and the largest wanted residual. */
  onRestart?: (info: { iteration: number; converged: number; residual: number }) => void;
}

export interface EigenPairs {
  values: Float64Array;
  /** Unit eigenvectors. */
  vectors: Float64Array[];
  residuals: Float64Array;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** One classical Gram-Schmidt pass of w against basis[0..count); adds the coefficients to h. */
function gramSchmidtPass(w: Float64Array, basis: Float64Array[], count: number, h: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const v = basis[i];
    const c = dot(v, w);
    h[i] += c;
    for (let t = 0; t < w.length; t++) w[t] -= c * v[t];
  }
}

/** w -= sum_i (v_i . w) v_i over basis[0..count), twice ("twice is enough"); returns the coefficients. */
function orthogonalize(w: Float64Array, basis: Float64Array[], count: number, h = new Float64Array(count)): Float64Array {
  h.fill(0, 0, count);
  gramSchmidtPass(w, basis, count, h);
  gramSchmidtPass(w, basis, count, h);
  return h;
}

function randomUnitVector(n: number, normal: () => number, basis: Float64Array[], count: number): Float64Array {
  for (let attempt = 0; attempt < 5; attempt++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = normal();
    orthogonalize(v, basis, count);
    const s = norm(v);
    if (s > 1e-8) {
      for (let i = 0; i < n; i++) v[i] /= s;
      return v;
    }
  }
  throw new Error('Lanczos: could not extend the basis (space exhausted).');
}

/** basis[0..p) <- basis[0..m) * Y[:, 0..p) in place; Y holds the Ritz vectors column by column. */
function rotateBasis(basis: Float64Array[], m: number, y: Float64Array, p: number): void {
  const s = new Float64Array(m * p);
  for (let i = 0; i < p; i++) for (let l = 0; l < m; l++) s[l * p + i] = y[i * m + l];
  rotate(basis.slice(0, m), s, p);
}

export async function lanczosSmallest(op: LinearOperator, options: LanczosOptions, pacer: Pacer): Promise<EigenPairs> {
  const n = op.size;
  const nev = options.count;
  if (nev < 1 || nev >= n) throw new Error(`Lanczos needs 1 <= count < n (count ${nev}, n ${n}).`);
  const m = Math.min(n, Math.max(nev + 2, options.basisSize ?? Math.max(2 * nev + 20, 40)));
  const keep = Math.min(m - 1, nev + Math.floor((m - nev) / 2));
  const normal = createNormal(createRandom(options.seed));
  const startNorm = options.start ? norm(options.start) : 0;
  const start = options.start && startNorm > 0 ? options.start.map((x) => x / startNorm) : randomUnitVector(n, normal, [], 0);
  const basis: Float64Array[] = [start];
  const T = new Float64Array(m * m);
  const w = new Float64Array(n);
  const h = new Float64Array(m);
  let kept = 0;
  let iterations = 0;
  let ritz = symmetricEigen(new Float64Array(0), 0);
  let residual = new Float64Array(m);
  let lastBeta = 0;
  let lastVector: Float64Array = new Float64Array(n);

  for (;;) {
    for (let j = kept; j < m; j++) {
      await pacer.tick();
      op.apply(basis[j], w);
      iterations++;
      if (j === kept) {
        // First step after a (re)start couples to every kept vector: full reorthogonalisation.
        orthogonalize(w, basis, j + 1, h);
      } else {
        // The three-term recurrence first, then one pass against the whole basis to remove what
        // rounding left; a second pass only when that pass removed a large part (DGKS criterion).
        h.fill(0, 0, j + 1);
        const alpha = dot(basis[j], w);
        const betaPrev = T[(j - 1) * m + j];
        for (let t = 0; t < n; t++) w[t] -= alpha * basis[j][t] + betaPrev * basis[j - 1][t];
        h[j] = alpha;
        h[j - 1] = betaPrev;
        const before = norm(w);
        gramSchmidtPass(w, basis, j + 1, h);
        if (norm(w) < 0.7071 * before) gramSchmidtPass(w, basis, j + 1, h);
      }
      for (let i = 0; i <= j; i++) {
        // Entries of the projected matrix V^T A V; only the arrow and tridiagonal are non-zero in exact arithmetic.
        if (i >= kept || j === i) T[i * m + j] = T[j * m + i] = h[i];
      }
      let beta = norm(w);
      let next: Float64Array;
      if (beta <= 1e-12) {
        // Invariant subspace: continue with a new direction, not coupled to the current basis.
        beta = 0;
        next = j + 1 < m ? randomUnitVector(n, normal, basis, j + 1) : new Float64Array(n);
      } else {
        // Reuse the vector this slot held before the last restart: no allocation per step.
        next = j + 1 < m && basis.length > j + 1 && basis[j + 1] !== lastVector ? basis[j + 1] : new Float64Array(n);
        const inv = 1 / beta;
        for (let t = 0; t < n; t++) next[t] = w[t] * inv;
      }
      if (j + 1 < m) {
        T[(j + 1) * m + j] = T[j * m + (j + 1)] = beta;
        if (basis.length > j + 1) basis[j + 1] = next;
        else basis.push(next);
      } else {
        lastBeta = beta;
        lastVector = next;
      }
    }

    ritz = symmetricEigen(T, m);
    residual = new Float64Array(m);
    for (let i = 0; i < m; i++) residual[i] = Math.abs(lastBeta * ritz.vectors[i * m + (m - 1)]);
    let converged = 0;
    let worst = 0;
    for (let i = 0; i < nev; i++) {
      const tol = options.relativeTol ? options.tol * Math.abs(ritz.values[i]) : options.tol;
      if (residual[i] <= tol) converged++;
      worst = Math.max(worst, options.relativeTol ? residual[i] / Math.abs(ritz.values[i]) : residual[i]);
    }
    options.onRestart?.({ iteration: iterations, converged, residual: worst });
    const done = converged === nev || iterations >= options.maxIterations || lastBeta === 0;
    const p = done ? nev : keep;
    rotateBasis(basis, m, ritz.vectors, p);
    if (done) {
      return {
        values: ritz.values.slice(0, nev),
        vectors: basis.slice(0, nev),
        residuals: residual.slice(0, nev),
        iterations,
        converged: converged === nev,
      };
    }
    // Thick restart: the kept Ritz vectors, then the last residual direction; T becomes an arrowhead.
    T.fill(0);
    for (let i = 0; i < p; i++) {
      T[i * m + i] = ritz.values[i];
      const s = lastBeta * ritz.vectors[i * m + (m - 1)];
      T[i * m + p] = T[p * m + i] = s;
    }
    basis[p] = lastVector;
    kept = p;
  }
}
