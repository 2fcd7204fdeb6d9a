/**
 * Command-line parsing of `segment`, pure: argv in, options or exactly one error message out,
 * so every usage error can be tested without starting a process.
 */
import type { AssignMethod } from '../engine/types';

export type OutputFormat = 'labels' | 'color' | 'overlay' | 'regions';

export interface CliOptions {
  input: string;
  mask?: string;
  clusters: number | 'auto';
  maxClusters?: number;
  out?: string;
  format: OutputFormat;
  beta?: number;
  eps?: number;
  connectivity?: 4 | 8;
  assign?: AssignMethod;
  seed?: number;
  gray: boolean;
  maxPixels?: number;
  json: boolean;
}

export type ParseResult = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** Labels are written as 16-bit PNG ids at most. */
export const MAX_CLUSTERS = 65535;

export const USAGE = `Usage: npm run segment -- INPUT --clusters K|auto [options]

Split an image into K regions with spectral clustering (normalized graph cuts) and
write the result as a PNG (or a CSV table of the regions).

  INPUT                  PNG (8/16-bit, palette, gray+alpha), JPEG, TIFF, WebP or GIF
  --clusters K|auto      number of regions (1..${MAX_CLUSTERS}), or auto to pick it from the eigengap
  --max-clusters N       upper bound for --clusters auto (default 10)
  --mask MASK            image of the same size; non-zero opaque pixels are segmented,
                         the rest is labelled 0 (default: the whole image)
  --out FILE             output file (default: next to INPUT, e.g. coins.labels.png);
                         an existing output is replaced, INPUT and MASK never are
  --format F             labels  (gray PNG of label ids, 0 outside the mask; default)
                         color   (one colour per region, outside transparent)
                         overlay (the image with region boundaries drawn)
                         regions (CSV, a row per region: pixels, share of the mask,
                                  centroid, bounding box, mean gray or colour)
  --beta B               edge weight exp(-B * d / std(d)) + eps (default 1)
  --eps E                added to every edge weight (default 0)
  --connectivity 4|8     pixel neighbourhood (default 4)
  --assign M             kmeans (default), discretize or cluster_qr
  --seed S               seed of the eigensolver start vector and k-means (default 0)
  --gray                 segment a colour image by its luminance
  --max-pixels N         segment a downscaled copy when the image (or mask) is larger
  --json                 print one JSON object with the results on stdout
  --help                 show this help

Exit status: 0 success, 1 runtime error (unreadable file, bad image...), 2 usage error.
Progress goes to stderr.`;

const VALUE_OPTIONS = new Set(['--mask', '--clusters', '--max-clusters', '--out', '--format', '--beta', '--eps', '--connectivity', '--assign', '--seed', '--max-pixels']);
const FLAG_OPTIONS = new Set(['--gray', '--json', '--help']);
const FORMATS: readonly OutputFormat[] = ['labels', 'color', 'overlay', 'regions'];
const ASSIGN: readonly AssignMethod[] = ['kmeans', 'discretize', 'cluster_qr'];

class UsageError extends Error {}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function number(option: string, text: string): number {
  if (!DECIMAL.test(text)) throw new UsageError(`${option} needs a number, got '${text}'`);
  const v = Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`${option} needs a finite number, got '${text}'`);
  return v;
}

function integer(option: string, text: string, min: number, max: number): number {
  const v = number(option, text);
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${option} must be an integer from ${min} to ${max}, got '${text}'`);
  return v;
}

function choice<T extends string>(option: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${option} must be one of ${allowed.join(', ')}, got '${text}'`);
  return text as T;
}

export function parseArgs(argv: readonly string[]): ParseResult {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  try {
    return { kind: 'run', options: parse(argv) };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'error', message: err.message };
    throw err;
  }
}

function parse(argv: readonly string[]): CliOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositional || !arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositional = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAG_OPTIONS.has(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option ${name} (see --help)`);
    let value: string;
    if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      // A following option is not a value ("--out --json"), but a negative number is ("--eps -1" is then refused by range).
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${name} needs a value`);
      value = next;
      i++;
    }
    if (values.has(name)) throw new UsageError(`${name} is given twice`);
    values.set(name, value);
  }

  if (positional.length === 0) throw new UsageError('missing INPUT image (see --help)');
  if (positional.length > 1) throw new UsageError(`only one INPUT image is accepted, got ${positional.length}: ${positional.join(' ')}`);
  const input = positional[0]!;
  if (input === '') throw new UsageError('INPUT is an empty path');

  const clustersText = values.get('--clusters');
  if (clustersText === undefined) throw new UsageError("--clusters is required: a number of regions or 'auto'");
  const clusters = clustersText === 'auto' ? 'auto' : integer('--clusters', clustersText, 1, MAX_CLUSTERS);

  const options: CliOptions = {
    input,
    clusters,
    format: 'labels',
    gray: flags.has('--gray'),
    json: flags.has('--json'),
  };
  for (const [name, text] of values) {
    switch (name) {
      case '--mask':
        if (text === '') throw new UsageError('--mask is an empty path');
        options.mask = text;
        break;
      case '--out':
        if (text === '') throw new UsageError('--out is an empty path');
        options.out = text;
        break;
      case '--format':
        options.format = choice(name, text, FORMATS);
        break;
      case '--max-clusters':
        options.maxClusters = integer(name, text, 2, MAX_CLUSTERS);
        break;
      case '--beta': {
        const v = number(name, text);
        if (!(v > 0)) throw new UsageError(`--beta must be positive, got '${text}'`);
        options.beta = v;
        break;
      }
      case '--eps': {
        const v = number(name, text);
        if (v < 0) throw new UsageError(`--eps must be zero or positive, got '${text}'`);
        options.eps = v;
        break;
      }
      case '--connectivity':
        options.connectivity = Number(choice(name, text, ['4', '8'])) as 4 | 8;
        break;
      case '--assign':
        options.assign = choice(name, text, ASSIGN);
        break;
      case '--seed':
        options.seed = integer(name, text, 0, 2 ** 32 - 1);
        break;
      case '--max-pixels':
        options.maxPixels = integer(name, text, 1, Number.MAX_SAFE_INTEGER);
        break;
    }
  }
  if (options.maxClusters !== undefined && options.clusters !== 'auto') throw new UsageError('--max-clusters only applies to --clusters auto');
  return options;
}
