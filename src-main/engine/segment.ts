/**
 * The pipeline: pixels -> affinity graph -> normalized Laplacian -> smallest eigenpairs ->
 * embedding -> labels. One function per stage, so a caller (Segmenter) can keep the eigenpairs
 * and relabel with another k without solving again.
 *
 * Masks in several pieces (documented behaviour):
 * - A piece smaller than max(2, 0.1 % of the masked pixels) is a speck: it is left out of the
 *   eigenproblem and takes the label of the nearest labelled pixel.
 * - With k >= pieces, every piece is segmented on its own: a piece gets as many regions as it
 *   has eigenvalues among the k smallest of the whole graph (at least one), so no region spans
 *   two pieces and the pieces' regions add up to k.
 * - With k < pieces, whole pieces are grouped: any grouping of whole pieces has normalized cut 0,
 *   so pieces of similar mean colour are grouped (k-means on the piece means).
 * Each case adds a warning to the result saying what happened.
 */
import { clusterQrLabels } from './assign/cluster-qr';
import { discretizeLabels } from './assign/discretize';
import { kmeansLabels, kmeansLabelsSteps } from './assign/kmeans';
import { chooseClusterCount } from './choose-k';
import { connectedComponents } from './components';
import { embeddingPoints, rowMajorPoints, spectralEmbedding } from './embedding';
import { fillFromNearest } from './fill-nearest';
import { affinityGraphSteps } from './graph';
import type { Affinity, NodeFeatures } from './graph';
import { sqrtDegrees, weightedDegrees } from './laplacian';
import { normalizedCut, normalizedCutOfStencil } from './ncut';
import { Pacer, now, runSteps, within } from './pacer';
import type { Steps } from './pacer';
import { downscaleFactor, downscaleMask, downscalePixels, upscaleGrid } from './resample';
import { smallestEigenpairs, usesMultilevel } from './spectrum';
import { frameGraphSteps } from './frame-graph';
import type { FrameGraph } from './frame-graph';
import { heapMemory, pixelCoordinates, stencilOf, stencilWeights } from './stencil';
import type { Alloc, Stencil4 } from './stencil';
import type { Csr } from './csr';
import type { Spectrum } from './spectrum';
import type { AssignMethod, Mask, Pixels, Progress, RunControl, SegmentOptions, SegmentResult } from './types';
import { SegmentError } from './types';

export const DEFAULT_TOL = 1e-8;
/** Residual target of the multilevel solver: accurate enough for the labels, not for the 8th digit. */
export const DEFAULT_MULTILEVEL_TOL = 1e-3;
export const DEFAULT_MAX_CLUSTERS = 10;
/** Auto gives a graph in many pieces at most this many regions (the app's limit); more pieces are grouped. */
export const AUTO_MAX_PIECES = 64;

/** Everything up to (not including) the eigensolver. */
export interface PreparedGraph {
  width: number;
  height: number;
  /** Working resolution (equal to width/height when factor is 1). */
  workWidth: number;
  workHeight: number;
  factor: number;
  mask: Mask;
  /**
   * The graph and each node's pixel; the node colours are dropped once the weights exist, and the
   * weights too where `stencil` holds the graph (read them through preparedWeights).
   */
  affinity: Omit<Affinity, 'features' | 'weights'> & { weights: Csr | null; features: Omit<NodeFeatures, 'values'> };
  /**
   * A whole full-frame graph bound for the multilevel solver: its normalized Laplacian as a stencil,
   * built with the graph where the solver's threads can read it. The CSR weights are then dropped:
   * at 12 megapixels they are 624 MB the solver never reads.
   */
  stencil: Stencil4 | null;
  /** Mean colour of each piece (pieces.length rows of `channels`): what whole pieces are grouped by. */
  pieceColours: { means: Float64Array; channels: number };
  /** sqrt of the nodes' degrees (the normalized Laplacian's D^1/2; it is built by the solver that needs it). */
  sqrtDegree: Float64Array;
  /** Node lists of the pieces that enter the eigenproblem. */
  pieces: Int32Array[];
  /** Nodes of specks. */
  speckNodes: number;
  totalPieces: number;
  /** Edges between neighbours in the mask whose weight is 0 (a large beta): pieces may come from these, not from the mask. */
  cutEdges: number;
  seconds: { resample: number; graph: number };
}

function validateClusters(clusters: SegmentOptions['clusters']): void {
  if (clusters === 'auto') return;
  if (!Number.isInteger(clusters) || clusters < 1) {
    throw new SegmentError('BAD_CLUSTERS', `The number of clusters must be a whole number of at least 1, or auto (got ${clusters}).`, 'clusters');
  }
}

export function prepareGraph(pixels: Pixels, mask: Mask, options: SegmentOptions, memory: Alloc = heapMemory): PreparedGraph {
  return runSteps(prepareGraphSteps(pixels, mask, options, memory));
}

/** prepareGraph in steps (see pacer.ts). */
export function* prepareGraphSteps(pixels: Pixels, givenMask: Mask, options: SegmentOptions, memory: Alloc = heapMemory): Steps<PreparedGraph> {
  validateClusters(options.clusters);
  if (options.maxPixels !== undefined && !(options.maxPixels >= 4)) {
    throw new SegmentError('BAD_OPTION', `The maximum working resolution must be at least 4 pixels (got ${options.maxPixels}).`, 'options');
  }
  const { width, height } = pixels;
  if (givenMask && givenMask.length !== width * height) {
    throw new SegmentError('BAD_OPTION', `Mask has ${givenMask.length} pixels, the image ${width * height} (${width}x${height}).`, 'mask');
  }
  // A mask over every pixel is no mask: the app always sends one (Fill all is its default), and
  // only without one does a whole frame take the fast path (at 12 MP the graph stage 1.4 s, not
  // 3.3 s) and skip the passes that clear and refill what lies outside the mask.
  const mask = givenMask && countInside(givenMask) === givenMask.length ? null : givenMask;
  const t0 = now();
  const factor = downscaleFactor(width, height, options.maxPixels);
  const work = factor === 1 ? pixels : downscalePixels(pixels, factor);
  const workMask = factor === 1 ? mask : downscaleMask(mask, width, height, factor);
  const t1 = now();
  if (factor > 1) yield 0.1;
  const base = { width, height, workWidth: work.width, workHeight: work.height, factor, mask };
  // A whole frame bound for the multilevel solver is built straight into its stencil.
  const frame = !workMask && usesMultilevel(work.width * work.height, options.solver ?? 'auto') ? yield* within(frameGraphSteps(work, options, memory), 0.1, 0.9) : null;
  if (frame) return { ...base, ...preparedFrame(frame, work), seconds: { resample: (t1 - t0) / 1000, graph: (now() - t1) / 1000 } };
  const affinity = yield* within(affinityGraphSteps(work, workMask, options), 0.1, 0.6);
  const n = affinity.weights.rows;
  if (n === 0) throw new SegmentError('EMPTY_MASK', 'The mask is empty: paint the region to segment first.', 'mask');
  if (n === 1) throw new SegmentError('MASK_TOO_SMALL', 'The mask holds a single pixel: a region needs at least two.', 'mask');
  const degree = weightedDegrees(affinity.weights);
  const sqrtDegree = sqrtDegrees(degree, degree);
  const components = connectedComponents(affinity.weights);
  yield 0.7;
  const speckLimit = Math.max(2, Math.ceil(0.001 * n));
  // Node lists of the components by counting sort: typed arrays, not millions of pushes.
  const start = new Int32Array(components.count + 1);
  for (let u = 0; u < n; u++) start[components.of[u] + 1]++;
  for (let c = 0; c < components.count; c++) start[c + 1] += start[c];
  const order = new Int32Array(n);
  const fill = start.slice(0, components.count);
  for (let u = 0; u < n; u++) order[fill[components.of[u]]++] = u;
  let pieceIds = components.sizes.map((s, id) => (s >= speckLimit ? id : -1)).filter((id) => id >= 0);
  if (pieceIds.length === 0) {
    // Only specks: the largest of them is what there is to segment.
    // A loop, not Math.max(...sizes): a huge beta leaves 100,000 specks, past what a call's
    // arguments may hold in a browser worker ("Maximum call stack size exceeded").
    let largest = 0;
    for (let c = 1; c < components.count; c++) if (components.sizes[c] > components.sizes[largest]) largest = c;
    pieceIds = [largest];
  }
  const pieces = pieceIds.map((id) => order.subarray(start[id], start[id + 1]));
  const inPieces = pieces.reduce((s, p) => s + p.length, 0);
  // The colours are needed only for these means: keeping them would hold 24 bytes a pixel (colour
  // as doubles) through the eigensolver, where memory peaks.
  const { values, ...nodeIndex } = affinity.features;
  const channels = nodeIndex.channels;
  const means = new Float64Array(pieces.length * channels);
  pieces.forEach((piece, i) => {
    for (const u of piece) for (let c = 0; c < channels; c++) means[i * channels + c] += values[u * channels + c] / piece.length;
  });
  let stencil: Stencil4 | null = null;
  // Every pixel a node, all in one piece: a full frame.
  if (pieces.length === 1 && inPieces === n && n === work.width * work.height && usesMultilevel(n, options.solver ?? 'auto')) {
    const { x, y } = pixelCoordinates(nodeIndex.pixelOf, work.width);
    yield 0.8;
    stencil = stencilOf(affinity.weights, sqrtDegree, x, y, memory);
  }
  return {
    width,
    height,
    workWidth: work.width,
    workHeight: work.height,
    factor,
    mask,
    affinity: { weights: stencil ? null : affinity.weights, scale: affinity.scale, features: nodeIndex },
    stencil,
    pieceColours: { means, channels },
    sqrtDegree,
    pieces,
    speckNodes: n - inPieces,
    totalPieces: components.count,
    cutEdges: countZeros(affinity.weights.data) / 2,
    seconds: { resample: (t1 - t0) / 1000, graph: (now() - t1) / 1000 },
  };
}

/** A prepared graph from a frame graph: every pixel a node, one piece. */
function preparedFrame(frame: FrameGraph, work: Pixels): Omit<PreparedGraph, keyof PreparedGraph & ('width' | 'height' | 'workWidth' | 'workHeight' | 'factor' | 'mask' | 'seconds')> {
  const { width, height, channels: stride, data } = work;
  const n = width * height;
  // Node i is pixel i: one identity map serves as pixelOf, nodeOf and the piece's node list.
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const channels = frame.channels;
  const means = new Float64Array(channels);
  for (let u = 0; u < n; u++) for (let c = 0; c < channels; c++) means[c] += data[u * stride + c] / n;
  return {
    affinity: { weights: null, scale: frame.scale, features: { pixelOf: identity, nodeOf: identity, channels, width, height } },
    stencil: frame.stencil,
    pieceColours: { means, channels },
    sqrtDegree: frame.sqrtDegree,
    pieces: [identity],
    speckNodes: 0,
    totalPieces: 1,
    cutEdges: 0,
  };
}

/** The graph's weights as CSR, rebuilt from the stencil where the prepared graph dropped them. */
export function preparedWeights(prepared: PreparedGraph): Csr {
  return prepared.affinity.weights ?? stencilWeights(prepared.stencil!, prepared.sqrtDegree);
}

/** How many eigenpairs a request needs. */
export function eigenpairsNeeded(prepared: PreparedGraph, options: SegmentOptions): number {
  const nodes = prepared.pieces.reduce((s, p) => s + p.length, 0);
  if (options.clusters === 'auto') return Math.min(nodes, (options.maxClusters ?? DEFAULT_MAX_CLUSTERS) + 1);
  return Math.min(nodes, options.clusters);
}

export async function computeSpectrum(prepared: PreparedGraph, count: number, options: SegmentOptions, control: RunControl, pacer: Pacer): Promise<Spectrum> {
  const report = (p: Progress) => control.onProgress?.(p);
  return smallestEigenpairs(
    { nodes: prepared.sqrtDegree.length, weights: () => preparedWeights(prepared), stencil: prepared.stencil, sqrtDegree: prepared.sqrtDegree, pixelOf: prepared.affinity.features.pixelOf, width: prepared.workWidth },
    prepared.pieces,
    count,
    {
      solver: options.solver ?? 'auto',
      tol: options.tol ?? DEFAULT_TOL,
      multilevelTol: options.tol ?? DEFAULT_MULTILEVEL_TOL,
      coarsestNodes: options.coarsestNodes,
      coarsening: options.coarsening,
      parallel: control.parallel,
      maxIterations: options.maxIterations ?? 20_000,
      seed: options.seed ?? 0,
      onProgress: (info) => report({ stage: 'eigen', fraction: 0.1 + 0.8 * info.fraction, iteration: info.iteration, converged: info.converged, residual: info.residual }),
    },
    pacer,
  );
}

/** Below this many pixels a region on average, the result carries a warning. */
const SMALL_REGION_PIXELS = 50;

export function assignRegions(prepared: PreparedGraph, spectrum: Spectrum, options: SegmentOptions, extraSeconds: { eigen: number }): SegmentResult {
  return runSteps(assignSteps(prepared, spectrum, options, extraSeconds));
}

/** assignRegions in steps (see pacer.ts): the labelling of each piece, then the passes over the pixels. */
export function* assignSteps(prepared: PreparedGraph, spectrum: Spectrum, options: SegmentOptions, extraSeconds: { eigen: number }): Steps<SegmentResult> {
  const t0 = now();
  const warnings: string[] = [];
  const nodes = prepared.sqrtDegree.length;
  const inPieces = nodes - prepared.speckNodes;
  let k: number;
  let auto: SegmentResult['auto'];
  if (options.clusters === 'auto') {
    const maxClusters = Math.max(2, Math.min(options.maxClusters ?? DEFAULT_MAX_CLUSTERS, spectrum.values.length - 1));
    auto = chooseClusterCount(spectrum.values, maxClusters);
    // Each piece is cut off at no cost, so each puts a zero in the spectrum: with more pieces than
    // the eigenvalues Auto looks at, every gap is rounding noise (coins under a threshold mask:
    // 24 pieces, and Auto chose 2). The pieces are the regions the graph itself gives.
    if (prepared.pieces.length > maxClusters) {
      auto = { ...auto, chosen: Math.min(prepared.pieces.length, AUTO_MAX_PIECES), onePerPiece: { pieces: prepared.pieces.length } };
    }
    k = auto.chosen;
  } else {
    k = options.clusters;
  }
  const beta = options.beta ?? 1;
  // prepareGraph drops a mask over every pixel, so a mask here leaves some pixels out.
  const wholeImage = !prepared.mask;
  // Pieces are the mask's own, or the weights' doing where unlike neighbours got weight 0.
  const piecesOf = (count: number) =>
    prepared.cutEdges > 0
      ? `The pixel graph is in ${count.toLocaleString('en')} pieces (at beta ${beta} the weights between unlike neighbours vanish)`
      : `The mask has ${count.toLocaleString('en')} separate pieces`;
  if (k > inPieces) {
    if (prepared.cutEdges > 0 && prepared.speckNodes > 0) {
      // The weights, not the mask, broke the graph up: say which setting joins it again.
      throw new SegmentError('BAD_OPTION', `The pixel graph fell apart into ${prepared.totalPieces.toLocaleString('en')} pieces of at most ${inPieces} pixel${inPieces === 1 ? '' : 's'}, too few for ${k} regions: beta (${beta}) is too large for this image; lower it, or raise eps.`, 'options');
    }
    throw new SegmentError('BAD_CLUSTERS', `${k} regions asked for, but the mask holds only ${inPieces} pixels that can form regions.`, 'clusters');
  }
  const method: AssignMethod = options.assign ?? 'kmeans';
  const seed = options.seed ?? 0;
  const nodeLabels = new Int32Array(nodes); // 0 = not yet labelled
  const pieces = prepared.pieces;
  if (pieces.length > k) {
    groupWholePieces(prepared, k, seed, nodeLabels);
    const asked = auto ? `${k} regions Auto picks at most` : `${k} regions asked for`;
    // Why by colour: regions made of whole pieces cut no edge, so the graph cannot rank them.
    warnings.push(`${piecesOf(pieces.length)}, more than the ${asked}, so pieces of similar colour were grouped into each region (a piece is never split).`);
  } else {
    // Regions per piece = the piece's share of the k smallest eigenvalues.
    const share = pieces.map(() => 0);
    // Auto's one region per piece may ask for more regions than eigenpairs were computed: the
    // pieces beyond them get one region each, as they do below.
    for (let i = 0; i < Math.min(k, spectrum.owner.length); i++) share[spectrum.owner[i].piece]++;
    let next = 1;
    let labelled = 0;
    for (let index = 0; index < pieces.length; index++) {
      const piece = pieces[index];
      const kc = Math.max(1, share[index]);
      // Labelling is most of the stage: 0.7 of it, shared by the pieces' sizes.
      const local = yield* within(labelPieceSteps(prepared, spectrum, index, kc, method, options.nInit ?? 10, seed), (0.7 * labelled) / inPieces, (0.7 * (labelled + piece.length)) / inPieces);
      for (let i = 0; i < piece.length; i++) nodeLabels[piece[i]] = next + local[i];
      next += kc;
      labelled += piece.length;
    }
    if (pieces.length > 1) {
      const regions = share.map((s) => Math.max(1, s));
      warnings.push(regions.every((r) => r === 1) ? `${piecesOf(pieces.length)}: each is one region.` : `${piecesOf(pieces.length)}: each was segmented on its own into ${regions.join(' + ')} regions.`);
    }
  }
  const specks = prepared.totalPieces - pieces.length;
  const fellApart = prepared.cutEdges > 0 && prepared.speckNodes > inPieces;
  if (fellApart) {
    // One message for what went wrong, rather than several about its consequences.
    warnings.push(`At beta ${beta} the weights between unlike neighbours vanish and the pixel graph falls apart into ${prepared.totalPieces.toLocaleString('en')} pieces, ${specks.toLocaleString('en')} of them specks holding ${prepared.speckNodes.toLocaleString('en')} of the ${nodes.toLocaleString('en')} pixels: the regions were found in the other ${inPieces.toLocaleString('en')} pixels and the specks joined the nearest region. Lower beta (${lowerBeta(beta)}).`);
  } else if (prepared.speckNodes > 0) {
    const cause = prepared.cutEdges > 0 ? `; at beta ${beta} the weights between unlike neighbours vanish, which cut them off` : '';
    warnings.push(`${specks.toLocaleString('en')} tiny piece${specks === 1 ? '' : 's'} of the ${wholeImage ? 'image' : 'mask'} (${prepared.speckNodes.toLocaleString('en')} pixels in all) took the label of the nearest region${cause}.`);
  }
  if (!fellApart && inPieces < SMALL_REGION_PIXELS * k) {
    // Allowed (k up to the pixel count), but regions of a few pixels follow noise, not objects.
    // Advice only where it can be followed: the app's fewest regions is 2; an unpainted mask cannot grow.
    const advice = [k > 2 ? 'ask for fewer regions' : '', wholeImage ? '' : 'paint a larger area'].filter(Boolean);
    warnings.push(`${k} regions for ${inPieces} pixels: about ${Math.max(1, Math.round(inPieces / k))} pixels each, too few for regions to follow the image${advice.length ? `; ${advice.join(', or ')}` : ''}.`);
  }
  if (!spectrum.converged) warnings.push('The eigensolver reached its iteration limit before every eigenpair met the tolerance; residuals are reported.');

  const { workWidth: w, workHeight: h, factor } = prepared;
  const pixelOf = prepared.affinity.features.pixelOf;
  let labels = new Int32Array(w * h);
  for (let u = 0; u < nodes; u++) labels[pixelOf[u]] = nodeLabels[u];
  if (prepared.speckNodes > 0) {
    // Only speck nodes are still unlabelled: without them the search would fill the whole
    // background just to throw it away (a tenth of the assign stage of a masked image).
    const nodeOf = prepared.affinity.features.nodeOf;
    fillFromNearest(labels, w, h, (p) => nodeOf[p] >= 0);
    for (let u = 0; u < nodes; u++) nodeLabels[u] = labels[pixelOf[u]];
  }
  const specksWarning = inPieces >= SMALL_REGION_PIXELS * k ? speckRegionsWarning(nodeLabels, k, inPieces, beta) : null;
  if (specksWarning) warnings.push(specksWarning);
  yield 0.75;
  const ncut = prepared.stencil ? normalizedCutOfStencil(prepared.stencil, prepared.sqrtDegree, nodeLabels) : normalizedCut(preparedWeights(prepared), nodeLabels);
  yield 0.8;
  if (factor > 1) {
    labels = upscaleGrid(labels, w, prepared.width, prepared.height, factor, (n) => new Int32Array(n));
    const mask = prepared.mask;
    if (mask) {
      for (let p = 0; p < labels.length; p++) if (!mask[p]) labels[p] = 0;
      fillFromNearest(labels, prepared.width, prepared.height, (p) => mask[p] !== 0);
    }
    warnings.push(`Segmented at 1/${factor} resolution (${w}x${h}) and scaled back up.`);
  }
  const clusters = renumberByFirstAppearance(labels);
  yield 0.85;
  const eigenvectorImages = options.eigenvectorImages ? eigenvectorGrids(prepared, spectrum, options.eigenvectorImages) : undefined;
  const assign = (now() - t0) / 1000;
  return {
    width: prepared.width,
    height: prepared.height,
    labels,
    clusters,
    maskedPixels: prepared.mask ? countInside(prepared.mask) : prepared.width * prepared.height,
    eigenvalues: spectrum.values.slice(),
    residuals: spectrum.residuals.slice(),
    ncut,
    iterations: spectrum.iterations,
    seconds: { ...prepared.seconds, eigen: extraSeconds.eigen, assign, total: prepared.seconds.resample + prepared.seconds.graph + extraSeconds.eigen + assign },
    warnings,
    auto,
    scale: factor,
    eigenvectorImages,
  };
}

/** Labels 0..kc-1 for the nodes of one piece, from that piece's first kc eigenvectors. */
function* labelPieceSteps(prepared: PreparedGraph, spectrum: Spectrum, index: number, kc: number, method: AssignMethod, nInit: number, seed: number): Steps<Int32Array> {
  const piece = spectrum.pieces[index];
  const n = piece.nodes.length;
  if (kc === 1) return new Int32Array(n);
  const whole = n === prepared.sqrtDegree.length;
  const sqrtDegree = whole ? prepared.sqrtDegree : Float64Array.from(piece.nodes, (u) => prepared.sqrtDegree[u]);
  const vectors = piece.vectors.slice(0, kc);
  if (method === 'discretize') return discretizeLabels(spectralEmbedding(vectors, sqrtDegree), n, kc, seed);
  if (method === 'cluster_qr') return clusterQrLabels(spectralEmbedding(vectors, sqrtDegree), n, kc);
  return yield* kmeansLabelsSteps(embeddingPoints(vectors, sqrtDegree), kc, { seed, nInit });
}

function groupWholePieces(prepared: PreparedGraph, k: number, seed: number, nodeLabels: Int32Array): void {
  const { means, channels } = prepared.pieceColours;
  const groups = kmeansLabels(rowMajorPoints(means, prepared.pieces.length, channels), k, { seed, nInit: 10 });
  // Pieces of equal colour can leave k-means with fewer than k groups: split the largest group.
  const members = Array.from({ length: k }, (_, g) => groups.reduce<number[]>((acc, x, i) => (x === g ? [...acc, i] : acc), []));
  for (let empty = members.findIndex((m) => m.length === 0); empty >= 0; empty = members.findIndex((m) => m.length === 0)) {
    const largest = members.reduce((best, m, g) => (m.length > members[best].length ? g : best), 0);
    const moved = members[largest].pop()!;
    members[empty].push(moved);
    groups[moved] = empty;
  }
  prepared.pieces.forEach((piece, i) => {
    for (const u of piece) nodeLabels[u] = groups[i] + 1;
  });
}

/** Renames labels 1..k in the order they first appear in row-major order; returns k. */
function renumberByFirstAppearance(labels: Int32Array): number {
  const map = new Map<number, number>();
  for (let p = 0; p < labels.length; p++) {
    const l = labels[p];
    if (l === 0) continue;
    let m = map.get(l);
    if (m === undefined) {
      m = map.size + 1;
      map.set(l, m);
    }
    labels[p] = m;
  }
  return map.size;
}

function countZeros(values: Float64Array): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) c++;
  return c;
}

/** The betas to suggest instead of `beta`: never a range that holds it. */
export function lowerBeta(beta: number): string {
  return beta > 5 ? '1 to 5' : `below ${beta}`;
}

/**
 * With a large beta the cheapest cuts cut off specks (a few pixels unlike all their neighbours)
 * rather than objects, and a result of one region and k - 1 specks has a normalized cut near 0:
 * say so, and what helps. Regions under a thousandth of the pixels (at least 50) count as specks.
 */
function speckRegionsWarning(nodeLabels: Int32Array, k: number, inPieces: number, beta: number): string | null {
  if (beta <= 1 || k < 2) return null;
  const sizes = new Float64Array(k + 1);
  for (let u = 0; u < nodeLabels.length; u++) sizes[nodeLabels[u]]++;
  const limit = Math.max(SMALL_REGION_PIXELS, Math.ceil(0.001 * inPieces));
  let specks = 0;
  for (let label = 1; label <= k; label++) if (sizes[label] > 0 && sizes[label] < limit) specks++;
  if (specks === 0) return null;
  const hold = specks === 1 ? `holds fewer than ${limit.toLocaleString('en')} pixels` : `hold fewer than ${limit.toLocaleString('en')} pixels each`;
  return `${specks} of the ${k} regions ${hold}: at beta ${beta} the cheapest cuts cut off specks that differ from all their neighbours; a smaller beta (${lowerBeta(beta)}) cuts along objects instead.`;
}

function countInside(mask: Uint8Array): number {
  let c = 0;
  for (let p = 0; p < mask.length; p++) if (mask[p]) c++;
  return c;
}

function eigenvectorGrids(prepared: PreparedGraph, spectrum: Spectrum, count: number): Float32Array[] {
  const { workWidth: w, workHeight: h, factor } = prepared;
  const pixelOf = prepared.affinity.features.pixelOf;
  return spectrum.owner.slice(0, count).map(({ piece, index }) => {
    const grid = new Float32Array(w * h);
    const { nodes, vectors } = spectrum.pieces[piece];
    const v = vectors[index];
    const sqrtDegree = prepared.sqrtDegree;
    for (let i = 0; i < nodes.length; i++) grid[pixelOf[nodes[i]]] = v[i] / sqrtDegree[nodes[i]];
    return factor > 1 ? upscaleGrid(grid, w, prepared.width, prepared.height, factor, (n) => new Float32Array(n)) : grid;
  });
}
