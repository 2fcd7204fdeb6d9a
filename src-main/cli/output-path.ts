import { basename, dirname, extname, join, resolve } from 'node:path';
import type { OutputFormat } from './args';

/** coins.png -> coins.labels.png (or .color / .overlay) beside the input. Always ends in .png, so never equals a non-PNG input; sameFile() guards the rest. */
export function defaultOutputPath(input: string, format: OutputFormat): string {
  const ext = extname(input);
  const stem = basename(input, ext) || basename(input);
  return join(dirname(input), `${stem}.${format}.png`);
}

export function sameFile(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}
