import { T } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { hashValue } from './murmur3.js';

describe("Spark's Murmur3Hash (seed 42)", () => {
  it('hash(1) = -559580957', () => {
    expect(hashValue(T.int, 1, 42)).toBe(-559580957);
  });
  it("hash('Spark', array(123), 2) = -1321691492 (Spark docs)", () => {
    let h = hashValue(T.string, 'Spark', 42);
    h = hashValue(T.array(T.int), [123], h);
    h = hashValue(T.int, 2, h);
    expect(h).toBe(-1321691492);
  });
});
