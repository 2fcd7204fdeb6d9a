/**
 * The files this window may read: those the user chose in a dialog, dropped, passed on the
 * command line or opened from the OS, plus those of the restored session. Renderer-supplied
 * paths are only ever checked against this list; nothing is written to them.
 */
import { resolve } from 'node:path';

export interface OpenDocument {
  path: string;
  name: string;
  width: number;
  height: number;
}

export class DocumentRegistry {
  private readonly allowed = new Set<string>();
  private readonly docs = new Map<string, OpenDocument>();

  allow(path: string): string {
    const abs = resolve(path);
    this.allowed.add(abs);
    return abs;
  }

  isAllowed(path: string): boolean {
    return this.allowed.has(resolve(path));
  }

  add(docId: string, doc: OpenDocument): void {
    this.docs.set(docId, doc);
  }

  get(docId: string): OpenDocument | undefined {
    return this.docs.get(docId);
  }

  remove(docId: string): boolean {
    return this.docs.delete(docId);
  }

  ids(): string[] {
    return [...this.docs.keys()];
  }
}
