// Packed string columns: which columns are packed, and that unpacking gives the same rows back.
import { describe, expect, it } from 'vitest';
import type { Vector } from './batch.js';
import { isPackedStrings, packBatch, packColumn, unpackBatch, unpackColumn } from './stored-batch.js';

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

  it('leaves columns of few distinct values, short columns and other types as they are', () => {
    const few = strings(Array.from({ length: 5000 }, (_, i) => ['MAIL', 'SHIP', 'AIR'][i % 3]!));
    expect(packColumn(few)).toBe(few);
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
