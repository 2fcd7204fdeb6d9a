/**
 * What the UI needs from its surroundings. Two implementations: electron.ts (the preload bridge)
 * and browser.ts (engine in a Web Worker, canvas decoding, downloads). The UI never knows which.
 */
import type { ExportReply, ExportRequest, MenuCommand, OpenedImage, Progress, SegmentOutcome, SegmentParams } from '../../src-main/api';

export interface OpenResult {
  images: OpenedImage[];
  errors: string[];
}

/** A segmentation failure; `field` names the control that can fix it. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly code?: string,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export interface RunningJob {
  jobId: string;
  result: Promise<SegmentOutcome>;
}

/** A document as it is persisted between reloads. */
export interface StoredDocument {
  id: string;
  name: string;
  params: SegmentParams;
  /** Run-length encoded mask (jobs/mask-codec.ts); [] = whole image. */
  maskRle: number[];
}

export interface RestoredDocument {
  image: OpenedImage;
  /** The name the tab had (coins-2.png for a second coins.png), as saved. */
  name: unknown;
  params: unknown;
  maskRle: unknown;
}

/** What a host that writes exports itself needs of an image; gray: the file has one colour channel. */
export interface ExportImage {
  name: string;
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  gray: boolean;
}

export interface Host {
  readonly kind: 'electron' | 'browser';
  /** Native open dialog; null when the page must use its own file input. */
  openDialog(): Promise<OpenResult> | null;
  openFiles(files: File[]): Promise<OpenResult>;
  segment(docId: string, mask: Uint8Array, params: SegmentParams, onProgress: (p: Progress) => void): RunningJob;
  cancel(jobId: string): void;
  /** rgba of each document is passed for hosts that render colour/overlay exports themselves. */
  exportResults(requests: ExportRequest[], images: Map<string, ExportImage>): Promise<ExportReply>;
  closeDocument(docId: string): void;
  onOpened(listener: (r: OpenResult) => void): () => void;
  onWorkerCrash(listener: (message: string) => void): () => void;
  /** Commands from the application menu (Electron only). */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  save(documents: StoredDocument[], activeIndex: number): Promise<void>;
  restore(): Promise<{ documents: RestoredDocument[]; activeIndex: number; errors: string[] } | null>;
}

let counter = 0;
export function newJobId(): string {
  counter++;
  return `job-${Date.now().toString(36)}-${counter}`;
}

export function asHostError(err: unknown): HostError {
  if (err instanceof HostError) return err;
  const e = err as { message?: unknown; field?: unknown; code?: unknown; cancelled?: unknown };
  let message = typeof e?.message === 'string' ? e.message : String(err);
  // Electron prefixes errors crossing ipcRenderer.invoke; users do not need that part.
  message = message.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, '');
  const cancelled = e?.cancelled === true || e?.code === 'ABORTED' || /^Cancel/.test(message);
  return new HostError(
    message,
    typeof e?.field === 'string' ? e.field : undefined,
    typeof e?.code === 'string' ? e.code : undefined,
    cancelled,
  );
}
