// Spark <-> Arrow type mapping (Spark's ArrowUtils) and batch conversion both ways, through Arrow IPC.
import { tableFromIPC, tableToIPC, TimeUnit, Type, type Timestamp, type Decimal } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  arrowToBatch,
  batchesToTable,
  batchToArrow,
  fromArrowSchema,
  fromArrowType,
  toArrowType,
} from './arrow.js';
import { batchFromRows, batchToRows, type Value } from './batch.js';
import { T } from './data-type.js';
import { parseDDLSchema } from './ddl.js';
import { catalogString } from './type-names.js';

describe('toArrowType / fromArrowType', () => {
  it('maps as Spark ArrowUtils does', () => {
    expect(toArrowType(T.int).typeId).toBe(Type.Int);
    expect(toArrowType(T.string).typeId).toBe(Type.Utf8);
    const d = toArrowType(T.decimal(10, 2)) as Decimal;
    expect([d.precision, d.scale, d.bitWidth]).toEqual([10, 2, 128]);
    const ts = toArrowType(T.timestamp) as Timestamp;
    expect([ts.unit, ts.timezone]).toEqual([TimeUnit.MICROSECOND, 'UTC']);
    expect((toArrowType(T.timestampNtz) as Timestamp).timezone ?? null).toBeNull();
    expect(toArrowType(T.dayTimeInterval()).typeId).toBe(Type.Duration);
    expect(toArrowType(T.null).typeId).toBe(Type.Null);
  });
  it('round-trips every type', () => {
    const schema = parseDDLSchema(
      'a tinyint, b smallint, c int, d bigint, e float, f double, g decimal(10,2), h decimal(38,6), i string, j binary, ' +
        'k boolean, l date, m timestamp, n timestamp_ntz, o interval year to month, p interval day to second, ' +
        'q array<int>, r map<string,array<int>>, s struct<x:int,y:string>, t void',
    );
    for (const f of schema.fields) {
      expect(catalogString(fromArrowType(toArrowType(f.dataType)))).toBe(catalogString(f.dataType));
    }
  });
});

describe('batchToArrow / arrowToBatch', () => {
  it('keeps values, nulls and nested data through IPC', () => {
    const schema = parseDDLSchema(
      'a INT, b DECIMAL(10,2), c ARRAY<STRING>, d MAP<STRING,INT>, e STRUCT<x: INT, y: STRING>, f DECIMAL(30,3), ' +
        'g TIMESTAMP, h DATE, i BINARY, j BOOLEAN, k INTERVAL DAY TO SECOND, l INTERVAL YEAR TO MONTH, m DOUBLE, n BIGINT NOT NULL',
    );
    const rows: Value[][] = [
      [
        1,
        12345n,
        ['x', null],
        { keys: ['k1', 'k2'], values: [1, null] },
        [1, 's'],
        -123456789012345678901234567n,
        1600000000123456n,
        18000,
        new Uint8Array([1, 2]),
        true,
        -90061000001n,
        14,
        1.5,
        -5n,
      ],
      [null, null, null, null, null, null, null, null, null, null, null, null, null, 0n],
      [
        3,
        -1n,
        [],
        { keys: [], values: [] },
        [null, null],
        0n,
        -1n,
        -1,
        new Uint8Array(0),
        false,
        0n,
        -1,
        NaN,
        9223372036854775807n,
      ],
    ];
    const batch = batchFromRows(
      schema.fields.map((f) => f.dataType),
      rows,
    );
    const rb = batchToArrow(batch, schema);
    expect(rb.numRows).toBe(3);
    expect(rb.schema.fields[13]!.nullable).toBe(false);
    const table = tableFromIPC(tableToIPC(batchesToTable([batch, batch], schema)));
    expect(table.numRows).toBe(6);
    expect(catalogString(fromArrowSchema(table.schema))).toBe(catalogString(schema));
    const back = batchToRows(arrowToBatch(table.batches[0]!));
    expect(back.slice(0, 3)).toEqual(rows);
    // Arrow's own reader sees the same values.
    expect(table.getChild('f')!.get(0)).toBeDefined();
    expect(table.getChild('c')!.get(0)!.toArray()).toEqual(['x', null]);
    expect(table.getChild('n')!.get(2)).toBe(9223372036854775807n);
  });
  it('writes one vector held by two columns to IPC whole (each column its own copy)', () => {
    const schema = T.struct([
      T.field('a', T.long),
      T.field('b', T.long),
      T.field('c', T.double),
      T.field('d', T.double),
    ]);
    const [a] = batchFromRows([T.long], [[1n], [2n], [3n]]).columns;
    const whole = new Float64Array([1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
    // a twice (no NULLs: nothing is written between its two values buffers); c a view of other
    // memory of one buffer.
    const c = { type: T.double, length: 3, values: whole.subarray(3), nulls: null };
    const d = { type: T.double, length: 3, values: whole.subarray(0, 3), nulls: null };
    const batch = { numRows: 3, columns: [a!, a!, c, d] };
    const table = tableFromIPC(tableToIPC(batchesToTable([batch], schema)));
    expect(batchToRows(arrowToBatch(table.batches[0]!))).toEqual([
      [1n, 1n, 4.5, 1.5],
      [2n, 2n, 5.5, 2.5],
      [3n, 3n, 6.5, 3.5],
    ]);
  });
  it('reads sliced Arrow data at its offset', () => {
    const schema = T.struct([T.field('s', T.string), T.field('b', T.boolean)]);
    const batch = batchFromRows(
      [T.string, T.boolean],
      [
        ['a', true],
        [null, false],
        ['c', null],
        ['d', true],
      ],
    );
    const rb = batchToArrow(batch, schema).slice(1, 4);
    expect(batchToRows(arrowToBatch(rb))).toEqual([
      [null, false],
      ['c', null],
      ['d', true],
    ]);
  });
});
