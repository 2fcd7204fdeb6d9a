/**
 * The saved session (open images, painted masks, parameters) in the app's data folder. Every
 * save replaces the file atomically (image-io's temp file + rename), so a crash at any moment
 * leaves either the previous session or the new one, never half of one; that file is what the
 * next start, including the one after a crash, restores.
 */
import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SavedSession } from '../api';
import { writeFileAtomic } from '../image-io/atomic-write';
import { session as validateSession } from './validate';

export const SESSION_FILE = 'session.json';

export interface SessionStore {
  /** Saves are queued; only the latest of several waiting ones is written. */
  save(session: SavedSession): Promise<void>;
  /** null when there is none. A corrupt file is moved aside (kept for the user) and ignored. */
  load(): Promise<SavedSession | null>;
  /** Resolves once every save asked for so far is on disk (or has failed): what a quit waits for. */
  settled(): Promise<void>;
  readonly file: string;
}

export function createSessionStore(dir: string, onWarning: (message: string) => void = () => undefined): SessionStore {
  const file = join(dir, SESSION_FILE);
  let writing: Promise<void> = Promise.resolve();
  let latest: SavedSession | null = null;

  async function write(): Promise<void> {
    const s = latest;
    latest = null;
    if (!s) return;
    const bytes = new TextEncoder().encode(JSON.stringify({ version: 1, ...s }));
    await writeFileAtomic(file, bytes, { overwrite: true });
  }

  return {
    file,
    settled: () => writing.catch(() => undefined),
    save(session) {
      const queued = latest !== null;
      latest = session;
      if (queued) return writing;
      writing = writing.catch(() => undefined).then(write);
      return writing;
    },
    async load() {
      // Temporaries of saves cut short by a crash: the session file itself is whole either way.
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (name.startsWith(`.${SESSION_FILE}.`) && name.endsWith('.tmp')) await unlink(join(dir, name)).catch(() => undefined);
      }
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      try {
        const raw = JSON.parse(text) as Record<string, unknown>;
        // Paths in our own file are trusted: they were on the allow-list when saved.
        return validateSession(raw, (p) => p);
      } catch (err) {
        const aside = `${file}.corrupt-${Date.now()}`;
        await rename(file, aside).catch(() => undefined);
        onWarning(`The saved session could not be read (${(err as Error).message}); it was kept as ${aside}.`);
        return null;
      }
    },
  };
}
