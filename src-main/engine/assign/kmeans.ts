/**
 * k-means label assignment with ml-kmeans: several seeded k-means++ restarts, the lowest inertia
 * wins (scikit-learn uses 10). For large images the centroids are fitted on a random sample and
 * then every point is assigned in one pass over typed arrays: ml-kmeans wants one JS array per
 * point, which would not fit for millions of pixels.
 */
import { kmeans } from 'ml-kmeans';
import type { Points } from '../embedding';
import { createRandom } from '../random';
import { runSteps, within } from '../pacer';
import type { Steps } from '../pacer';

export interface KmeansOptions {
  seed: number;
  nInit: number;
  /** Points used to fit the centroids. */
  sampleSize?: number;
}

/**
 * Points the centroids are fitted on: 500 per cluster (an eighth of a percent of the image would
 * still expect 5 points), between 4,000 and 20,000. ml-kmeans' Lloyd passes over arrays of arrays
 * are most of the assign stage: at k = 8, 4,000 points instead of 10,000 took astronaut.png's
 * assign stage from 0.33-0.40 s to 0.18-0.20 s, with normalized cuts and the circles' ARI the same
 * to within the spread of seeds.
 */
function sampleSizeFor(k: number): number {
  return Math.min(20_000, Math.max(4_000, 500 * k));
}

/** Returns labels 0..k-1. */
export function kmeansLabels(points: Points, k: number, options: KmeansOptions): Int32Array {
  return runSteps(kmeansLabelsSteps(points, k, options));
}

/** kmeansLabels in steps: a share for each restart of the fit, then one per slice of the assignment (see pacer.ts). */
export function* kmeansLabelsSteps(points: Points, k: number, options: KmeansOptions): Steps<Int32Array> {
  const { n, d } = points;
  const random = createRandom(options.seed);
  const m = Math.min(n, options.sampleSize ?? sampleSizeFor(k));
  const sample = sampleIndices(n, m, random);
  // The sample as rows: typed for our own passes, arrays for ml-kmeans.
  const fitted = new Float64Array(m * d);
  const row = new Float64Array(d);
  sample.forEach((i, s) => {
    points.read(i, row);
    fitted.set(row, s * d);
  });
  const rows: number[][] = Array.from({ length: m }, (_, s) => Array.from(fitted.subarray(s * d, s * d + d)));
  // scikit-learn's tolerance: 1e-4 of the data's mean variance (here the sample's), so convergence
  // does not depend on the embedding's scale, which shrinks as images grow.
  const tolerance = 1e-4 * meanVariance(rows, d);
  let best: Float64Array | null = null;
  let bestInertia = Infinity;
  for (let run = 0; run < options.nInit; run++) {
    // Seeding in typed arrays here: ml-kmeans' own k-means++ builds a matrix per step and took
    // most of the time; its Lloyd iterations are what we use it for.
    const initialization = kmeansPlusPlus(fitted, m, d, k, random);
    const result = kmeans(rows, k, { initialization, maxIterations: 300, tolerance });
    const centroids = new Float64Array(k * d);
    let finite = true;
    result.centroids.forEach((c, j) => c.forEach((x, t) => {
      centroids[j * d + t] = x;
      if (!Number.isFinite(x)) finite = false;
    }));
    if (!finite) continue;
    const inertia = inertiaOf(fitted, m, d, centroids, k);
    if (inertia < bestInertia) {
      bestInertia = inertia;
      best = centroids;
    }
    yield (0.3 * (run + 1)) / options.nInit;
  }
  if (!best) throw new Error('k-means produced no finite centroids.');
  return yield* within(assignNearestSteps(points, best, k), 0.3, 1);
}

/** Sum of the squared distances of the m rows to their nearest centroid. */
function inertiaOf(fitted: Float64Array, m: number, d: number, centroids: Float64Array, k: number): number {
  let inertia = 0;
  const distance = new Float64Array(1);
  for (let s = 0; s < m; s++) {
    nearest(fitted, s * d, d, centroids, k, distance);
    inertia += distance[0];
  }
  return inertia;
}

/**
 * Every point's nearest centroid, in one pass. Neighbouring pixels mostly share a region, so the
 * previous point's centroid g is tried first, and a centroid j is skipped when
 * |c_j - c_g| > 2 |x - c_g| (Elkan's bound: then |x - c_j| > |x - c_g|). The labels are those of
 * the full search, ties included: a skipped centroid is strictly farther, with a margin for rounding.
 */
export function assignNearest(points: Points, centroids: Float64Array, k: number): Int32Array {
  return runSteps(assignNearestSteps(points, centroids, k));
}

/** Points assigned per step: about a tenth of a second of work. */
const ASSIGN_SLICE = 1 << 20;

function* assignNearestSteps(points: Points, centroids: Float64Array, k: number): Steps<Int32Array> {
  const { n, d } = points;
  // Squared distances between centroids, a quarter of each: the bound compares with |x - c_g|^2.
  const quarter = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (centroids[a * d + t] - centroids[b * d + t]) ** 2;
      quarter[a * k + b] = (s / 4) * (1 - 1e-9);
    }
  }
  const labels = new Int32Array(n);
  const row = new Float64Array(d);
  let guess = 0;
  for (let from = 0; from < n; from += ASSIGN_SLICE) {
    guess = assignRange(points, centroids, k, quarter, row, labels, from, Math.min(n, from + ASSIGN_SLICE), guess);
    if (from + ASSIGN_SLICE < n) yield (from + ASSIGN_SLICE) / n;
  }
  return labels;
}

/** Labels of points from..to-1 into labels; guess: the previous point's label. Returns the last label. */
function assignRange(points: Points, centroids: Float64Array, k: number, quarter: Float64Array, row: Float64Array, labels: Int32Array, from: number, to: number, guess: number): number {
  const d = points.d;
  for (let i = from; i < to; i++) {
    points.read(i, row);
    const near = squaredDistance(row, centroids, guess, d);
    let best = guess;
    let bestDistance = near;
    for (let j = 0; j < k; j++) {
      if (j === guess || quarter[guess * k + j] > near) continue;
      const s = squaredDistance(row, centroids, j, d);
      // The full search keeps the lowest index among equals.
      if (s < bestDistance || (s === bestDistance && j < best)) {
        bestDistance = s;
        best = j;
      }
    }
    labels[i] = best;
    guess = best;
  }
  return guess;
}

function squaredDistance(row: Float64Array, centroids: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = row[t] - centroids[j * d + t];
    s += diff * diff;
  }
  return s;
}

function meanVariance(rows: number[][], d: number): number {
  let total = 0;
  for (let t = 0; t < d; t++) {
    let mean = 0;
    for (const r of rows) mean += r[t];
    mean /= rows.length;
    let v = 0;
    for (const r of rows) v += (r[t] - mean) ** 2;
    total += v / rows.length;
  }
  return total / d;
}

/** k-means++ seeding (Arthur & Vassilvitskii) over the m sampled rows, with a seeded source. */
function kmeansPlusPlus(fitted: Float64Array, m: number, d: number, k: number, random: () => number): number[][] {
  const dist = new Float64Array(m).fill(Infinity);
  const centers: number[][] = [];
  let pick = Math.floor(random() * m);
  for (let c = 0; c < k; c++) {
    const center = Array.from(fitted.subarray(pick * d, pick * d + d));
    centers.push(center);
    if (c === k - 1) break;
    let total = 0;
    for (let s = 0; s < m; s++) {
      let q = 0;
      for (let t = 0; t < d; t++) q += (fitted[s * d + t] - center[t]) ** 2;
      if (q < dist[s]) dist[s] = q;
      total += dist[s];
    }
    // Next center with probability proportional to the squared distance to the nearest one.
    let target = random() * total;
    let chosen = m - 1;
    for (let s = 0; s < m; s++) {
      target -= dist[s];
      if (target <= 0) {
        chosen = s;
        break;
      }
    }
    pick = chosen;
  }
  return centers;
}

/**
 * Index of the centroid nearest to the point at points[at .. at + d); its squared distance goes to
 * distance[0] when given. Returns a number rather than an object: it runs once per pixel.
 */
function nearest(points: Float64Array, at: number, d: number, centroids: Float64Array, k: number, distance?: Float64Array): number {
  let index = 0;
  let best = Infinity;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = points[at + t] - centroids[j * d + t];
      s += diff * diff;
    }
    if (s < best) {
      best = s;
      index = j;
    }
  }
  if (distance) distance[0] = best;
  return index;
}

/** All indices when size >= n, else a uniform sample without replacement (partial Fisher-Yates), ascending. */
function sampleIndices(n: number, size: number, random: () => number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (size >= n) return all;
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, size).sort();
}
