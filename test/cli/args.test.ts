import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src-main/cli/args';
import { defaultOutputPath } from '../../src-main/cli/output-path';

const run = (argv: string[]) => {
  const r = parseArgs(argv);
  if (r.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(r)}`);
  return r.options;
};
const error = (argv: string[]) => {
  const r = parseArgs(argv);
  if (r.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.message;
};

describe('parseArgs', () => {
  it('reads every option, in both --name value and --name=value forms', () => {
    expect(
      run(['in.png', '--mask', 'm.png', '--clusters=6', '--out', 'o.png', '--format', 'overlay', '--beta', '2.5', '--eps=1e-6', '--connectivity', '8', '--assign', 'cluster_qr', '--seed', '42', '--gray', '--max-pixels', '40000', '--json']),
    ).toEqual({
      input: 'in.png',
      mask: 'm.png',
      clusters: 6,
      out: 'o.png',
      format: 'overlay',
      beta: 2.5,
      eps: 1e-6,
      connectivity: 8,
      assign: 'cluster_qr',
      seed: 42,
      gray: true,
      maxPixels: 40000,
      json: true,
    });
  });

  it('defaults: labels format, colour, no json; auto clusters with a bound', () => {
    expect(run(['--clusters', 'auto', 'x.tif', '--max-clusters', '7'])).toEqual({ input: 'x.tif', clusters: 'auto', maxClusters: 7, format: 'labels', gray: false, json: false });
  });

  it('-- ends the options so a file may start with a dash', () => {
    expect(run(['--clusters', '2', '--', '-odd.png']).input).toBe('-odd.png');
  });

  it('--help wins over everything else', () => {
    expect(parseArgs(['--bogus', '--help']).kind).toBe('help');
    expect(parseArgs(['-h']).kind).toBe('help');
  });

  it.each([
    [[], 'missing INPUT image (see --help)'],
    [['a.png'], "--clusters is required: a number of regions or 'auto'"],
    [['a.png', 'b.png', '--clusters', '2'], 'only one INPUT image is accepted, got 2: a.png b.png'],
    [['a.png', '--clusters', '0'], "--clusters must be an integer from 1 to 65535, got '0'"],
    [['a.png', '--clusters', '2.5'], "--clusters must be an integer from 1 to 65535, got '2.5'"],
    [['a.png', '--clusters', '70000'], "--clusters must be an integer from 1 to 65535, got '70000'"],
    [['a.png', '--clusters', 'many'], "--clusters needs a number, got 'many'"],
    [['a.png', '--clusters', '3', '--frobnicate'], 'unknown option --frobnicate (see --help)'],
    [['a.png', '--clusters', '3', '--beta', 'abc'], "--beta needs a number, got 'abc'"],
    [['a.png', '--clusters', '3', '--beta', '0'], "--beta must be positive, got '0'"],
    [['a.png', '--clusters', '3', '--beta', 'Infinity'], "--beta needs a number, got 'Infinity'"],
    [['a.png', '--clusters', '3', '--eps', '-1'], "--eps must be zero or positive, got '-1'"],
    [['a.png', '--clusters', '3', '--connectivity', '6'], "--connectivity must be one of 4, 8, got '6'"],
    [['a.png', '--clusters', '3', '--assign', 'spectral'], "--assign must be one of kmeans, discretize, cluster_qr, got 'spectral'"],
    [['a.png', '--clusters', '3', '--format', 'jpeg'], "--format must be one of labels, color, overlay, regions, got 'jpeg'"],
    [['a.png', '--clusters', '3', '--seed', '-2'], "--seed must be an integer from 0 to 4294967295, got '-2'"],
    [['a.png', '--clusters', '3', '--max-pixels', '1e3.5'], "--max-pixels needs a number, got '1e3.5'"],
    [['a.png', '--clusters', '3', '--mask'], '--mask needs a value'],
    [['a.png', '--clusters', '3', '--out', '--json'], '--out needs a value'],
    [['a.png', '--clusters', '3', '--clusters', '4'], '--clusters is given twice'],
    [['a.png', '--clusters', '3', '--json=yes'], '--json takes no value'],
    [['a.png', '--clusters', '3', '--max-clusters', '5'], '--max-clusters only applies to --clusters auto'],
  ])('%j -> %s', (argv, message) => {
    expect(error(argv)).toBe(message);
  });
});

describe('defaultOutputPath', () => {
  it('puts <stem>.<format>.png (the region table .csv) next to the input, never the input itself', () => {
    expect(defaultOutputPath('/data/coins.png', 'regions')).toBe('/data/coins.regions.csv');
    expect(defaultOutputPath('coins.png', 'labels')).toBe('coins.labels.png');
    expect(defaultOutputPath('/data/a/coins.png', 'color')).toBe('/data/a/coins.color.png');
    expect(defaultOutputPath('shots/x.tif', 'overlay')).toBe('shots/x.overlay.png');
    expect(defaultOutputPath('coins.labels.png', 'labels')).toBe('coins.labels.labels.png');
    expect(defaultOutputPath('noext', 'labels')).toBe('noext.labels.png');
  });
});
