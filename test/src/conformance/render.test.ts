import { describe, expect, it } from 'vitest';
import { T, batchFromRows } from '@flint/common';
import { renderRows } from './render.js';

describe('renderRows', () => {
  it('renders rows in golden form, tab-joined', () => {
    // limit.sql: SELECT * FROM mapdata LIMIT 2 -> {1:"a1",2:"b1",...}; NULL at top level.
    const schema = T.struct([
      T.field('m', T.map(T.int, T.string)),
      T.field('d', T.double),
      T.field('s', T.string),
    ]);
    const batch = batchFromRows(
      schema.fields.map((f) => f.dataType),
      [
        [{ keys: [1, 2], values: ['a1', 'b1'] }, 1, 'x'],
        [null, 0.0001, null],
      ],
    );
    expect(renderRows(schema, [batch], { timeZone: 'America/Los_Angeles' })).toEqual([
      '{1:"a1",2:"b1"}\t1.0\tx',
      'NULL\t1.0E-4\tNULL',
    ]);
  });
});
