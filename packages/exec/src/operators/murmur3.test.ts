import { dictionaryVector, T, vectorFromValues, type DataType, type Value } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { hashBytes, hashUtf8, hashValue, hashVectorInto } from './murmur3.js';

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

describe('hashVectorInto (the vectorized Murmur3 of a shuffle) equals the per-value hash', () => {
  const cases: [DataType, Value[]][] = [
    [T.int, [0, 1, -1, 2147483647, -2147483648, null]],
    [T.long, [0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n, 123456789012345n, null]],
    [T.double, [0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 1e300, null]],
    [T.float, [0, -0, 1.5, NaN, -3.25, null]],
    [T.date, [0, 19000, -5, null]],
    [T.timestamp, [0n, 1700000000000000n, -1n, null]],
    [T.decimal(10, 2), [0n, 12345n, -99999n, null]],
    [T.decimal(30, 2), [0n, 123456789012345678901234n, -5n, null]],
    [T.string, ['', 'a', 'abc', 'abcd', 'abcde', 'Spark', 'héllo wörld', '日本語テキスト', '😀 emoji', null]],
    [T.boolean, [true, false, null]],
    [T.array(T.int), [[1, 2], [], null]],
  ];
  for (const [type, values] of cases) {
    it(type.kind + (type.kind === 'decimal' ? String(type.precision) : ''), () => {
      const v = vectorFromValues(type, values);
      const hashes = new Int32Array(values.length).fill(42);
      hashVectorInto(v, hashes, values.length);
      values.forEach((x, i) => expect(hashes[i]).toBe(x === null ? 42 : hashValue(type, x, 42)));
    });
  }
  it('strings hash their UTF-8 bytes', () => {
    for (const s of ['héllo', '日本語', '😀', 'abcdefg']) {
      expect(hashUtf8(s, 42)).toBe(hashBytes(new TextEncoder().encode(s), 42));
    }
  });
  it('a dictionary column hashes as its strings, from any running hash', () => {
    const check = (values: string[]) => {
      const codes = Int32Array.from({ length: 3 * values.length }, (_, i) => (i * 7) % values.length);
      const nulls = Uint8Array.from(codes, (_, i) => (i % 5 === 2 ? 1 : 0));
      const d = dictionaryVector(T.string, nulls, values, codes);
      const seeds = Int32Array.from(codes, (_, i) => (i % 3 === 0 ? 42 : Math.imul(i, 0x9e3779b1)));
      const hashes = seeds.slice();
      hashVectorInto(d, hashes, codes.length);
      codes.forEach((c, i) =>
        expect(hashes[i]).toBe(nulls[i] === 1 ? seeds[i] : hashUtf8(values[c]!, seeds[i]!)),
      );
    };
    check([
      '',
      'a',
      'abc',
      'abcd',
      'abcde',
      'Spark',
      'héllo wörld',
      '日本語テキスト',
      '😀 emoji',
      'id0000012345',
    ]);
    // A lone surrogate is hashed as Java's '?' by the per-row path.
    check(['ok', 'x\uD800y', 'z']);
  });
});
