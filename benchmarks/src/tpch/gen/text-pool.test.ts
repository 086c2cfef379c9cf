// The text pool: a smaller pool is the prefix of dbgen's 300 MB pool (the build is one sequential
// stream), and the pool is made of the grammar's sentences.

import { describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../runner/paths.js';
import { buildTextPool, loadOrBuildTextPool, textPoolFile } from './text-pool.js';

describe('text pool', () => {
  it('a 1 MB build is the prefix of the full pool', () => {
    const small = buildTextPool(1 << 20);
    expect(small.length).toBe(1 << 20);
    const full = loadOrBuildTextPool(textPoolFile(defaultCacheDir()));
    expect(full.length).toBe(300 * 1024 * 1024);
    expect(Buffer.from(small).equals(Buffer.from(full.subarray(0, 1 << 20)))).toBe(true);
  }, 120_000);

  it('holds sentences of the grammar words, each ending in a terminator', () => {
    const text = Buffer.from(buildTextPool(4096)).toString('latin1');
    expect(text.startsWith('furiously special foxes haggle furiously blithely ironic deposits. ')).toBe(true);
    expect(text).toMatch(/^[a-zA-Z ,.;:?!-]+$/);
  });
});
