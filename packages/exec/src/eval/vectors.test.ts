// Gathering and slicing a dictionary vector keeps it one (codes moved, strings not made), with the
// rows and NULLs a plain gather gives. A literal's vectors fit each batch (views of the widest made).
import { dictionaryVector, getValue, T, vectorFromValues, type Vector } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { lit, testCtx } from '../test-support.js';
import { compileExpression } from './compile.js';
import { concatVectors, gather, isConstantVector, sliceVector } from './vectors.js';

const dictionary = ['AIR', 'MAIL', 'SHIP'];
const codes = Int32Array.of(2, 0, 1, 1, 0, 2);
const nulls = Uint8Array.of(0, 0, 0, 1, 0, 0);
const rows = ['SHIP', 'AIR', 'MAIL', null, 'AIR', 'SHIP'];

describe('dictionary vectors', () => {
  it('gather moves codes and gives the rows (a -1 index is NULL)', () => {
    const v = dictionaryVector(T.string, nulls, dictionary, codes);
    const idx = Int32Array.of(5, 3, -1, 0, 2);
    const g = gather(v, idx);
    expect(g.dictionary?.values).toBe(dictionary);
    expect(Array.from(g.dictionary!.codes)).toEqual([2, 1, 0, 2, 1]);
    expect(Array.from(g.nulls!)).toEqual([0, 1, 1, 0, 0]);
    const plain = gather(vectorFromValues(T.string, rows), idx);
    expect(Array.from(plain.nulls!)).toEqual(Array.from(g.nulls!));
    const live = (xs: readonly unknown[]) => xs.filter((_, i) => g.nulls![i] === 0);
    expect(live(g.values as string[])).toEqual(live(plain.values as string[]));
    // Without NULLs in the source, a -1 still makes one.
    const noNulls = gather(dictionaryVector(T.string, null, dictionary, codes), Int32Array.of(0, -1));
    expect(Array.from(noNulls.nulls ?? [])).toEqual([0, 1]);
  });

  it('slices codes and NULLs', () => {
    const s = sliceVector(dictionaryVector(T.string, nulls, dictionary, codes), 2, 5);
    expect(Array.from(s.dictionary!.codes)).toEqual([1, 1, 0]);
    expect(Array.from(s.nulls!)).toEqual([0, 1, 0]);
    expect([s.values[0], s.values[2]]).toEqual(['MAIL', 'AIR']);
  });
});

describe('literal vectors', () => {
  it('a literal over batches of changing sizes gives constant vectors of each batch size', () => {
    const cases: [ReturnType<typeof lit>, (v: Vector, i: number) => unknown][] = [
      [lit(7n, T.decimal(12, 2)), (v, i) => (v.values as BigInt64Array)[i]],
      [lit(3, T.int), (v, i) => (v.values as Int32Array)[i]],
      [lit('x', T.string), (v, i) => getValue(v, i)],
      [lit(null, T.double), (v, i) => getValue(v, i)],
    ];
    for (const [e, at] of cases) {
      const evaluate = compileExpression(e, [], testCtx);
      const first = at(evaluate({ numRows: 1, columns: [] }), 0);
      for (const n of [5, 3, 3, 8, 2, 8]) {
        const v = evaluate({ numRows: n, columns: [] });
        expect(v.length).toBe(n);
        expect(isConstantVector(v)).toBe(true);
        if (ArrayBuffer.isView(v.values)) expect(v.values.length).toBe(n);
        for (let i = 0; i < n; i++) expect(at(v, i)).toBe(first);
        expect(v.nulls === null ? 0 : v.nulls.length).toBe(e.value === null ? n : 0);
      }
    }
  });
});

describe('concatVectors', () => {
  it('keeps wide decimals held as 64-bit words in words, and gives bigints for bigint parts', () => {
    const wide = T.decimal(38, 4);
    const words = (xs: bigint[], n: Uint8Array | null = null): Vector => ({
      type: wide,
      length: xs.length,
      values: BigInt64Array.from(xs),
      nulls: n,
    });
    const v = concatVectors(wide, [
      words([1n, -2n]),
      words([3n, 0n], Uint8Array.of(0, 1)),
      words([2n ** 62n]),
    ]);
    expect(v.values).toBeInstanceOf(BigInt64Array);
    expect(Array.from({ length: v.length }, (_, i) => getValue(v, i))).toEqual([
      1n,
      -2n,
      3n,
      null,
      2n ** 62n,
    ]);
    const mixed = concatVectors(wide, [words([5n]), vectorFromValues(wide, [10n ** 30n])]);
    expect(Array.isArray(mixed.values)).toBe(true);
    expect([getValue(mixed, 0), getValue(mixed, 1)]).toEqual([5n, 10n ** 30n]);
  });
});
