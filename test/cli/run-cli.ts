/** Runs `segment` as a child process, as a user would (node + tsx, no shell). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';

export const REPO = join(import.meta.dirname, '../..');
export const FIX = join(REPO, 'test/fixtures');
const CLI = join(REPO, 'src-main/cli/segment.ts');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      opts.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Label ids of a labels PNG written by the CLI, read with sharp directly. */
export async function readLabelsPng(path: string): Promise<{ width: number; height: number; labels: number[]; depth: string }> {
  const meta = await sharp(path).metadata();
  const sixteen = meta.depth === 'ushort';
  const { data, info } = await sharp(path)
    .toColourspace(sixteen ? 'grey16' : 'b-w')
    .raw({ depth: sixteen ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const labels = sixteen ? Array.from(new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2)) : Array.from(data);
  return { width: info.width, height: info.height, labels, depth: meta.depth! };
}
