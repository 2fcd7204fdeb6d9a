/**
 * Export end to end: main's dialogs (faked) choose the files, the worker (a real child process
 * with image-io) encodes and writes them. Exact bytes, values read back, overwrite questions.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportRequest } from '../../src-main/api';
import { DocumentRegistry } from '../../src-main/app/documents';
import { batchTargets, createExporter } from '../../src-main/app/export';
import type { ExportDialogs } from '../../src-main/app/export';
import { createWorkerHost } from '../../src-main/app/worker-host';
import type { WorkerHost } from '../../src-main/app/worker-host';
import { decodeImage, encodeColorPng, encodeLabelsPng, encodeMaskPng, encodeOverlayPng } from '../../src-main/image-io/index';
import { forkChild } from '../jobs/transport';

const coins = new URL('../fixtures/coins.png', import.meta.url).pathname;
const W = 384;
const H = 303;

/** Four vertical bands 1..4, 0 outside a centred rectangle mask. */
const mask = new Uint8Array(W * H);
const labels = new Int32Array(W * H);
for (let y = 20; y < 280; y++) {
  for (let x = 10; x < 370; x++) {
    mask[y * W + x] = 1;
    labels[y * W + x] = 1 + Math.floor(((x - 10) * 4) / 360);
  }
}

interface Asked {
  save: number;
  folder: number;
  questions: string[];
}

function dialogs(answers: { savePath?: string; folder?: string; replace?: boolean }, asked: Asked): ExportDialogs {
  return {
    showSaveDialog: async () => (asked.save++, answers.savePath ? { canceled: false, filePath: answers.savePath } : { canceled: true }),
    showOpenDialog: async () => (asked.folder++, answers.folder ? { canceled: false, filePaths: [answers.folder] } : { canceled: true, filePaths: [] }),
    showMessageBox: async (o) => (asked.questions.push(o.message), { response: answers.replace ? 0 : 1 }),
  };
}

describe('export', () => {
  let host: WorkerHost;
  const documents = new DocumentRegistry();
  beforeAll(async () => {
    host = createWorkerHost({ fork: forkChild, onCrash: () => undefined, onProgress: () => undefined });
    for (const docId of ['a', 'b']) {
      await host.open(docId, coins, 'coins.png');
      documents.add(docId, { path: coins, name: 'coins.png', width: W, height: H });
    }
  });
  afterAll(() => host.dispose());

  const exporter = (answers: Parameters<typeof dialogs>[0], asked: Asked) =>
    createExporter({ dialogs: dialogs(answers, asked), document: (id) => documents.get(id), write: (r, files) => host.exportFiles(r.docId, r.labels, r.mask, r.labelBits, files) });
  const fresh = (): Asked => ({ save: 0, folder: 0, questions: [] });
  const request = (docId: string, kinds: ExportRequest['kinds'], labelBits: 8 | 16 = 8): ExportRequest => ({ docId, kinds, labelBits, labels, mask });

  it('writes one label map through a save dialog: exact bytes, and the values read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-export-'));
    const asked = fresh();
    const target = join(dir, 'coins-labels.png');
    const reply = await exporter({ savePath: target }, asked)([request('a', ['labels'], 16)]);
    expect(reply).toEqual({ ok: true, files: [target] });
    expect(asked).toEqual({ save: 1, folder: 0, questions: [] });
    const bytes = readFileSync(target);
    expect(Buffer.compare(bytes, Buffer.from(await encodeLabelsPng(labels, W, H, 16)))).toBe(0);
    const back = await decodeImage(target);
    expect(back).toMatchObject({ width: W, height: H, channels: 1, bitDepth: 16 });
    expect(Array.from(back.data)).toEqual(Array.from(labels));
  });

  it('adds .png to a name typed without it, and asks before replacing that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-export-'));
    writeFileSync(join(dir, 'mine.png'), 'precious');
    const asked = fresh();
    expect(await exporter({ savePath: join(dir, 'mine'), replace: false }, asked)([request('a', ['mask'])])).toEqual({ ok: false, cancelled: true });
    expect(asked.questions).toEqual(['mine.png already exists. Replace it?']);
    expect(readFileSync(join(dir, 'mine.png'), 'utf8')).toBe('precious');
    const again = fresh();
    expect(await exporter({ savePath: join(dir, 'mine'), replace: true }, again)([request('a', ['mask'])])).toEqual({ ok: true, files: [join(dir, 'mine.png')] });
    expect(Buffer.compare(readFileSync(join(dir, 'mine.png')), Buffer.from(await encodeMaskPng(mask, W, H)))).toBe(0);
  });

  it('writes the region table as CSV, adding .csv to a name typed without it: one row per band, measured on the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-export-'));
    const reply = await exporter({ savePath: join(dir, 'table') }, fresh())([request('a', ['regions'])]);
    expect(reply).toEqual({ ok: true, files: [join(dir, 'table.csv')] });
    const rows = readFileSync(join(dir, 'table.csv'), 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('region,pixels,share_of_mask,centroid_x,centroid_y,bbox_left,bbox_top,bbox_width,bbox_height,mean_gray');
    const gray = (await decodeImage(coins)).data;
    const expected = [1, 2, 3, 4].map((band) => {
      // Band b covers x = 10 + 90 (b - 1) ... + 89, y = 20 ... 279.
      const left = 10 + 90 * (band - 1);
      let sum = 0;
      for (let y = 20; y < 280; y++) for (let x = left; x < left + 90; x++) sum += gray[y * W + x]!;
      return `${band},23400,0.2500,${(left + 44.5).toFixed(2)},149.50,${left},20,90,260,${(sum / 23400).toFixed(2)}`;
    });
    expect(rows.slice(1)).toEqual(expected);
  });

  it('exports a batch into a folder with derived names; every file is the encoder’s exact output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-export-'));
    const asked = fresh();
    const reply = await exporter({ folder: dir }, asked)([request('a', ['labels', 'color', 'overlay', 'mask']), request('b', ['labels'])]);
    const names = ['coins-labels.png', 'coins-color.png', 'coins-overlay.png', 'coins-mask.png', 'coins-2-labels.png'];
    expect(reply).toEqual({ ok: true, files: names.map((n) => join(dir, n)) });
    expect(asked).toEqual({ save: 0, folder: 1, questions: [] });
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
    const pixels = await decodeImage(coins);
    const expected = [
      await encodeLabelsPng(labels, W, H, 8),
      await encodeColorPng(labels, W, H),
      await encodeOverlayPng(pixels, labels),
      await encodeMaskPng(mask, W, H),
      await encodeLabelsPng(labels, W, H, 8),
    ];
    names.forEach((n, i) => expect(Buffer.compare(readFileSync(join(dir, n)), Buffer.from(expected[i]!)), n).toBe(0));
    const labels8 = await decodeImage(join(dir, 'coins-labels.png'));
    expect(labels8.bitDepth).toBe(8);
    expect(Array.from(labels8.data)).toEqual(Array.from(labels));
  });

  it('asks once before replacing existing files in the folder; "Cancel" leaves them untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-export-'));
    writeFileSync(join(dir, 'coins-labels.png'), 'old labels');
    writeFileSync(join(dir, 'coins-mask.png'), 'old mask');
    const asked = fresh();
    expect(await exporter({ folder: dir, replace: false }, asked)([request('a', ['labels', 'color', 'mask'])])).toEqual({ ok: false, cancelled: true });
    expect(asked.questions).toEqual(['2 files already exist. Replace them?']);
    expect(readFileSync(join(dir, 'coins-labels.png'), 'utf8')).toBe('old labels');
    expect(existsSync(join(dir, 'coins-color.png'))).toBe(false);

    const yes = fresh();
    const reply = await exporter({ folder: dir, replace: true }, yes)([request('a', ['labels', 'color', 'mask'])]);
    expect(reply.ok).toBe(true);
    expect(Buffer.compare(readFileSync(join(dir, 'coins-labels.png')), Buffer.from(await encodeLabelsPng(labels, W, H, 8)))).toBe(0);
  });

  it('reports a failed write clearly, keeps the files written before it, and leaves no partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-export-'));
    // A folder where the colour map should go: that write must fail.
    mkdirSync(join(dir, 'coins-color.png'));
    const reply = await exporter({ folder: dir, replace: true }, fresh())([request('a', ['labels', 'color', 'mask'])]);
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/^Export of coins-color\.png failed: .*coins-color\.png: cannot write: a folder of that name exists\. 1 of 3 files were written before it\.$/) });
    expect(readdirSync(dir).sort()).toEqual(['coins-color.png', 'coins-labels.png']);
  });

  it('refuses an 8-bit label map with labels above 255', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-export-'));
    const many = labels.map((v, i) => (v ? 1 + (i % 300) : 0));
    const reply = await exporter({ savePath: join(dir, 'x.png') }, fresh())([{ ...request('a', ['labels']), labels: many }]);
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('an 8-bit label PNG holds labels up to 255, but the largest label is 300: use 16 bits') });
    expect(existsSync(join(dir, 'x.png'))).toBe(false);
  });

  it('derives distinct, portable file names', () => {
    const doc = (name: string) => ({ path: `/x/${name}`, name, width: 1, height: 1 });
    const r = (kinds: ExportRequest['kinds']) => ({ docId: 'd', kinds, labelBits: 8 as const, labels: null, mask: new Uint8Array(1) });
    const targets = batchTargets('/out', [
      { request: r(['labels']), doc: doc('a.tif') },
      { request: r(['labels', 'mask']), doc: doc('A.png') },
      { request: r(['color', 'regions']), doc: doc('we:ird?.png') },
    ]);
    expect(targets.map((t) => t.path)).toEqual(['/out/a-labels.png', '/out/A-2-labels.png', '/out/A-2-mask.png', '/out/we_ird_-color.png', '/out/we_ird_-regions.csv']);
  });
});
