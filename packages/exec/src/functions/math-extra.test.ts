// Unit tests of the math/misc kernels' exact algorithms against values Spark produces.

import { describe, expect, it } from 'vitest';
import { nextDouble, nextGaussian, widthBucket, xorShiftRandom } from './math-extra.js';
import { roundDouble, roundUnscaled } from './math-arith.js';
import { xxhash64Value } from './misc-xxhash64.js';
import { hashValue } from '../operators/murmur3.js';

describe('XORShiftRandom', () => {
  it('rand(0) on partition 0 starts as in Spark', () => {
    // SELECT rand(0) -> 0.7604953758285915 (table-valued-functions.sql golden file)
    expect(nextDouble(xorShiftRandom(0n))).toBe(0.7604953758285915);
  });
  it('keeps its sequence across draws', () => {
    // group-by-ordinal.sql: rand(0) over three rows of one partition
    const r = xorShiftRandom(0n);
    const got = [nextDouble(r), nextDouble(r), nextDouble(r)].sort();
    expect(got).toEqual([0.0953472826424725, 0.5234194256885571, 0.7604953758285915]);
  });
  it('randn(0) as in the Spark docs', () => {
    expect(nextGaussian(xorShiftRandom(0n))).toBe(1.6034991609278433);
  });
});

describe('rounding', () => {
  it('rounds decimals with Java rounding modes', () => {
    expect(roundUnscaled(25n, 1, 0, 'HALF_UP')).toBe(3n);
    expect(roundUnscaled(25n, 1, 0, 'HALF_EVEN')).toBe(2n);
    expect(roundUnscaled(-35n, 2, 1, 'CEILING')).toBe(-3n);
    expect(roundUnscaled(-35n, 2, 1, 'FLOOR')).toBe(-4n);
    expect(roundUnscaled(-35n, 0, -1, 'CEILING')).toBe(-30n);
    expect(roundUnscaled(314115n, 5, -3, 'CEILING')).toBe(1000n);
  });
  it('rounds doubles through their decimal text', () => {
    expect(roundDouble(2.5, 0, 'HALF_UP')).toBe(3);
    expect(roundDouble(-34.84, 0, 'HALF_UP')).toBe(-35);
    expect(roundDouble(0.125, 2, 'HALF_UP')).toBe(0.13);
    expect(roundDouble(2.5, 0, 'HALF_EVEN')).toBe(2);
    expect(roundDouble(1.2345678901234e-200, 0, 'HALF_UP')).toBe(0);
  });
});

describe('width_bucket', () => {
  it('follows WidthBucket.computeBucketNumber', () => {
    expect(widthBucket(5.3, 0.2, 10.6, 5n)).toBe(3n);
    expect(widthBucket(5, 3, 4, 0n)).toBe(null);
    expect(widthBucket(Infinity, 1, 10, 10n)).toBe(11n);
    expect(widthBucket(-Infinity, 1, 10, 10n)).toBe(0n);
    expect(widthBucket(0, Infinity, 5, 10n)).toBe(null);
  });
});

describe('hash and xxhash64', () => {
  // Spark docs: SELECT hash('Spark', array(123), 2) -> -1321691492; xxhash64(...) -> 5602566077635097486
  const types = [
    { kind: 'string' },
    { kind: 'array', elementType: { kind: 'integer' }, containsNull: true },
    { kind: 'integer' },
  ] as const;
  const values = ['Spark', [123], 2] as const;
  it('folds Murmur3 over the arguments from seed 42', () => {
    let h = 42;
    types.forEach((t, i) => (h = hashValue(t, values[i]!, h)));
    expect(h).toBe(-1321691492);
  });
  it('folds XXH64 over the arguments from seed 42', () => {
    let h = 42n;
    types.forEach((t, i) => (h = xxhash64Value(t, values[i]!, h)));
    expect(h).toBe(5602566077635097486n);
  });
});
