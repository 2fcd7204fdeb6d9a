/** Shared types of the engine. Pure TypeScript: no runtime imports. */

export type PixelArray = Uint8Array | Uint8ClampedArray | Uint16Array | Float32Array | Float64Array;

/**
 * A decoded image: interleaved samples in row-major order, `channels` per pixel
 * (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA). Alpha channels are never used as intensity.
 */
export interface Pixels {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /** Bits per sample of the source: 8, 16 for integer data, 32 or 64 for float data. */
  bitDepth: number;
  data: PixelArray;
}

/** One byte per pixel (width*height), non-zero = inside the mask. `null` means the whole image. */
export type Mask = Uint8Array | null;

export type AssignMethod = 'kmeans' | 'discretize' | 'cluster_qr';

export interface GraphOptions {
  /** Edge weight exp(-beta * d / scale) + eps. Default 1 (scikit-learn's seed example). */
  beta?: number;
  /** Default 0. */
  eps?: number;
  /** Divisor of the differences. Default: standard deviation of the edge differences. */
  scale?: number;
  /** 4 (default) or 8. */
  connectivity?: 4 | 8;
  /** Segment a colour image by its luminance instead of its colour. */
  gray?: boolean;
}

export interface SolverOptions {
  /**
   * 'exact': Chebyshev-filtered Lanczos on the full graph. 'multilevel': coarsen, solve, refine
   * (fast on large images). 'auto' (default): multilevel above 8,000 pixels in a piece.
   */
  solver?: 'auto' | 'exact' | 'multilevel';
  /** Multilevel: coarsen until a level has at most this many nodes. */
  coarsestNodes?: number;
  /**
   * Multilevel: 'strong' levels split 2x2 blocks along weak edges (follow the image's edges; CSR),
   * 'plain' ones keep whole blocks (stencils: less memory and time). Default: strong up to 2M pixels.
   */
  coarsening?: 'strong' | 'plain';
  /** Residual norm ||L v - lambda v|| below which an eigenpair counts as converged. */
  tol?: number;
  /** Limit on matrix-vector products. */
  maxIterations?: number;
  /** Seed of the deterministic start vector and of k-means. */
  seed?: number;
}

export interface SegmentOptions extends GraphOptions, SolverOptions {
  /** Number of regions, or 'auto' to pick it from the largest eigengap. */
  clusters: number | 'auto';
  /** Upper bound for 'auto'. Default 10. */
  maxClusters?: number;
  assign?: AssignMethod;
  /** k-means restarts, the lowest inertia wins. Default 10 (scikit-learn). */
  nInit?: number;
  /** Segment a downscaled copy when the image has more pixels than this; labels are upsampled back. */
  maxPixels?: number;
  /** Return this many eigenvectors as full-grid images (for display). Default 0. */
  eigenvectorImages?: number;
}

/** 'preview' is a host's quick low-resolution result sent while the full solve runs. */
export type Stage = 'resample' | 'graph' | 'eigen' | 'assign' | 'done' | 'preview';

export interface Progress {
  stage: Stage;
  /** 0..1 over the whole run. */
  fraction: number;
  iteration?: number;
  converged?: number;
  /** Largest residual among the wanted eigenpairs. */
  residual?: number;
}

export interface RunControl {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** More threads for the multilevel solver's filtering, lent by the host (see parallel.ts). */
  parallel?: import('./parallel').BlockFilter;
}

export interface AutoClusters {
  chosen: number;
  /** gaps[i] = eigenvalue[i+1] - eigenvalue[i]. */
  gaps: number[];
  /** Set when the graph has more pieces than Auto looks at, and it chose one region per piece. */
  onePerPiece?: { pieces: number };
}

export interface SegmentResult {
  width: number;
  height: number;
  /** One label per pixel: 0 outside the mask, 1..clusters inside. */
  labels: Int32Array;
  clusters: number;
  maskedPixels: number;
  /** The smallest eigenvalues of the normalized Laplacian, ascending. */
  eigenvalues: number[];
  /** Residual norm of each returned eigenpair. */
  residuals: number[];
  /** Normalized-cut value of the labelling: sum over regions of cut(A, rest) / vol(A). */
  ncut: number;
  /** Matrix-vector products of the eigensolver. */
  iterations: number;
  seconds: { resample: number; graph: number; eigen: number; assign: number; total: number };
  warnings: string[];
  auto?: AutoClusters;
  /** Downscale factor used (1 when the image was segmented at full resolution). */
  scale: number;
  /** Requested eigenvectors as width*height images (0 outside the mask). */
  eigenvectorImages?: Float32Array[];
}

/** Error codes name the input that can fix them; `field` tells a UI where to show the message. */
export type SegmentErrorCode = 'EMPTY_MASK' | 'MASK_TOO_SMALL' | 'BAD_CLUSTERS' | 'BAD_OPTION' | 'BAD_PIXELS' | 'ABORTED' | 'NO_CONVERGENCE';

export class SegmentError extends Error {
  readonly code: SegmentErrorCode;
  readonly field: 'mask' | 'clusters' | 'options' | 'image' | 'run';
  constructor(code: SegmentErrorCode, message: string, field: SegmentError['field']) {
    super(message);
    this.name = 'SegmentError';
    this.code = code;
    this.field = field;
  }
}
