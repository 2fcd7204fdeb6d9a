import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type SegmentParams } from '../../src-main/api';
import { downscaleFactor, hasErrors, sanitizeParams, validateParams } from '../../src-renderer/lib/params';

const ok: SegmentParams = { ...DEFAULT_PARAMS };

describe('validateParams', () => {
  it('accepts the defaults and Auto', () => {
    expect(validateParams(ok)).toEqual({});
    expect(validateParams({ ...ok, clusters: 'auto' })).toEqual({});
    expect(hasErrors(validateParams({ ...ok, clusters: 64, assign: 'cluster_qr', connectivity: 8 }))).toBe(false);
  });

  it('rejects each bad field with a message keyed by the field', () => {
    expect(Object.keys(validateParams({ ...ok, clusters: 1 }))).toEqual(['clusters']);
    expect(Object.keys(validateParams({ ...ok, clusters: 65 }))).toEqual(['clusters']);
    expect(Object.keys(validateParams({ ...ok, clusters: 3.5 }))).toEqual(['clusters']);
    expect(Object.keys(validateParams({ ...ok, clusters: Number.NaN }))).toEqual(['clusters']);
    expect(Object.keys(validateParams({ ...ok, beta: 0 }))).toEqual(['beta']);
    expect(Object.keys(validateParams({ ...ok, beta: Number.POSITIVE_INFINITY }))).toEqual(['beta']);
    expect(Object.keys(validateParams({ ...ok, eps: -0.1 }))).toEqual(['eps']);
    expect(Object.keys(validateParams({ ...ok, connectivity: 6 as 4 }))).toEqual(['connectivity']);
    expect(Object.keys(validateParams({ ...ok, assign: 'spectral' as 'kmeans' }))).toEqual(['assign']);
    expect(Object.keys(validateParams({ ...ok, seed: -1 }))).toEqual(['seed']);
    expect(Object.keys(validateParams({ ...ok, maxPixels: 999 }))).toEqual(['maxPixels']);
    expect(validateParams({ ...ok, clusters: 1 }).clusters).toBe('Choose a whole number of regions from 2 to 64, or Auto.');
  });

  it('asks for a bigger mask when k is not smaller than the masked pixel count', () => {
    expect(validateParams({ ...ok, clusters: 4 }, 4).clusters).toBe('The mask has only 4 pixels: paint more or choose fewer regions.');
    expect(validateParams({ ...ok, clusters: 2 }, 2).clusters).toBe('The mask has only 2 pixels: paint more.');
    expect(validateParams({ ...ok, clusters: 9 }, 9, true).clusters).toBe('The image has only 9 pixels: choose fewer regions.');
    expect(validateParams({ ...ok, clusters: 2 }, 1, true).clusters).toBe('The image has only 1 pixel: too small to split into regions.');
    expect(validateParams({ ...ok, clusters: 8 }, 9, true)).toEqual({});
    expect(validateParams({ ...ok, clusters: 4 }, 5)).toEqual({});
  });
});

describe('sanitizeParams', () => {
  it('keeps valid stored fields and replaces broken ones by defaults', () => {
    const p = sanitizeParams({ clusters: 7, beta: -3, seed: 42, assign: 'discretize', junk: 1, eigenvectorImages: 3 }, DEFAULT_PARAMS);
    expect(p).toEqual({ ...DEFAULT_PARAMS, clusters: 7, seed: 42, assign: 'discretize', eigenvectorImages: 3 });
    expect(sanitizeParams(null, DEFAULT_PARAMS)).toEqual(DEFAULT_PARAMS);
    expect(sanitizeParams('x', DEFAULT_PARAMS)).toEqual(DEFAULT_PARAMS);
  });
});

describe('downscaleFactor', () => {
  it('is 1 up to the working resolution and the rounded-up side ratio above it', () => {
    expect(downscaleFactor(1000, 1000, 1_000_000)).toBe(1);
    expect(downscaleFactor(2000, 2000, 1_000_000)).toBe(2);
    expect(downscaleFactor(2001, 2000, 1_000_000)).toBe(3);
    expect(downscaleFactor(384, 303, 29088)).toBe(2);
    // The engine reported "1/4 resolution (96x76)" for coins at 10 000 pixels.
    expect(downscaleFactor(384, 303, 10_000)).toBe(4);
  });
});
