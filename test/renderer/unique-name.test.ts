import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../src-renderer/state/workspace.svelte';

describe('names of open images', () => {
  it('numbers a name already taken before its extension, from 2, skipping numbers taken too', () => {
    expect(uniqueName('coins.png', new Set())).toBe('coins.png');
    expect(uniqueName('coins.png', new Set(['coins.png']))).toBe('coins-2.png');
    expect(uniqueName('coins.png', new Set(['coins.png', 'coins-2.png', 'coins-3.png']))).toBe('coins-4.png');
    expect(uniqueName('photo.tar.gz', new Set(['photo.tar.gz']))).toBe('photo.tar-2.gz');
    expect(uniqueName('README', new Set(['README']))).toBe('README-2');
    expect(uniqueName('.hidden', new Set(['.hidden']))).toBe('.hidden-2');
  });
});
