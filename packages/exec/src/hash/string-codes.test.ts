import { T, getValue, vectorFromValues, type Vector } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { undecodedDictionary } from '../test-support.js';
import { hashString } from './hash-kernels.js';
import { createStringCodes } from './string-codes.js';

const coded = undecodedDictionary;
const decoded = (v: Vector): unknown[] => Array.from({ length: v.length }, (_, i) => getValue(v, i));
/** Each plain row's hashString, as the key store keeps them (dictionary rows are not read). */
const hashesOf = (v: Vector): Int32Array =>
  Int32Array.from({ length: v.length }, (_, i) =>
    v.dictionary ? 0 : hashString(String(getValue(v, i) ?? '')),
  );

describe('StringCodes', () => {
  it('codes keys read from several dictionaries in one dictionary of distinct values', () => {
    const codes = createStringCodes();
    // Two dictionaries holding the same strings in other orders, and a NULL row (any code).
    const a = coded(['x', 'y', 'z'], [0, 1, 2, 0, 2], [0, 0, 0, 0, 1]);
    const b = coded(['z', 'x', 'w', 'y'], [0, 1, 2, 3, 0]);
    const expected: (string | null)[] = [];
    const nulls: number[] = [];
    let id = 0;
    for (let round = 0; round < 4; round++)
      for (const v of [a, b])
        for (let i = 0; i < v.length; i++) {
          codes.add(v, i, id++, hashesOf(v));
          const isNull = v.nulls?.[i] === 1;
          nulls.push(isNull ? 1 : 0);
          expected.push(isNull ? null : v.dictionary!.values[v.dictionary!.codes[i]!]!);
        }
    const out = codes.vector(T.string, id, Uint8Array.from(nulls));
    expect(out?.dictionary).toBeDefined();
    // x, y, z, '' (the NULL rows), w: each once, however many dictionaries brought it.
    expect([...out!.dictionary!.values].sort()).toEqual(['', 'w', 'x', 'y', 'z']);
    expect(decoded(out!)).toEqual(expected);
  });

  it('makes no dictionary when the keys repeat too little for one to pay', () => {
    const codes = createStringCodes();
    const v = coded(['p', 'q', 'r'], [0, 1, 2, 0, 1]);
    for (let i = 0; i < v.length; i++) codes.add(v, i, i, hashesOf(v));
    // 5 keys over 3 values: fewer than 4 keys a value.
    expect(codes.vector(T.string, 5, null)).toBeNull();
  });

  it('gives up on keys that are mostly distinct, and on keys mostly from plain strings', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    const distinct = createStringCodes();
    const v = coded(
      many,
      Array.from({ length: 5000 }, (_, i) => i),
    );
    const vh = hashesOf(v);
    for (let i = 0; i < 5000; i++) distinct.add(v, i, i, vh);
    expect(distinct.vector(T.string, 5000, null)).toBeNull();
    expect(distinct.byteSize()).toBe(0);

    // Few values, but read as plain strings: each would hash its string.
    const plain = createStringCodes();
    const p = vectorFromValues(
      T.string,
      Array.from({ length: 2000 }, (_, i) => `v${i % 3}`),
    );
    const ph = hashesOf(p);
    for (let i = 0; i < 2000; i++) plain.add(p, i, i, ph);
    expect(plain.vector(T.string, 2000, null)).toBeNull();
  });

  it('codes a few plain strings among dictionary rows', () => {
    const codes = createStringCodes();
    const d = coded(
      ['a', 'b'],
      Array.from({ length: 40 }, (_, i) => i % 2),
    );
    const p = vectorFromValues(T.string, ['b', 'c', 'a']);
    for (let i = 0; i < 40; i++) codes.add(d, i, i, hashesOf(d));
    for (let i = 0; i < 3; i++) codes.add(p, i, 40 + i, hashesOf(p));
    const out = codes.vector(T.string, 43, null)!;
    expect([...out.dictionary!.values].sort()).toEqual(['a', 'b', 'c']);
    expect(decoded(out).slice(38)).toEqual(['a', 'b', 'b', 'c', 'a']);
  });
});
