/** The saved session: round trip, coalesced saves, atomic replacement under a hard kill, corrupt files. */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../src-main/api';
import type { SavedSession } from '../../src-main/api';
import { createSessionStore, SESSION_FILE } from '../../src-main/app/session';

const tempDir = () => mkdtempSync(join(tmpdir(), 'spectral-session-'));

const session: SavedSession = {
  documents: [
    { path: '/images/coins.png', name: 'coins.png', params: { ...DEFAULT_PARAMS, clusters: 6, beta: 2.5 }, maskRle: [10, 20, 30] },
    { path: '/images/camera.png', name: 'camera.png', params: { ...DEFAULT_PARAMS, clusters: 'auto', eigenvectorImages: 3 }, maskRle: [] },
  ],
  activeIndex: 1,
};

describe('session store', () => {
  it('restores exactly what was saved', async () => {
    const dir = tempDir();
    expect(await createSessionStore(dir).load()).toBeNull();
    await createSessionStore(dir).save(session);
    expect(await createSessionStore(dir).load()).toEqual(session);
    expect(readdirSync(dir)).toEqual([SESSION_FILE]); // no temporary files left behind
  });

  it('writes only the latest of saves that queue up behind a running one', async () => {
    const dir = tempDir();
    const store = createSessionStore(dir);
    const saves = [1, 2, 3, 4].map((n) => store.save({ ...session, activeIndex: n % 2, documents: session.documents.slice(0, n % 2 ? 1 : 2) }));
    await Promise.all(saves);
    expect(await store.load()).toEqual({ ...session, activeIndex: 0, documents: session.documents });
  });

  it('settles once the last save is on disk, without awaiting the saves themselves (what a quit waits for)', async () => {
    const dir = tempDir();
    const store = createSessionStore(dir);
    await store.settled(); // nothing asked for: at once
    const last = { ...session, activeIndex: 0 };
    void store.save(session);
    void store.save(last);
    await store.settled();
    expect(JSON.parse(readFileSync(join(dir, SESSION_FILE), 'utf8'))).toEqual({ version: 1, ...last });
  });

  it('survives being killed mid-save: the file is always one complete session', async () => {
    const dir = tempDir();
    for (let round = 0; round < 3; round++) {
      const child = fork(fileURLToPath(new URL('./session-child.ts', import.meta.url)), [dir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      await new Promise<void>((resolve) => child.once('message', () => resolve()));
      await new Promise((r) => setTimeout(r, 50 + round * 37));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const restored = await createSessionStore(dir, (m) => {
        throw new Error(`session reported corrupt: ${m}`);
      }).load();
      expect(restored).not.toBeNull();
      const n = Number(restored!.documents[0]!.name.split('-')[0]);
      expect(restored!.documents).toHaveLength(1 + (n % 5));
      expect(restored!.activeIndex).toBe(n % (1 + (n % 5)));
      expect(restored!.documents.every((d) => d.maskRle.length === 20_000)).toBe(true);
      expect(readdirSync(dir)).toEqual([SESSION_FILE]); // temporaries of the cut-short save are cleaned up
    }
  });

  it('moves a corrupt session aside, says so, and starts empty', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, SESSION_FILE), '{"documents": [ {"path": "/a.png", "na');
    const warnings: string[] = [];
    expect(await createSessionStore(dir, (m) => warnings.push(m)).load()).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The saved session could not be read \(.+\); it was kept as .+session\.json\.corrupt-\d+\.$/);
    const aside = readdirSync(dir).find((f) => f.startsWith(`${SESSION_FILE}.corrupt-`))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"documents": [ {"path": "/a.png", "na');
    expect(existsSync(join(dir, SESSION_FILE))).toBe(false);
  });

  it('treats a well-formed file with invalid content as corrupt (k out of range)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, SESSION_FILE), JSON.stringify({ ...session, documents: [{ ...session.documents[0], params: { ...DEFAULT_PARAMS, clusters: 500 } }] }));
    const warnings: string[] = [];
    expect(await createSessionStore(dir, (m) => warnings.push(m)).load()).toBeNull();
    expect(warnings[0]).toContain('The number of regions must be a whole number from 2 to 64');
  });
});
