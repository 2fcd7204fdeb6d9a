/**
 * The contract between the renderer and the Electron main process: channel names and
 * message types. Types and constants only, so the renderer can import it without
 * pulling in any Electron or Node code.
 */
import type { AssignMethod, Progress, SegmentResult } from './engine/types';

export type { Progress, AssignMethod };

/** Parameters the user sets in the renderer, per document. */
export interface SegmentParams {
  clusters: number | 'auto';
  beta: number;
  eps: number;
  gray: boolean;
  connectivity: 4 | 8;
  assign: AssignMethod;
  seed: number;
  /** Maximum working resolution in pixels; larger images are downscaled for segmentation. */
  maxPixels: number;
  /** How many of the first eigenvectors to return as images (engine option eigenvectorImages). */
  eigenvectorImages?: number;
}

export const DEFAULT_PARAMS: SegmentParams = {
  clusters: 4,
  beta: 1,
  eps: 0,
  gray: false,
  connectivity: 4,
  assign: 'kmeans',
  seed: 0,
  maxPixels: 1_000_000,
};

export interface ImageInfo {
  /** Stable id of the open document (main/utility process keeps the decoded pixels under it). */
  id: string;
  /** File name shown to the user. */
  name: string;
  width: number;
  height: number;
  channels: number;
  bitDepth: number;
  /** Set when the image could only be decoded in a reduced form (e.g. 16-bit read as 8-bit). */
  decodeNote?: string;
  /** Absolute path of the file on disk (desktop app); what SavedDocument.path stores. */
  path?: string;
}

/** An opened image with an 8-bit RGBA rendition for display. */
export interface OpenedImage {
  info: ImageInfo;
  rgba: Uint8ClampedArray;
}

/** The engine's result as it crosses to the renderer: `auto` flattened, stage times as a record. */
export interface SegmentOutcome extends Omit<SegmentResult, 'auto' | 'seconds'> {
  seconds: Record<string, number>;
  autoChosen?: number;
  /** Set when Auto chose one region per piece of a graph in this many pieces. */
  autoPieces?: number;
  gaps?: number[];
  /** True when only k (or the assignment) changed and the stored eigenvectors were reused. */
  reusedSpectrum?: boolean;
  /** A quick low-resolution result shown while the full-resolution one is computed. */
  preview?: boolean;
}

/**
 * A progress report that carries a preview result. It travels the same way as every progress
 * report (utility process -> main -> preload -> page, or Web Worker -> page).
 */
export interface PreviewProgress extends Progress {
  stage: 'preview';
  preview: SegmentOutcome;
}

export function isPreviewProgress(p: Progress): p is PreviewProgress {
  return p.stage === 'preview' && 'preview' in p;
}

export type ExportKind = 'labels' | 'color' | 'overlay' | 'mask' | 'regions';

/** The file type of each export: the region table is a CSV file, the rest PNG images. */
export function exportExtension(kind: ExportKind): 'png' | 'csv' {
  return kind === 'regions' ? 'csv' : 'png';
}

export interface ExportRequest {
  docId: string;
  kinds: ExportKind[];
  /** 8 or 16-bit label ids; 8 only allowed up to 255 labels. */
  labelBits: 8 | 16;
  labels: Int32Array | null;
  mask: Uint8Array;
}

export type ExportReply = { ok: true; files: string[] } | { ok: false; cancelled: true } | { ok: false; error: string };

/** What the main process keeps between runs so painted work is never lost. */
export interface SavedDocument {
  path: string;
  name: string;
  params: SegmentParams;
  /** Mask run-length encoded (see jobs/mask-codec.ts); empty = whole image. */
  maskRle: number[];
}

export interface SavedSession {
  documents: SavedDocument[];
  activeIndex: number;
}

/** The one object the preload script exposes as `window.spectral`. */
export interface SpectralApi {
  versions: Record<string, string>;
  /** Show the Open dialog; resolves with the images the user chose (empty when cancelled). */
  openDialog(): Promise<OpenedImage[]>;
  /** Open dropped files. Non-image files are rejected with a message in `errors`. */
  openFiles(files: File[]): Promise<{ images: OpenedImage[]; errors: string[] }>;
  /** Runs a segmentation; progress comes through onProgress with the same jobId. */
  segment(jobId: string, docId: string, mask: Uint8Array, params: SegmentParams): Promise<SegmentOutcome>;
  cancel(jobId: string): void;
  onProgress(listener: (jobId: string, progress: Progress) => void): () => void;
  /** Files opened from the menu, the command line, a second launch or the OS. */
  onOpened(listener: (images: OpenedImage[], errors: string[]) => void): () => void;
  /** The segmentation process crashed; open documents stay, the process is restarted. */
  onWorkerCrash(listener: (message: string) => void): () => void;
  exportResults(requests: ExportRequest[]): Promise<ExportReply>;
  saveSession(session: SavedSession): Promise<void>;
  restoreSession(): Promise<{ session: SavedSession; images: OpenedImage[]; errors: string[] } | null>;
  closeDocument(docId: string): void;
  /** Menu items the renderer carries out: File › Export… and File › Close Image (desktop app only). */
  onMenuCommand?(listener: (command: MenuCommand) => void): () => void;
}

export type MenuCommand = 'export' | 'close';

export const Channels = {
  openDialog: 'spectral:open-dialog',
  openPaths: 'spectral:open-paths',
  segment: 'spectral:segment',
  cancel: 'spectral:cancel',
  progress: 'spectral:progress',
  opened: 'spectral:opened',
  workerCrash: 'spectral:worker-crash',
  exportResults: 'spectral:export',
  saveSession: 'spectral:save-session',
  restoreSession: 'spectral:restore-session',
  closeDocument: 'spectral:close-document',
  menuCommand: 'spectral:menu-command',
} as const;
export type Channel = (typeof Channels)[keyof typeof Channels];
