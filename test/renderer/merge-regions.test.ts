import { describe, expect, it } from 'vitest';
import { mergeLabels } from '../../src-renderer/lib/merge-regions';

describe('merging regions', () => {
  it('makes the chosen labels one region and renumbers the rest without gaps', () => {
    const r = mergeLabels(Int32Array.from([0, 1, 2, 3, 4, 2, 4, 0]), 4, [2, 4]);
    expect([...r.labels]).toEqual([0, 1, 2, 3, 2, 2, 2, 0]);
    expect(r.clusters).toBe(3);
    const first = mergeLabels(Int32Array.from([1, 2, 3, 3]), 3, [3, 1]);
    expect([...first.labels, first.clusters]).toEqual([1, 2, 1, 1, 2]);
  });

  it('ignores labels that are not regions of the result', () => {
    const r = mergeLabels(Int32Array.from([1, 2, 3]), 3, [2, 3, 9, 0]);
    expect([...r.labels, r.clusters]).toEqual([1, 2, 2, 2]);
  });
});
