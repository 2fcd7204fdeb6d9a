import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src-main/image-io/index';
import { ioError } from './expect-io-error';
import { writeFileAtomicWith } from '../../src-main/image-io/atomic-write';
import type { AtomicFs } from '../../src-main/image-io/atomic-write';

let dir = '';
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const OLD = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const NEW = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 255);

/** The real file system with one call replaced. */
function fsWith(override: Partial<AtomicFs>): AtomicFs {
  return { open: fs.open, rename: fs.rename, link: fs.link, unlink: fs.unlink, stat: fs.stat, ...override };
}

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('writeFileAtomic', () => {
  it('creates a new file with exactly the bytes and leaves no temporary file', async () => {
    const target = join(dir, 'out.png');
    await writeFileAtomic(target, NEW);
    expect(Buffer.from(await fs.readFile(target)).equals(Buffer.from(NEW))).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['out.png']);
  });

  it('overwrite=false (the default) refuses an existing file with EXISTS and keeps it', async () => {
    const target = join(dir, 'out.png');
    await fs.writeFile(target, OLD);
    const e = await ioError(writeFileAtomic(target, NEW));
    expect(e.code).toBe('EXISTS');
    expect(e.message).toBe(`${target}: file already exists`);
    expect(Array.from(await fs.readFile(target))).toEqual(Array.from(OLD));
    expect(await fs.readdir(dir)).toEqual(['out.png']);
  });

  it('overwrite=true replaces an existing file', async () => {
    const target = join(dir, 'out.png');
    await fs.writeFile(target, OLD);
    await writeFileAtomic(target, NEW, { overwrite: true });
    expect((await fs.readFile(target)).length).toBe(NEW.length);
    expect(await fs.readdir(dir)).toEqual(['out.png']);
  });

  it('a target that is a folder fails with WRITE_FAILED and leaves the folder as it was', async () => {
    const target = join(dir, 'taken');
    await fs.mkdir(target);
    await fs.writeFile(join(target, 'inner.txt'), 'keep');
    const e = await ioError(writeFileAtomic(target, NEW, { overwrite: true }));
    expect(e.code).toBe('WRITE_FAILED');
    expect(e.message).toContain('a folder of that name exists');
    expect(await fs.readFile(join(target, 'inner.txt'), 'utf8')).toBe('keep');
    expect(await fs.readdir(dir)).toEqual(['taken']);
  });

  it('a missing folder fails with WRITE_FAILED: the folder does not exist', async () => {
    const target = join(dir, 'no', 'such', 'out.png');
    const e = await ioError(writeFileAtomic(target, NEW));
    expect(e.code).toBe('WRITE_FAILED');
    expect(e.message).toBe(`${target}: cannot write: the folder does not exist`);
  });

  it('a disk that fills up mid-write keeps the old file byte-identical and removes the temporary', async () => {
    const target = join(dir, 'out.png');
    await fs.writeFile(target, OLD);
    let tempSeen = '';
    const full = fsWith({
      open: async (path, flags, mode) => {
        tempSeen = path;
        const handle = await fs.open(path, flags, mode);
        let calls = 0;
        return {
          // First write lands half the data on disk, then the disk is full.
          write: async (data: Uint8Array, offset: number, length: number) => {
            if (calls++ > 0) throw errno('ENOSPC');
            return handle.write(data, offset, Math.floor(length / 2));
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    });
    const e = await ioError(writeFileAtomicWith(full, target, NEW, { overwrite: true }));
    expect(e.code).toBe('WRITE_FAILED');
    expect(e.message).toBe(`${target}: cannot write: the disk is full`);
    expect(tempSeen.startsWith(join(dir, '.out.png.'))).toBe(true);
    expect(Array.from(await fs.readFile(target))).toEqual(Array.from(OLD));
    expect(await fs.readdir(dir)).toEqual(['out.png']);
  });

  it('a read-only folder (rename refused) gives a clear message, keeps the old file and removes the temporary', async () => {
    const target = join(dir, 'out.png');
    await fs.writeFile(target, OLD);
    const readOnly = fsWith({ rename: async () => Promise.reject(errno('EROFS')) });
    const e = await ioError(writeFileAtomicWith(readOnly, target, NEW, { overwrite: true }));
    expect(e.code).toBe('WRITE_FAILED');
    expect(e.message).toBe(`${target}: cannot write: the folder is on a read-only file system`);
    expect(Array.from(await fs.readFile(target))).toEqual(Array.from(OLD));
    expect(await fs.readdir(dir)).toEqual(['out.png']);
  });

  it('permission denied on creating the temporary gives WRITE_FAILED and writes nothing', async () => {
    const target = join(dir, 'out.png');
    const denied = fsWith({ open: async () => Promise.reject(errno('EACCES')) });
    const e = await ioError(writeFileAtomicWith(denied, target, NEW));
    expect(e.message).toBe(`${target}: cannot write: permission denied (the folder is read-only)`);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('a file that appears between the check and the final link is not clobbered (EXISTS)', async () => {
    const target = join(dir, 'out.png');
    const racing = fsWith({
      link: async (existing, created) => {
        await fs.writeFile(created, OLD); // another writer wins the race
        return fs.link(existing, created);
      },
    });
    const e = await ioError(writeFileAtomicWith(racing, target, NEW));
    expect(e.code).toBe('EXISTS');
    expect(Array.from(await fs.readFile(target))).toEqual(Array.from(OLD));
    expect(await fs.readdir(dir)).toEqual(['out.png']);
  });
});
