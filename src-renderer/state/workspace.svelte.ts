/**
 * The open documents and everything that acts on several of them: opening, closing, running,
 * exporting and persisting the session so a reload keeps painted work.
 */
import { DEFAULT_PARAMS, isPreviewProgress, type ExportKind, type ExportRequest, type OpenedImage } from '../../src-main/api';
import { decodeMask, encodeMask } from '../../src-main/jobs/mask-codec';
import { asHostError, type Host, type OpenResult } from '../host/host';
import { isTwoLevel, maskFromRgba, maskSizeProblem } from '../lib/mask-file';
import { hasErrors, sanitizeParams, validateParams } from '../lib/params';
import { DEFAULT_DOC_PARAMS, Doc } from './document.svelte';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

const SAVE_DELAY_MS = 400;

const OPTION_FIELDS = new Set(['options', 'beta', 'eps', 'gray', 'connectivity', 'assign', 'seed', 'maxPixels', 'eigenvectorImages']);

/** Which panel shows an error: the engine says 'options', main's validation names the parameter. */
export function errorPanel(field: string | undefined): 'mask' | 'clusters' | 'options' | 'run' {
  if (field === 'mask' || field === 'clusters') return field;
  return field && OPTION_FIELDS.has(field) ? 'options' : 'run';
}

export class Workspace {
  docs = $state<Doc[]>([]);
  activeId = $state<string | null>(null);
  notices = $state<Notice[]>([]);
  /** 'saved' once the session in storage matches what is on screen (the e2e test waits for it). */
  saveState = $state<'idle' | 'pending' | 'saved' | 'error'>('idle');
  restoring = $state(true);
  exportMessage = $state<{ ok: boolean; text: string } | null>(null);
  /** An export is being written: a second click would save every file twice. */
  exporting = $state(false);

  private noticeId = 0;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly host: Host) {
    host.onOpened((r) => this.accept(r));
    host.onWorkerCrash((message) => {
      for (const d of this.docs) d.running = null;
      this.notify('error', message);
    });
  }

  get active(): Doc | null {
    return this.docs.find((d) => d.id === this.activeId) ?? null;
  }

  notify(kind: Notice['kind'], text: string): void {
    const id = ++this.noticeId;
    // The same file dropped again says the same thing: one notice for it, moved to the end.
    this.notices = [...this.notices.filter((n) => n.text !== text), { id, kind, text }];
    if (kind === 'info') setTimeout(() => this.dismiss(id), 6000);
  }
  /** Files dropped together that could not be opened: one notice naming each, not a stack of them. */
  private notifyLoadErrors(errors: string[]): void {
    const distinct = [...new Set(errors)];
    if (distinct.length === 1) this.notify('error', distinct[0]!);
    else if (distinct.length > 1) this.notify('error', `${errors.length} files could not be opened:\n${distinct.join('\n')}`);
  }
  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
  dismissAll(): void {
    this.notices = [];
  }

  private add(image: OpenedImage, mask: Uint8Array | null = null, params?: unknown, savedName?: unknown): Doc {
    // Two tabs with one name cannot be told apart, and their exports would take each other's file names.
    // A restored tab keeps the name it had, so its exports keep theirs.
    const name = uniqueName(typeof savedName === 'string' && savedName ? savedName : image.info.name, new Set(this.docs.map((d) => d.name)));
    const doc = new Doc(image, mask, params === undefined ? { ...DEFAULT_DOC_PARAMS } : sanitizeParams(params, DEFAULT_DOC_PARAMS), name);
    this.docs = [...this.docs, doc];
    this.activeId = doc.id;
    return doc;
  }

  accept(r: OpenResult): void {
    for (const image of r.images) this.add(image);
    this.notifyLoadErrors(r.errors);
    if (r.images.length) this.scheduleSave();
  }

  async openFiles(files: File[]): Promise<void> {
    if (files.length === 0) return;
    try {
      this.accept(await this.host.openFiles(files));
    } catch (err) {
      this.notify('error', asHostError(err).message);
    }
  }

  /**
   * Replaces doc's mask with one read from an image file of the same size. The host decodes it as
   * it would open an image (so every format the app opens works), then forgets it.
   */
  async importMask(doc: Doc, file: File): Promise<void> {
    doc.error = null;
    let r: OpenResult;
    try {
      r = await this.host.openFiles([file]);
    } catch (err) {
      doc.error = { field: 'mask', message: asHostError(err).message };
      return;
    }
    for (const image of r.images) this.host.closeDocument(image.info.id);
    const image = r.images[0];
    if (!image) {
      doc.error = { field: 'mask', message: r.errors[0] ?? `“${file.name}” could not be read as a mask.` };
      return;
    }
    const problem = maskSizeProblem(file.name, image.info, doc);
    if (problem) {
      doc.error = { field: 'mask', message: problem };
      return;
    }
    const mask = maskFromRgba(image.rgba);
    if (!mask.includes(1)) {
      doc.error = { field: 'mask', message: `“${file.name}” is black or transparent everywhere: it holds no mask. The mask was not changed.` };
      return;
    }
    doc.replaceMask(mask);
    if (!isTwoLevel(image.rgba, mask)) {
      this.notify('info', `“${file.name}” is not a black-and-white mask: every pixel that is not black was taken as inside (${doc.maskCount.toLocaleString('en')} pixels). Undo takes it back.`);
    }
    this.scheduleSave();
  }

  close(doc: Doc): void {
    if (doc.running) this.host.cancel(doc.running.jobId);
    const i = this.docs.indexOf(doc);
    this.docs = this.docs.filter((d) => d !== doc);
    if (this.activeId === doc.id) this.activeId = this.docs[Math.min(i, this.docs.length - 1)]?.id ?? null;
    this.host.closeDocument(doc.id);
    this.scheduleSave();
  }

  segment(doc: Doc): void {
    if (doc.running) return;
    doc.error = null;
    doc.status = null;
    doc.warnings = [];
    if (doc.maskCount === 0) {
      doc.error = { field: 'mask', message: 'The mask is empty: paint the area to segment, or use Fill all.' };
      return;
    }
    const errors = validateParams(doc.params, doc.maskCount, doc.maskCount === doc.pixels);
    if (hasErrors(errors)) {
      const [field, message] = Object.entries(errors).find(([, m]) => m)!;
      doc.error = { field: field === 'clusters' ? 'clusters' : 'options', message: message! };
      return;
    }
    const key = doc.inputKey();
    const params = $state.snapshot(doc.params);
    const restoreFinished = doc.keepFinishedResult();
    const job = this.host.segment(doc.id, doc.mask, params, (p) => {
      if (doc.running?.jobId !== job.jobId) return;
      // A quick low-resolution result to look at while the full-resolution solve runs.
      if (isPreviewProgress(p)) doc.setResult(p.preview, key);
      else doc.running.progress = p;
    });
    doc.running = { jobId: job.jobId, progress: null, started: performance.now() };
    job.result.then(
      (outcome) => {
        if (doc.running?.jobId !== job.jobId) return;
        const cancelled = doc.running.cancelling;
        const waited = (performance.now() - doc.running.started) / 1000;
        doc.running = null;
        if (cancelled) {
          // Finished before the cancel reached the engine: the user asked not to have it.
          restoreFinished();
          doc.status = cancelledStatus(doc);
          return;
        }
        doc.setResult(outcome, key, waited);
        doc.warnings = outcome.warnings;
        // An export refused for want of a result no longer applies; a success message still does.
        if (this.exportMessage && !this.exportMessage.ok) this.exportMessage = null;
      },
      (err: unknown) => {
        if (doc.running?.jobId !== job.jobId) return;
        doc.running = null;
        restoreFinished();
        const e = asHostError(err);
        if (e.cancelled) doc.status = cancelledStatus(doc);
        else doc.error = { field: errorPanel(e.field), message: e.message };
      },
    );
  }

  /** What leaving the app now would lose, in a sentence, or null (see Doc.lostOnQuit). */
  lostOnQuit(): string | null {
    const lost = this.docs.map((d) => d.lostOnQuit()).filter((l): l is string => l !== null);
    if (!lost.length) return null;
    const text = lost.length > 3 ? `${lost.slice(0, 3).join(', ')} and ${lost.length - 3} more` : lost.join(', ');
    return `${text[0]!.toUpperCase()}${text.slice(1)} will be lost (masks and settings are kept).`;
  }

  cancel(doc: Doc): void {
    if (!doc.running || doc.running.cancelling) return;
    doc.running.cancelling = true;
    this.host.cancel(doc.running.jobId);
  }

  async export(docs: Doc[], kinds: ExportKind[], labelBits: 8 | 16 | 'auto'): Promise<void> {
    if (this.exporting) return;
    this.exporting = true;
    try {
      await this.exportNow(docs, kinds, labelBits);
    } finally {
      this.exporting = false;
    }
  }

  private async exportNow(docs: Doc[], kinds: ExportKind[], labelBits: 8 | 16 | 'auto'): Promise<void> {
    this.exportMessage = null;
    if (kinds.length === 0) {
      this.exportMessage = { ok: false, text: 'Choose at least one thing to export.' };
      return;
    }
    const needsResult = kinds.some((k) => k !== 'mask');
    // Exporting several images, what is ready is saved and the rest named, rather than one
    // unsegmented image holding back all the others; an image without a usable result still
    // gives its mask, which needs none.
    const refused = needsResult ? docs.filter((d) => exportRefusal([d])) : [];
    const maskOnly: ExportKind[] = kinds.includes('mask') ? ['mask'] : [];
    const jobs = docs.map((d) => ({ d, kinds: refused.includes(d) ? maskOnly : kinds })).filter((j) => j.kinds.length > 0);
    const reason = refused.length ? exportRefusal(refused)! : null;
    if (jobs.length === 0) {
      this.exportMessage = { ok: false, text: reason! };
      return;
    }
    const skipped = !reason
      ? ''
      : maskOnly.length
        ? `. Of ${refused.map((d) => d.name).join(', ')} only the mask: ${reason.replace(/, or export only the mask\./g, '.')}`
        : `. Not exported: ${reason}`;
    const requests: ExportRequest[] = jobs.map(({ d, kinds }) => {
      const clusters = d.result?.outcome.clusters ?? 0;
      const bits = labelBits === 'auto' ? (clusters > 255 ? 16 : 8) : labelBits;
      return { docId: d.id, kinds, labelBits: bits, labels: kinds.some((k) => k !== 'mask') ? (d.result?.outcome.labels ?? null) : null, mask: d.mask };
    });
    const images = new Map(jobs.map(({ d }) => [d.id, { name: d.name, rgba: d.rgba, width: d.width, height: d.height, gray: d.info.channels <= 2 }]));
    try {
      const reply = await this.host.exportResults(requests, images);
      if (reply.ok) for (const j of jobs) if (j.kinds.some((k) => k !== 'mask')) j.d.resultExported = true;
      if (reply.ok) this.exportMessage = { ok: true, text: `Saved ${reply.files.map((f) => f.split(/[\\/]/).pop()).join(', ')}${skipped}` };
      else if ('cancelled' in reply) this.exportMessage = null;
      else this.exportMessage = { ok: false, text: reply.error };
    } catch (err) {
      this.exportMessage = { ok: false, text: asHostError(err).message };
    }
  }

  scheduleSave(): void {
    if (this.restoring) return;
    this.saveState = 'pending';
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  /**
   * Saves now what is waiting for SAVE_DELAY_MS: called when the page is being left, where a
   * stroke painted just before a reload or quit would otherwise be lost.
   */
  flushSave(): void {
    if (!this.saveTimer) return;
    clearTimeout(this.saveTimer);
    void this.saveNow();
  }

  async saveNow(): Promise<void> {
    this.saveTimer = null;
    const documents = this.docs.map((d) => ({
      id: d.id,
      name: d.name,
      params: $state.snapshot(d.params),
      maskRle: encodeMask(d.mask),
    }));
    const activeIndex = Math.max(0, this.docs.findIndex((d) => d.id === this.activeId));
    try {
      await this.host.save(documents, activeIndex);
      if (!this.saveTimer) this.saveState = 'saved';
    } catch (err) {
      this.saveState = 'error';
      this.notify('error', `Could not save your masks for the next session: ${asHostError(err).message}`);
    }
  }

  async restore(): Promise<void> {
    try {
      const r = await this.host.restore();
      if (!r) return;
      for (const d of r.documents) {
        let mask: Uint8Array | null = null;
        try {
          mask = decodeMask(Array.isArray(d.maskRle) ? d.maskRle : [], d.image.info.width * d.image.info.height);
        } catch (err) {
          this.notify('error', `The saved mask of ${d.image.info.name} could not be restored (${asHostError(err).message}); it was reset.`);
        }
        this.add(d.image, mask, d.params ?? DEFAULT_PARAMS, d.name);
      }
      const active = this.docs[r.activeIndex] ?? this.docs[0];
      this.activeId = active?.id ?? null;
      this.notifyLoadErrors(r.errors);
    } catch (err) {
      this.notify('error', `Your previous session could not be restored: ${asHostError(err).message}`);
    } finally {
      this.restoring = false;
    }
  }
}

/** What the user sees after a cancel: which result, if any, is still on screen. */
export function cancelledStatus(doc: Doc): string {
  if (doc.result?.outcome.preview) return PREVIEW_KEPT;
  return doc.result ? 'Cancelled. The previous result is kept.' : 'Cancelled.';
}

export const PREVIEW_KEPT = 'Cancelled. The quick low-resolution preview is kept; segment again for the final result.';

/**
 * Why the segmentations of docs cannot be exported, or null: none yet, only the quick preview of a
 * run that was cancelled or is still going, or one made from another mask or other settings (its
 * files would not match the mask exported beside them, nor what the panel says).
 */
export function exportRefusal(docs: Doc[]): string | null {
  const names = (ds: Doc[]) => ds.map((d) => d.name).join(', ');
  // Every reason that applies, each naming its images.
  const reasons: string[] = [];
  const missing = docs.filter((d) => !d.result);
  if (missing.length) reasons.push(`Segment ${names(missing)} first, or export only the mask.`);
  const previews = docs.filter((d) => d.result?.outcome.preview);
  if (previews.length) reasons.push(`Only a low-resolution preview of ${names(previews)} exists: let the segmentation finish, or segment again.`);
  const outdated = docs.filter((d) => d.result && !d.result.outcome.preview && d.outdated);
  if (outdated.length) reasons.push(`The segmentation of ${names(outdated)} was made with an earlier mask or settings: segment again, or export only the mask.`);
  return reasons.length ? reasons.join(' ') : null;
}

/** name, or name with -2, -3, ... before its extension, whichever is not taken. */
export function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}${ext}`)) return `${stem}-${i}${ext}`;
}
