import { basename, dirname, extname, join, resolve } from 'node:path';
import type { OutputFormat } from './args';

/** coins.png -> coins.labels.png (.color.png, .overlay.png, .regions.csv) beside the input. The added suffix keeps it from being the input; sameFile() guards --out. */
export function defaultOutputPath(input: string, format: OutputFormat): string {
  const ext = extname(input);
  const stem = basename(input, ext) || basename(input);
  return join(dirname(input), `${stem}.${format}.${format === 'regions' ? 'csv' : 'png'}`);
}

export function sameFile(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}
