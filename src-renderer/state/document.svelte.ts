/**
 * One open image: its pixels for display, its mask with undo history, its parameters and its
 * last result. Big buffers are plain fields (never deeply reactive); small counters and flags
 * are runes so the UI follows them.
 */
import { DEFAULT_PARAMS, type ImageInfo, type OpenedImage, type Progress, type SegmentOutcome, type SegmentParams } from '../../src-main/api';
import { colorizeLabels, labelColor, overlayRgba } from '../../src-main/engine/render';
import { MaskHistory } from '../lib/history';
import { countMask, paintSegment } from '../lib/brush';
import { mergeLabels } from '../lib/merge-regions';
import { countsAbove, lumaFromRgba, otsuThreshold, thresholdMask } from '../lib/otsu';
import type { Rect } from '../lib/rect';
import { unionRect } from '../lib/rect';

export interface View {
  scale: number;
  tx: number;
  ty: number;
  /** While true the view refits when the panes resize. */
  fitted: boolean;
}

export interface LegendRow {
  label: number;
  color: [number, number, number];
  count: number;
  share: number;
}

/** make(), computed on the first call and kept. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export interface ResultData {
  outcome: SegmentOutcome;
  /** The labels in colour, and over the image with boundaries: made when first shown (each is 4 bytes a pixel). */
  colorRgba: () => Uint8ClampedArray;
  overlay: () => Uint8ClampedArray;
  legend: LegendRow[];
  /** Parameters and mask version the result was computed from, to flag it as outdated. */
  key: string;
  /** Seconds from pressing Segment to this result (a preview and queueing included), when known. */
  waited?: number;
  /** Regions merged by hand: the engine's result before the first merge, to go back to. */
  unmerged?: ResultData;
}

export interface DocError {
  message: string;
  /** mask | clusters | options | image | run */
  field: string;
}

/** Engine messages that say how a mask in pieces was handled, as it should be: no problem to fix. */
export function isMaskNote(w: string): boolean {
  return /: each (is one region|was segmented on its own)/.test(w);
}

/** Engine warnings about the mask (e.g. disconnected pieces) belong next to the mask tools. */
export function isMaskWarning(w: string): boolean {
  return /\bmask\b|pieces?\b/i.test(w) && !/resolution/i.test(w);
}

export const DEFAULT_DOC_PARAMS: SegmentParams = { ...DEFAULT_PARAMS, eigenvectorImages: 3 };

export class Doc {
  readonly id: string;
  readonly info: ImageInfo;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
  readonly mask: Uint8Array;
  readonly history: MaskHistory;

  params = $state<SegmentParams>({ ...DEFAULT_DOC_PARAMS });
  /** The number of regions last chosen by hand: what turning Auto off goes back to. */
  manualClusters = $state(4);
  maskCount = $state(0);
  maskVersion = $state(0);
  /** The history's state of the mask (MaskHistory.state), as reactive state. */
  maskState = $state(0);
  canUndo = $state(false);
  canRedo = $state(false);
  view = $state<View>({ scale: 1, tx: 0, ty: 0, fitted: true });
  result = $state.raw<ResultData | null>(null);
  /** cancelling: the user asked to stop; the engine stops at its next step (at most a pass over the pixels). */
  running = $state<{ jobId: string; progress: Progress | null; started: number; cancelling?: boolean } | null>(null);
  error = $state<DocError | null>(null);
  /** Shown after a run ends without a result (cancelled). */
  status = $state<string | null>(null);
  /** Engine warnings of the last run (e.g. a mask in several disconnected pieces). */
  warnings = $state<string[]>([]);
  threshold = $state<number | null>(null);
  /** A threshold being chosen: the view shows the mask it would make, the mask is not touched yet. */
  thresholdPreview = $state<{ t: number; within: boolean } | null>(null);
  hover = $state<{ x: number; y: number } | null>(null);

  private luma: Uint8Array | null = null;
  /** A merge of regions is the last edit (Ctrl+Z takes it back before any mask edit). */
  private mergedLast = false;
  private above: { whole: Float64Array | null; within: Float64Array | null; maskVersion: number } = { whole: null, within: null, maskVersion: -1 };
  private strokeBefore: Uint8Array | null = null;
  private strokeRect: Rect | null = null;
  private listeners = new Set<(rect: Rect | null) => void>();

  /** name: the tab's name, the file's unless another open image has it (see Workspace). */
  constructor(image: OpenedImage, mask: Uint8Array | null, params?: SegmentParams, name = image.info.name) {
    this.info = image.info;
    this.name = name;
    this.id = image.info.id;
    this.width = image.info.width;
    this.height = image.info.height;
    this.rgba = image.rgba;
    this.mask = mask ?? new Uint8Array(this.width * this.height).fill(1);
    this.history = new MaskHistory(this.width, this.height);
    if (params) this.params = params;
    if (this.params.clusters !== 'auto') this.manualClusters = this.params.clusters;
    this.maskCount = countMask(this.mask);
  }

  /** The file's name, or, where another open image has it, one with a number: "coins-2.png". */
  readonly name: string;
  get pixels(): number {
    return this.width * this.height;
  }

  /** Canvas layers subscribe here; rect null means "everything". */
  onMaskChange(listener: (rect: Rect | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** rect undefined: the layers are already up to date (a finished stroke), only recount. */
  private changed(rect: Rect | null | undefined, recount = true): void {
    if (rect !== undefined) for (const l of this.listeners) l(rect);
    if (recount) {
      this.mergedLast = false;
      this.maskCount = countMask(this.mask);
      this.maskVersion++;
      this.maskState = this.history.state;
      this.canUndo = this.history.canUndo;
      this.canRedo = this.history.canRedo;
      if (this.error?.field === 'mask') this.error = null;
    }
  }

  beginStroke(): void {
    this.strokeBefore = this.mask.slice();
    this.strokeRect = null;
  }

  strokeTo(x0: number, y0: number, x1: number, y1: number, radius: number, value: 0 | 1): void {
    if (!this.strokeBefore) this.beginStroke();
    const r = paintSegment(this.mask, this.width, this.height, x0, y0, x1, y1, radius, value);
    if (!r) return;
    this.strokeRect = unionRect(this.strokeRect, r);
    this.changed(r, false);
  }

  endStroke(): void {
    if (!this.strokeBefore) return;
    this.history.record(this.strokeBefore, this.mask, 'stroke', this.strokeRect);
    this.strokeBefore = null;
    this.strokeRect = null;
    this.changed(undefined);
  }

  /** A whole-mask operation as one undoable step. */
  private apply(label: string, fn: (mask: Uint8Array) => void): void {
    const before = this.mask.slice();
    fn(this.mask);
    const rect = this.history.record(before, this.mask, label);
    if (rect) this.changed(rect);
  }

  fillAll(): void {
    this.apply('fill', (m) => m.fill(1));
  }
  clearMask(): void {
    this.apply('clear', (m) => m.fill(0));
  }
  invert(): void {
    this.apply('invert', (m) => {
      for (let i = 0; i < m.length; i++) m[i] = m[i] ? 0 : 1;
    });
  }

  lumaValues(): Uint8Array {
    this.luma ??= lumaFromRgba(this.rgba);
    return this.luma;
  }
  otsu(): number {
    return otsuThreshold(this.lumaValues());
  }
  /** Mask = pixels brighter than t (the coins example: the foreground); `within`: of those in the mask. */
  applyThreshold(t: number, within = false): void {
    this.threshold = t;
    this.apply('threshold', (m) => thresholdMask(this.lumaValues(), t, m, within));
  }
  /** How many pixels applyThreshold(t, within) would put in the mask. */
  thresholdCount(t: number, within: boolean): number {
    if (this.above.maskVersion !== this.maskVersion) this.above = { whole: this.above.whole, within: null, maskVersion: this.maskVersion };
    const table = within ? (this.above.within ??= countsAbove(this.lumaValues(), this.mask)) : (this.above.whole ??= countsAbove(this.lumaValues()));
    return table[Math.max(0, Math.min(255, t))]!;
  }

  /** The mask replaced by one read from a file (lib/mask-file.ts), as one undoable step. */
  replaceMask(mask: Uint8Array): void {
    this.apply('import', (m) => m.set(mask));
  }

  undo(): void {
    const r = this.history.undo(this.mask);
    if (r) this.changed(r);
  }
  redo(): void {
    const r = this.history.redo(this.mask);
    if (r) this.changed(r);
  }

  /**
   * Identifies the inputs of a run, so an older result can be marked as outdated; undoing back to
   * the mask a result was made from makes it current again.
   */
  inputKey(): string {
    return `${this.maskState}|${JSON.stringify(this.params)}`;
  }

  /** What closing would lose, in a sentence, or null: a painted mask (anything but the whole image), a result, a run. */
  workLost(): string | null {
    const lost = [
      this.maskCount !== this.width * this.height ? 'its painted mask' : '',
      this.running ? 'the segmentation running' : this.result?.outcome.preview ? 'its preview' : this.result ? 'its segmentation' : '',
    ].filter(Boolean);
    if (!lost.length) return null;
    const text = lost.join(' and ');
    return `${text[0]!.toUpperCase()}${text.slice(1)} will be lost.`;
  }

  /** The result on screen has been exported (label map, colour image or overlay) since it arrived. */
  resultExported = $state(false);

  /**
   * What leaving the app would lose, or null. Masks and settings are saved for the next session;
   * a segmentation is not, unless it was exported, and a run in progress stops.
   */
  lostOnQuit(): string | null {
    if (this.running) return `the segmentation running on ${this.name}`;
    if (this.result && !this.result.outcome.preview && !this.resultExported) return `the segmentation of ${this.name}`;
    return null;
  }

  /** A result is on screen, and the mask or parameters changed since it was computed. */
  get outdated(): boolean {
    return this.result !== null && this.result.key !== this.inputKey();
  }

  setResult(outcome: SegmentOutcome, key: string, waited?: number): void {
    const { width, height, labels } = outcome;
    // Counted in a typed array, not a Map: labels are 1..clusters, and at 12 megapixels the Map
    // took a good part of the second the page froze when a result arrived.
    const counts = new Float64Array(outcome.clusters + 2);
    let inside = 0;
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      if (l > 0 && l <= outcome.clusters) (counts[l]++, inside++);
    }
    const legend: LegendRow[] = [];
    for (let label = 1; label <= outcome.clusters; label++) {
      if (counts[label]! > 0) legend.push({ label, count: counts[label]!, share: inside ? counts[label]! / inside : 0, color: labelColor(label) });
    }
    // Only the view on screen is drawn when a result arrives: at 12 megapixels each took about a
    // quarter of a second of a page that cannot respond meanwhile.
    const colorRgba = once(() => colorizeLabels(labels, width, height));
    const rgba = this.rgba;
    const overlay = once(() => (width === this.width && height === this.height ? overlayRgba(rgba, labels, width, height) : colorRgba()));
    this.result = { outcome, colorRgba, overlay, legend, key, waited };
    this.resultExported = false;
  }

  /**
   * Remembers the finished result on screen as a run starts; the returned function puts it back
   * where the run's preview has replaced it and the run then ends without its own result
   * (cancelled, failed, or its worker crashed): a quick preview is no substitute for it.
   */
  keepFinishedResult(): () => void {
    const result = this.result?.outcome.preview ? null : this.result;
    const exported = this.resultExported;
    return () => {
      if (!result || this.result === result) return;
      this.result = result;
      this.resultExported = exported;
    };
  }

  /** Makes the given regions of a finished result one (lib/merge-regions.ts); exports follow. */
  mergeRegions(merge: number[]): void {
    const r = this.result;
    if (!r || r.outcome.preview) return;
    const m = mergeLabels(r.outcome.labels, r.outcome.clusters, merge);
    if (m.clusters === r.outcome.clusters) return;
    this.setResult({ ...r.outcome, labels: m.labels, clusters: m.clusters }, r.key, r.waited);
    this.result = { ...this.result!, unmerged: r.unmerged ?? r };
    this.mergedLast = true;
  }
  /** Ctrl+Z: the merge, where one was made after the last mask edit; else the mask edit. */
  undoLast(): void {
    if (this.mergedLast && this.result?.unmerged) this.undoMerges();
    else this.undo();
  }
  undoMerges(): void {
    const unmerged = this.result?.unmerged;
    if (!unmerged) return;
    this.result = unmerged;
    this.resultExported = false;
    this.mergedLast = false;
  }

  labelAt(x: number, y: number): number | null {
    const r = this.result;
    if (!r || x < 0 || y < 0 || x >= r.outcome.width || y >= r.outcome.height) return null;
    return r.outcome.labels[y * r.outcome.width + x] ?? null;
  }
}
