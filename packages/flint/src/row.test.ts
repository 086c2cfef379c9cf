import { describe, expect, it } from 'vitest';
import { batchFromRows, T } from '@flint/common';
import { isRow, makeRow, rowsFromBatches, toUserValue, type Row } from './row.js';

describe('Row', () => {
  const schema = T.struct([T.field('id', T.long), T.field('name', T.string)]);

  it('gives access by name, index and as a dict', () => {
    const r = makeRow(schema, [1n, 'Alice']);
    expect(r.id).toBe(1n);
    expect(r['name']).toBe('Alice');
    expect(r.get(1)).toBe('Alice');
    expect(r.get('id')).toBe(1n);
    expect(r.asDict()).toEqual({ id: 1n, name: 'Alice' });
    expect(Object.keys(r)).toEqual(['id', 'name']);
    expect(r.length).toBe(2);
    expect(String(r)).toBe("Row(id=1, name='Alice')");
    expect(Object.isFrozen(r)).toBe(true);
    expect(isRow(r)).toBe(true);
  });

  it('converts internal values to the documented JS values', () => {
    expect(toUserValue(19723, T.date)).toBe('2024-01-01');
    expect(toUserValue(-1, T.date)).toBe('1969-12-31');
    expect(toUserValue(1250n, T.decimal(10, 2))).toBe('12.50');
    expect(toUserValue(-5n, T.decimal(10, 2))).toBe('-0.05');
    expect(toUserValue(1704067200000000n, T.timestamp)).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(toUserValue(-1n, T.timestamp)).toEqual(new Date(-1));
    const m = toUserValue({ keys: ['a'], values: [1] }, T.map(T.string, T.int)) as Map<string, number>;
    expect([...m]).toEqual([['a', 1]]);
    const s = toUserValue([1, 'x'], T.struct([T.field('n', T.int), T.field('s', T.string)])) as Row;
    expect(s.asDict()).toEqual({ n: 1, s: 'x' });
    expect(toUserValue([19723, null], T.array(T.date))).toEqual(['2024-01-01', null]);
  });

  it('reads rows from result batches', () => {
    const b = batchFromRows(
      [T.long, T.string],
      [
        [1n, 'Alice'],
        [2n, null],
      ],
    );
    const rows = rowsFromBatches(schema, [b]);
    expect(rows.map((r) => r.asDict())).toEqual([
      { id: 1n, name: 'Alice' },
      { id: 2n, name: null },
    ]);
  });
});
