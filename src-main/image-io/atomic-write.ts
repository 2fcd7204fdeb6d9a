/**
 * Atomic file writes: the data goes to a temporary file in the target's folder (same file
 * system, so the final rename is atomic), is flushed to disk, and only then replaces or creates
 * the target. A failure at any step leaves the old file as it was and removes the temporary.
 */
import * as nodeFs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ImageIoError, errnoCode } from './errors';

/** The file-system calls used, so tests can inject failures (tests run as root, where permissions don't fail). */
export interface AtomicFs {
  open(path: string, flags: string, mode?: number): Promise<{ write(data: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>; sync(): Promise<void>; close(): Promise<void> }>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, created: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ isDirectory(): boolean }>;
}

const realFs: AtomicFs = nodeFs;

export interface WriteOptions {
  /** Replace an existing file. Default false: an existing target gives an EXISTS error. */
  overwrite?: boolean;
}

export async function writeFileAtomic(path: string, data: Uint8Array, opts: WriteOptions = {}): Promise<void> {
  return writeFileAtomicWith(realFs, path, data, opts);
}

export async function writeFileAtomicWith(fs: AtomicFs, path: string, data: Uint8Array, opts: WriteOptions = {}): Promise<void> {
  const overwrite = opts.overwrite ?? false;
  const name = basename(path);
  const existing = await statOrNull(fs, path);
  if (existing?.isDirectory()) throw new ImageIoError('WRITE_FAILED', `${path}: cannot write: a folder of that name exists`);
  if (existing && !overwrite) throw new ImageIoError('EXISTS', `${path}: file already exists`);

  const temp = join(dirname(path), `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx', 0o644);
    created = true;
    try {
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset);
        if (bytesWritten <= 0) throw Object.assign(new Error('no bytes written'), { code: 'EIO' });
        offset += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (overwrite) {
      await fs.rename(temp, path);
    } else {
      await placeNoClobber(fs, temp, path);
    }
    created = false;
  } catch (err) {
    if (created) await fs.unlink(temp).catch(() => undefined);
    if (err instanceof ImageIoError) throw err;
    throw writeFailure(err, path);
  }
  await syncFolder(fs, dirname(path));
}

/**
 * Makes the rename itself durable across a power cut. Best effort: Windows cannot open a folder
 * this way, and the file is already complete and in place either way.
 */
async function syncFolder(fs: AtomicFs, folder: string): Promise<void> {
  try {
    const handle = await fs.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Nothing to report: the write succeeded.
  }
}

/** link() fails with EEXIST if the target appeared meanwhile, so nothing is clobbered even in a race. */
async function placeNoClobber(fs: AtomicFs, temp: string, path: string): Promise<void> {
  try {
    await fs.link(temp, path);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EEXIST') throw new ImageIoError('EXISTS', `${path}: file already exists`, { cause: err });
    // File systems without hard links (FAT, some network shares): fall back to check-then-rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK') {
      if (await statOrNull(fs, path)) throw new ImageIoError('EXISTS', `${path}: file already exists`, { cause: err });
      await fs.rename(temp, path);
      return;
    }
    throw err;
  }
  await fs.unlink(temp).catch(() => undefined);
}

async function statOrNull(fs: AtomicFs, path: string): Promise<{ isDirectory(): boolean } | null> {
  try {
    return await fs.stat(path);
  } catch {
    return null;
  }
}

function writeFailure(err: unknown, path: string): ImageIoError {
  const code = errnoCode(err);
  const reason =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'EROFS'
        ? 'the folder is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied (the folder is read-only)'
          : code === 'ENOENT' || code === 'ENOTDIR'
            ? 'the folder does not exist'
            : code === 'EISDIR'
              ? 'a folder of that name exists'
              : (err as Error)?.message ?? String(err);
  return new ImageIoError('WRITE_FAILED', `${path}: cannot write: ${reason}`, { cause: err });
}
