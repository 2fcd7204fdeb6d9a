/**
 * Opens files by path, wherever the path came from (dialog, drop, command line, OS, session):
 * puts it on the allow-list, has the worker decode it under a fresh document id, and turns
 * each failure into one message for the user instead of failing the whole batch.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OpenedImage } from '../api';
import type { DocumentRegistry } from './documents';
import type { WorkerHost } from './worker-host';

export interface OpenResult {
  images: OpenedImage[];
  errors: string[];
}

export type Opener = (paths: string[]) => Promise<OpenResult>;

export function createOpener(host: WorkerHost, documents: DocumentRegistry, newId: () => string = randomUUID): Opener {
  return async (paths) => {
    const images: OpenedImage[] = [];
    const errors: string[] = [];
    // One at a time: the worker decodes serially anyway, and this keeps peak memory at one image.
    for (const p of paths) {
      const path = documents.allow(p);
      const name = basename(path);
      try {
        const s = await stat(path).catch(() => null);
        if (!s) throw new Error(`${name}: file not found`);
        if (!s.isFile()) throw new Error(`${name}: not a file`);
        const docId = newId();
        const opened = await host.open(docId, path, name);
        documents.add(docId, { path, name, width: opened.info.width, height: opened.info.height });
        images.push(opened);
      } catch (err) {
        const message = (err as Error).message;
        errors.push(message.includes(name) ? message : `${name}: ${message}`);
      }
    }
    return { images, errors };
  };
}
