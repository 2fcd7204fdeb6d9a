/**
 * Export of results to files the user picks. One image and one kind: a save dialog for that
 * file. Anything more (several kinds, a batch of images): a folder dialog, file names derived
 * from each image's name, and one question before any existing file is replaced. The worker,
 * which holds the pixels, encodes and writes the files atomically (image-io), so a failed export
 * never leaves a half-written file or replaces a good one with one.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { exportExtension, type ExportKind, type ExportReply, type ExportRequest } from '../api';
import type { ExportFile } from '../jobs/protocol';
import type { OpenDocument } from './documents';

export interface ExportDialogs {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
}

/** Encodes and writes one document's files; resolves with the paths written (WorkerHost.exportFiles). */
export type WriteFiles = (request: ExportRequest, files: ExportFile[]) => Promise<string[]>;

export interface ExporterDeps {
  dialogs: ExportDialogs;
  document(docId: string): OpenDocument | undefined;
  write: WriteFiles;
}

const FILTERS = { png: [{ name: 'PNG image', extensions: ['png'] }], csv: [{ name: 'CSV table', extensions: ['csv'] }] };

/** Validated requests (validate.exportRequests) in, files on disk out. */
export function createExporter(deps: ExporterDeps): (requests: ExportRequest[]) => Promise<ExportReply> {
  return async (requests) => {
    const jobs = requests.map((r) => {
      const doc = deps.document(r.docId);
      if (!doc) throw new Error('That image is no longer open.');
      return { request: r, doc };
    });

    let targets: { path: string; kind: ExportKind; request: ExportRequest; doc: OpenDocument }[];
    const single = jobs.length === 1 && jobs[0]!.request.kinds.length === 1;
    if (single) {
      const { request, doc } = jobs[0]!;
      const kind = request.kinds[0]!;
      const chosen = await deps.dialogs.showSaveDialog({
        title: `Export ${kindTitle(kind)}`,
        defaultPath: join(dirname(doc.path), fileName(doc.name, kind)),
        filters: FILTERS[exportExtension(kind)],
        // Linux: GTK asks before replacing; macOS and Windows dialogs always ask.
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (chosen.canceled || !chosen.filePath) return { ok: false, cancelled: true };
      let path = chosen.filePath;
      const ext = `.${exportExtension(kind)}`;
      if (extname(path).toLowerCase() !== ext) {
        // The dialog asked about the name as typed, not about the one with the extension added.
        path += ext;
        if ((await exists(path)) && !(await confirmReplace(deps.dialogs, [path]))) return { ok: false, cancelled: true };
      }
      targets = [{ path, kind, request, doc }];
    } else {
      const chosen = await deps.dialogs.showOpenDialog({
        title: jobs.length === 1 ? 'Export into folder' : `Export ${jobs.length} images into folder`,
        defaultPath: dirname(jobs[0]!.doc.path),
        buttonLabel: 'Export here',
        properties: ['openDirectory', 'createDirectory'],
      });
      if (chosen.canceled || chosen.filePaths.length === 0) return { ok: false, cancelled: true };
      targets = batchTargets(chosen.filePaths[0]!, jobs);
      const existing: string[] = [];
      for (const t of targets) if (await exists(t.path)) existing.push(t.path);
      if (existing.length && !(await confirmReplace(deps.dialogs, existing))) return { ok: false, cancelled: true };
    }

    const written: string[] = [];
    for (const job of jobs) {
      const files = targets.filter((t) => t.request === job.request).map(({ kind, path }) => ({ kind, path }));
      try {
        written.push(...(await deps.write(job.request, files)));
      } catch (err) {
        const before = written.length ? ` Files written before: ${written.map((f) => basename(f)).join(', ')}.` : '';
        return { ok: false, error: `${(err as Error).message}${before}` };
      }
    }
    return { ok: true, files: written };
  };
}

/** stem-kind.png (stem-regions.csv) per image and kind; images sharing a name get -2, -3… so nothing collides. */
export function batchTargets<T extends { request: ExportRequest; doc: OpenDocument }>(folder: string, jobs: T[]): (T & { path: string; kind: ExportKind })[] {
  const used = new Set<string>();
  const out: (T & { path: string; kind: ExportKind })[] = [];
  for (const job of jobs) {
    const stem = stemOf(job.doc.name);
    let unique = stem;
    for (let n = 2; used.has(unique.toLowerCase()); n++) unique = `${stem}-${n}`;
    used.add(unique.toLowerCase());
    for (const kind of job.request.kinds) out.push({ ...job, kind, path: join(folder, `${unique}-${kind}.${exportExtension(kind)}`) });
  }
  return out;
}

function fileName(imageName: string, kind: ExportKind): string {
  return `${stemOf(imageName)}-${kind}.${exportExtension(kind)}`;
}

function stemOf(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  const stem = base.slice(0, base.length - extname(base).length) || base || 'image';
  // Keep names portable: no characters Windows or shells trip over.
  return stem.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_');
}

function kindTitle(kind: ExportKind): string {
  return { labels: 'label map', color: 'colour map', overlay: 'overlay', mask: 'mask', regions: 'region table' }[kind];
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function confirmReplace(dialogs: ExportDialogs, files: string[]): Promise<boolean> {
  const shown = files.slice(0, 10).map((f) => basename(f));
  if (files.length > 10) shown.push(`… and ${files.length - 10} more`);
  const { response } = await dialogs.showMessageBox({
    type: 'warning',
    title: 'Replace files?',
    message: files.length === 1 ? `${basename(files[0]!)} already exists. Replace it?` : `${files.length} files already exist. Replace them?`,
    detail: shown.join('\n'),
    buttons: ['Replace', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
  });
  return response === 0;
}
