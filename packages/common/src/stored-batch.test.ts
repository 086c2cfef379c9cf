// Stored string columns: which columns are packed or dictionary-encoded, and that unpacking gives the
// same rows back.
import { describe, expect, it } from 'vitest';
import { dictionaryVector, packedChars, packedVector, type Vector } from './batch.js';
import {
  dictionaryEncode,
  isDictionaryStrings,
  isPackedStrings,
  packBatch,
  packColumn,
  packPartition,
  unpackBatch,
  unpackColumn,
} from './stored-batch.js';

const strings = (values: string[], nulls: Uint8Array | null = null): Vector => ({
  type: { kind: 'string' },
  length: values.length,
  values,
  nulls,
});

describe('packColumn', () => {
  it('packs a long column of mostly distinct strings and unpacks the same rows, NULLs kept', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? '' : `comment ${i} é 🙂`));
    const nulls = new Uint8Array(5000);
    nulls[3] = 1;
    const packed = packColumn(strings(values, nulls));
    expect(isPackedStrings(packed)).toBe(true);
    const back = unpackColumn(packed);
    expect(back.values).toEqual(values);
    expect(back.nulls).toBe(nulls);
    expect(back.length).toBe(5000);
  });

  it('keeps a column of few distinct values as a dictionary and codes, NULLs kept', () => {
    const values = Array.from({ length: 5000 }, (_, i) => ['MAIL', 'SHIP', 'AIR', 'ÉCLAIR'][(i * 7) % 4]!);
    const nulls = new Uint8Array(5000);
    nulls[10] = 1;
    const withNull: (string | null)[] = [...values];
    withNull[10] = null;
    const stored = packColumn({ type: { kind: 'string' }, length: 5000, values: withNull, nulls });
    expect(isDictionaryStrings(stored)).toBe(true);
    if (!isDictionaryStrings(stored)) return;
    expect([...stored.dictionary].sort()).toEqual(['', 'AIR', 'MAIL', 'SHIP', 'ÉCLAIR']);
    expect(stored.codes.length).toBe(5000);
    const back = unpackColumn(stored);
    expect(back.nulls).toBe(nulls);
    expect(back.values.filter((_, i) => i !== 10)).toEqual(values.filter((_, i) => i !== 10));
  });

  it('gives up a dictionary when more than a quarter of the rows are distinct', () => {
    // Every row of the second half distinct: the sample of the first half cannot see it.
    const values = Array.from({ length: 4000 }, (_, i) => (i < 2000 ? 'same' : `v${i}`));
    expect(dictionaryEncode(strings(values))).toBeNull();
    const quarter = Array.from({ length: 4000 }, (_, i) => `v${i % 1000}`);
    expect(dictionaryEncode(strings(quarter))?.dictionary.length).toBe(1000);
  });

  it('leaves short columns and other types as they are', () => {
    const short = strings(['a', 'b', 'c']);
    expect(packColumn(short)).toBe(short);
    const longs: Vector = {
      type: { kind: 'long' },
      length: 1000,
      values: new BigInt64Array(1000),
      nulls: null,
    };
    expect(packColumn(longs)).toBe(longs);
  });

  it('packs and unpacks whole batches, the same batch when nothing is packed', () => {
    const b = { numRows: 300, columns: [strings(Array.from({ length: 300 }, (_, i) => `row ${i}`))] };
    const stored = packBatch(b);
    expect(isPackedStrings(stored.columns[0]!)).toBe(true);
    expect(unpackBatch(stored).columns[0]!.values).toEqual(b.columns[0]!.values);
    const plain = { numRows: 2, columns: [strings(['x', 'y'])] };
    expect(unpackBatch(packBatch(plain))).toEqual(plain);
  });
});

describe('dictionary vectors', () => {
  it('a stored dictionary is read as its codes, decoded only when its values are read', () => {
    const values = Array.from({ length: 3000 }, (_, i) => ['R', 'A', 'N'][i % 3]!);
    const stored = packColumn(strings(values));
    if (!isDictionaryStrings(stored)) throw new Error('expected a dictionary');
    const v = unpackColumn(stored);
    expect(v.dictionary?.codes).toBe(stored.codes);
    expect(v.dictionary?.values).toBe(stored.dictionary);
    expect(v.values).toEqual(values);
    // Decoded once: the same array on every read.
    expect(v.values).toBe(v.values);
  });

  it('packs a dictionary vector back as its dictionary and codes, whatever its length', () => {
    const short = dictionaryVector(
      { kind: 'string' },
      Uint8Array.of(0, 1, 0),
      ['x', 'y'],
      Int32Array.of(1, 0, 0),
    );
    const stored = packColumn(short);
    expect(isDictionaryStrings(stored)).toBe(true);
    if (!isDictionaryStrings(stored)) return;
    expect([...stored.codes]).toEqual([1, 0, 0]);
    expect(stored.nulls).toEqual(Uint8Array.of(0, 1, 0));
    const back = unpackColumn(stored);
    expect([back.values[0], back.values[2]]).toEqual(['y', 'x']);
    // A vector over the first rows of longer codes keeps only its own rows.
    const prefix = dictionaryVector({ kind: 'string' }, null, ['a', 'b'], Int32Array.of(1, 1, 0, 0), 2);
    const kept = packColumn(prefix);
    expect(isDictionaryStrings(kept) && [...kept.codes]).toEqual([1, 1]);
  });
});

describe('packPartition', () => {
  const ids = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `id${String(((from + i) * 7919) % 1500).padStart(6, '0')}`);

  it('shares one dictionary among the batches of a column whose values repeat across them', () => {
    // 1500 values over 4 batches of 2000 rows: each batch alone has too many for a dictionary of its own.
    const batches = [0, 1, 2, 3].map((k) => ({ numRows: 2000, columns: [strings(ids(2000 * k, 2000))] }));
    batches[1]!.columns[0] = strings(
      ids(2000, 2000),
      Uint8Array.from({ length: 2000 }, (_, i) => (i % 9 === 0 ? 1 : 0)),
    );
    const stored = packPartition(batches);
    const dictionaries = stored.map((b) => {
      const c = b.columns[0]!;
      return isDictionaryStrings(c) ? c.dictionary : null;
    });
    expect(dictionaries[0]).not.toBeNull();
    expect(dictionaries.every((d) => d === dictionaries[0])).toBe(true);
    expect(dictionaries[0]!.length).toBe(1500);
    stored.forEach((b, k) => {
      const back = unpackColumn(b.columns[0]!);
      expect(back.nulls).toBe(batches[k]!.columns[0]!.nulls);
      expect(back.values).toEqual(batches[k]!.columns[0]!.values);
    });
  });

  it('encodes packed batches (as a cache receives them) by their characters, to the same rows', () => {
    // Values of different lengths, some sharing a hash's prefix, NULL rows among them.
    const values = (from: number) => Array.from({ length: 2000 }, (_, i) => `v${((from + i) * 31) % 700}`);
    const nulls = Uint8Array.from({ length: 2000 }, (_, i) => (i % 13 === 0 ? 1 : 0));
    const packedColumn = (xs: string[]): Vector => {
      const offsets = new Int32Array(xs.length + 1);
      xs.forEach((x, i) => (offsets[i + 1] = offsets[i]! + (nulls[i] === 1 ? 0 : x.length)));
      const chars = xs.filter((_, i) => nulls[i] === 0).join('');
      return packedVector({ kind: 'string' }, nulls, packedChars(chars, offsets, xs.length), xs.length);
    };
    const stored = packPartition(
      [0, 1, 2].map((k) => ({ numRows: 2000, columns: [packedColumn(values(2000 * k))] })),
    );
    const first = stored[0]!.columns[0]!;
    expect(isDictionaryStrings(first) && first.dictionary.length).toBe(701);
    stored.forEach((b, k) => {
      const c = b.columns[0]!;
      expect(isDictionaryStrings(c) && c.dictionary).toBe(isDictionaryStrings(first) && first.dictionary);
      const back = unpackColumn(c);
      expect(back.nulls).toBe(nulls);
      const want = values(2000 * k);
      for (let i = 0; i < 2000; i++) if (nulls[i] === 0) expect(back.values[i]).toBe(want[i]);
    });
  });

  it('packs batch by batch a column whose sampled values do not repeat, and leaves other columns', () => {
    const distinct = (k: number) => strings(Array.from({ length: 2000 }, (_, i) => `note ${k}-${i}`));
    const ints: Vector = {
      type: { kind: 'integer' },
      length: 2000,
      values: new Int32Array(2000),
      nulls: null,
    };
    const stored = packPartition([0, 1].map((k) => ({ numRows: 2000, columns: [distinct(k), ints] })));
    expect(stored.every((b) => isPackedStrings(b.columns[0]!))).toBe(true);
    expect(stored.every((b) => b.columns[1] === ints)).toBe(true);
  });
});
