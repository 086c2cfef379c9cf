import { describe, expect, it } from 'vitest';
import { bloomInsert, bloomSelect, createBloomFilter } from './bloom-filter.js';
import { fmix32 } from './hash-kernels.js';

const hashesOf = (from: number, n: number): Int32Array =>
  Int32Array.from({ length: n }, (_, i) => fmix32(from + i));

describe('split block Bloom filter', () => {
  it('finds every key added and few others, at about the rate its size gives', () => {
    const keys = 100_000;
    const f = createBloomFilter(keys);
    // 8 bits a key, rounded up to a power of two of 256-bit blocks.
    expect(f.words.length * 32).toBeGreaterThanOrEqual(keys * 8);
    bloomInsert(f, hashesOf(0, keys), keys, null);
    const out = new Int32Array(keys);
    expect(bloomSelect(f, hashesOf(0, keys), keys, null, out)).toBe(keys);
    const others = bloomSelect(f, hashesOf(1_000_000, keys), keys, null, out) / keys;
    expect(others).toBeGreaterThan(0);
    expect(others).toBeLessThan(0.05);
  });

  it('leaves out skipped rows on both sides and lists the rest in order', () => {
    const f = createBloomFilter(4);
    const h = hashesOf(0, 4);
    bloomInsert(f, h, 4, Uint8Array.of(0, 1, 0, 0));
    const out = new Int32Array(4);
    const n = bloomSelect(f, h, 4, Uint8Array.of(0, 0, 0, 1), out);
    // Row 1 was not added (it may still pass by chance); row 3 is skipped.
    expect([...out.subarray(0, n)].filter((i) => i !== 1)).toEqual([0, 2]);
    expect(out.subarray(0, n).includes(3)).toBe(false);
  });

  it('an empty filter lets nothing through', () => {
    const f = createBloomFilter(0);
    expect(f.blockMask).toBe(0);
    expect(bloomSelect(f, hashesOf(0, 1000), 1000, null, new Int32Array(1000))).toBe(0);
  });
});
