import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SourceFilter, T, batchFromRows, batchesToTable } from '@flint/common';
import { Table, TimestampMillisecond, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFiles } from '../index.js';
import { readParquetFooterRaw } from './parquet-footer.js';
import { parquetFormat } from './parquet-format.js';
import { selectRowGroups } from './parquet-row-groups.js';

// 10 row groups of 100 rows: id 0..999 ascending, so row group g holds ids [100g, 100g + 99].
const schema = T.struct([
  T.field('id', T.int),
  T.field('l', T.long),
  T.field('s', T.string),
  T.field('d', T.decimal(12, 2)),
  T.field('big', T.decimal(30, 0)),
  T.field('dt', T.date),
  T.field('f', T.double),
  T.field('n', T.int),
  T.field('b', T.boolean),
  T.field('st', T.struct([T.field('x', T.int)])),
  T.field('bin', T.binary),
]);
const N = 1000;
let path = '';
let tsPath = '';

beforeAll(() => {
  const rows = Array.from({ length: N }, (_, i) => {
    const g = Math.floor(i / 100);
    return [
      i,
      BigInt(i) - 500n,
      `k${String(g).padStart(2, '0')}-${i}`,
      BigInt(i * 100 + 1), // i + 0.01
      10n ** 25n * BigInt(i - 500),
      18000 + i,
      g === 3 ? Number.NaN : i / 2,
      g === 5 ? null : g === 6 && i % 2 === 0 ? null : i, // group 5 all NULL, group 6 half NULL
      g < 5,
      [i],
      new Uint8Array([g, 0xff]),
    ];
  });
  const types = schema.fields.map((f) => f.dataType);
  const table = batchesToTable([batchFromRows(types, rows)], schema);
  // Writer properties are consumed by each write.
  const props = () => new WriterPropertiesBuilder().setMaxRowGroupSize(100).build();
  const dir = mkdtempSync(join(tmpdir(), 'flint-pqrg-'));
  path = join(dir, 'data.parquet');
  writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props()));
  // Timestamps stored as INT64 millis (TIMESTAMP(MILLIS, UTC)): statistics must be scaled to micros.
  const ms = vectorFromArray(
    Array.from({ length: N }, (_, i) => i * 1000),
    new TimestampMillisecond('UTC'),
  );
  tsPath = join(dir, 'ts.parquet');
  writeFileSync(
    tsPath,
    writeParquet(WasmTable.fromIPCStream(tableToIPC(new Table({ ts: ms }), 'stream')), props()),
  );
});

async function groups(filters: SourceFilter[], p = path, s = schema): Promise<number[]> {
  const footer = await readParquetFooterRaw(p);
  const size = statSync(p).size;
  const split = { path: p, start: 0, length: size, fileSize: size, modificationTime: 0, partitionValues: [] };
  return selectRowGroups(footer, split, filters, s);
}

const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('row-group skipping by statistics', () => {
  it('keeps every row group without filters', async () => {
    expect(await groups([])).toEqual(all);
  });

  it('uses min/max of ints, longs, dates and decimals', async () => {
    expect(await groups([{ kind: 'EqualTo', column: 'id', value: 250 }])).toEqual([2]);
    expect(await groups([{ kind: 'GreaterThan', column: 'id', value: 899 }])).toEqual([9]);
    expect(await groups([{ kind: 'GreaterThanOrEqual', column: 'id', value: 899 }])).toEqual([8, 9]);
    expect(await groups([{ kind: 'LessThan', column: 'id', value: 100 }])).toEqual([0]);
    expect(await groups([{ kind: 'LessThanOrEqual', column: 'id', value: 100 }])).toEqual([0, 1]);
    expect(await groups([{ kind: 'EqualTo', column: 'id', value: 5000 }])).toEqual([]);
    expect(await groups([{ kind: 'LessThan', column: 'l', value: -399n }])).toEqual([0, 1]);
    expect(await groups([{ kind: 'EqualTo', column: 'dt', value: 18000 + 730 }])).toEqual([7]);
    // d = i + 0.01, as unscaled cents.
    expect(await groups([{ kind: 'EqualTo', column: 'd', value: 45001n }])).toEqual([4]);
    expect(await groups([{ kind: 'GreaterThan', column: 'd', value: 89999n }])).toEqual([9]);
    expect(await groups([{ kind: 'LessThan', column: 'big', value: -(10n ** 25n) * 400n }])).toEqual([0]);
  });

  it('compares strings and binary as unsigned bytes; StringStartsWith uses the prefix range', async () => {
    expect(await groups([{ kind: 'EqualTo', column: 's', value: 'k03-350' }])).toEqual([3]);
    expect(await groups([{ kind: 'StringStartsWith', column: 's', value: 'k07' }])).toEqual([7]);
    expect(await groups([{ kind: 'StringStartsWith', column: 's', value: 'z' }])).toEqual([]);
    expect(await groups([{ kind: 'GreaterThan', column: 's', value: 'k08-85' }])).toEqual([8, 9]);
    expect(await groups([{ kind: 'StringEndsWith', column: 's', value: 'x' }])).toEqual(all);
    expect(await groups([{ kind: 'EqualTo', column: 'bin', value: new Uint8Array([4, 0xff]) }])).toEqual([4]);
  });

  it('handles NULLs: IsNull, IsNotNull, all-NULL groups, EqualNullSafe', async () => {
    expect(await groups([{ kind: 'IsNull', column: 'n' }])).toEqual([5, 6]);
    expect(await groups([{ kind: 'IsNotNull', column: 'n' }])).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9]);
    expect(await groups([{ kind: 'GreaterThan', column: 'n', value: 450 }])).toEqual([4, 6, 7, 8, 9]);
    expect(await groups([{ kind: 'EqualNullSafe', column: 'n', value: null }])).toEqual([5, 6]);
    expect(await groups([{ kind: 'EqualNullSafe', column: 'n', value: 10 }])).toEqual([0]);
    expect(await groups([{ kind: 'EqualTo', column: 'n', value: null }])).toEqual([]);
    // A column the file does not have reads as NULL everywhere.
    const withMissing = T.struct([...schema.fields, T.field('gone', T.int)]);
    expect(await groups([{ kind: 'IsNotNull', column: 'gone' }], path, withMissing)).toEqual([]);
    expect(await groups([{ kind: 'IsNull', column: 'gone' }], path, withMissing)).toEqual(all);
  });

  it('never skips on NaN statistics or NaN values', async () => {
    // Group 3 of f holds NaN: its statistics cannot bound the values.
    const lt = await groups([{ kind: 'LessThan', column: 'f', value: 10 }]);
    expect(lt).toContain(0);
    expect(lt).toContain(3);
    expect(lt).not.toContain(9);
    expect(await groups([{ kind: 'EqualTo', column: 'f', value: Number.NaN }])).toEqual(
      expect.arrayContaining([0, 3, 9]),
    );
  });

  it('combines filters with And, Or, Not and In', async () => {
    const eq = (v: number): SourceFilter => ({ kind: 'EqualTo', column: 'id', value: v });
    expect(await groups([{ kind: 'Or', left: eq(5), right: eq(905) }])).toEqual([0, 9]);
    expect(await groups([{ kind: 'And', left: eq(5), right: eq(905) }])).toEqual([]);
    expect(await groups([eq(5), { kind: 'EqualTo', column: 'b', value: true }])).toEqual([0]);
    expect(await groups([eq(905), { kind: 'EqualTo', column: 'b', value: true }])).toEqual([]);
    expect(await groups([{ kind: 'In', column: 'id', values: [1, 555, 99999] }])).toEqual([0, 5]);
    expect(await groups([{ kind: 'In', column: 'id', values: [] }])).toEqual([]);
    // NOT(id < 900) = id >= 900.
    expect(await groups([{ kind: 'Not', child: { kind: 'LessThan', column: 'id', value: 900 } }])).toEqual([
      9,
    ]);
    // NOT(b = true) only where some b is false.
    expect(await groups([{ kind: 'Not', child: { kind: 'EqualTo', column: 'b', value: true } }])).toEqual([
      5, 6, 7, 8, 9,
    ]);
    // NOT(s starts with 'k0') can match nowhere; NOT (id IN (..., NULL)) is never TRUE.
    expect(
      await groups([{ kind: 'Not', child: { kind: 'StringStartsWith', column: 's', value: 'k0' } }]),
    ).toEqual([]);
    expect(await groups([{ kind: 'Not', child: { kind: 'In', column: 'id', values: [1, null] } }])).toEqual(
      [],
    );
    expect(await groups([{ kind: 'Not', child: { kind: 'IsNotNull', column: 'n' } }])).toEqual([5, 6]);
  });

  it('filters on struct fields by dotted path', async () => {
    expect(await groups([{ kind: 'GreaterThanOrEqual', column: 'st.x', value: 990 }])).toEqual([9]);
  });

  it('keeps row groups when the filter value or column type does not fit', async () => {
    expect(await groups([{ kind: 'EqualTo', column: 'id', value: 'abc' }])).toEqual(all);
    const asLong = T.struct([T.field('id', T.long)]);
    expect(await groups([{ kind: 'EqualTo', column: 'id', value: 5n }], path, asLong)).toEqual(all);
  });

  it('scales INT64 millisecond timestamp statistics to microseconds', async () => {
    const s = T.struct([T.field('ts', T.timestamp)]);
    // Row i holds i seconds = i * 1e6 micros.
    expect(await groups([{ kind: 'EqualTo', column: 'ts', value: 420_000_000n }], tsPath, s)).toEqual([4]);
    expect(await groups([{ kind: 'GreaterThan', column: 'ts', value: 950_000_000n }], tsPath, s)).toEqual([
      9,
    ]);
  });

  it('reads only the selected row groups through readSplit', async () => {
    let n = 0;
    let first = -1;
    for await (const b of readFiles(
      parquetFormat,
      [path],
      T.struct([T.field('id', T.int)]),
      {},
      {
        filters: [{ kind: 'GreaterThanOrEqual', column: 'id', value: 750 }],
        dataSchema: schema,
      },
    )) {
      if (first < 0) first = (b.columns[0]!.values as Int32Array)[0]!;
      n += b.numRows;
    }
    // Row groups 7, 8 and 9; rows are not filtered one by one (the caller does that).
    expect(n).toBe(300);
    expect(first).toBe(700);
  });
});
