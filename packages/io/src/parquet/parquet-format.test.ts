import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T, batchToRows, getValue, splitFile } from '@flint/common';
import {
  Bool,
  Field,
  Int32,
  List,
  Table,
  TimestampMicrosecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { parquetReadObjects } from 'hyparquet';
import { Table as WasmTable, writeParquet } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { inferSchema, readFiles } from '../index.js';
import { parquetFormat, parquetRowCount } from './parquet-format.js';

const TPCH = '/work/shared/tpch/sf0.1';
const hasTpch = existsSync(join(TPCH, 'nation.parquet'));

describe.skipIf(!hasTpch)('parquet on TPC-H sf0.1', () => {
  it('maps the footer schema to Spark types', async () => {
    const schema = await inferSchema(parquetFormat, [join(TPCH, 'lineitem.parquet')], {});
    const byName = Object.fromEntries(schema.fields.map((f) => [f.name, f.dataType]));
    expect(byName['l_orderkey']).toEqual(T.long);
    expect(byName['l_quantity']).toEqual(T.decimal(15, 2));
    expect(byName['l_shipdate']).toEqual(T.date);
    expect(byName['l_comment']).toEqual(T.string);
    expect(schema.fields.length).toBe(16);
  });

  it('counts rows from the footer; byte-range splits read each row group exactly once', async () => {
    expect(await parquetRowCount(join(TPCH, 'lineitem.parquet'))).toBe(600572n);
    const path = join(TPCH, 'orders.parquet');
    const size = statSync(path).size;
    const schema = T.struct([T.field('o_orderkey', T.long)]);
    const counts: number[] = [];
    for (const split of splitFile({ path, size, modificationTime: 0 }, [], Math.ceil(size / 7), true)) {
      let n = 0;
      for await (const b of parquetFormat.readSplit(split, schema, undefined, {
        dataSchema: schema,
        options: {},
      }))
        n += b.numRows;
      counts.push(n);
    }
    expect(counts.length).toBe(7);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(150000);
    expect(counts.filter((n) => n > 0).length).toBe(2);
  });

  it('reads nation and region with the values another reader sees', async () => {
    const nation = join(TPCH, 'nation.parquet');
    const schema = await inferSchema(parquetFormat, [nation], {});
    const rows = [];
    for await (const b of readFiles(parquetFormat, [nation], schema, {})) rows.push(...batchToRows(b));
    expect(rows.length).toBe(25);
    const buf = await import('node:fs/promises').then((m) => m.readFile(nation));
    const ref = await parquetReadObjects({
      file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length),
    });
    expect(rows.map((r) => r[1])).toEqual(ref.map((r) => r['n_name']));
    expect(rows.map((r) => Number(r[0]))).toEqual(ref.map((r) => Number(r['n_nationkey'])));
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const region = [];
    for await (const b of readFiles(
      parquetFormat,
      [join(TPCH, 'region.parquet')],
      T.struct([T.field('r_name', T.string)]),
      {},
    )) {
      region.push(...batchToRows(b));
    }
    expect(region.map((r) => r[0])).toEqual(['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST']);
  });

  it('projects, reorders and sums supplier balances like an independent reader', async () => {
    const path = join(TPCH, 'supplier.parquet');
    const req = T.struct([
      T.field('s_acctbal', T.decimal(15, 2)),
      T.field('s_suppkey', T.long),
      T.field('missing', T.int),
    ]);
    let sum = 0n;
    let n = 0;
    let keySum = 0n;
    for await (const b of readFiles(parquetFormat, [path], req, {}, { batchSize: 300 })) {
      expect(b.columns.map((c) => c.type)).toEqual([T.decimal(15, 2), T.long, T.int]);
      for (let i = 0; i < b.numRows; i++) {
        sum += getValue(b.columns[0]!, i) as bigint;
        keySum += getValue(b.columns[1]!, i) as bigint;
        expect(getValue(b.columns[2]!, i)).toBeNull();
      }
      n += b.numRows;
    }
    expect(n).toBe(1000);
    expect(keySum).toBe(500500n);
    const buf = await import('node:fs/promises').then((m) => m.readFile(path));
    const ref = await parquetReadObjects({
      file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length),
      columns: ['s_acctbal'],
    });
    const refSum = ref.reduce((s, r) => s + BigInt(Math.round(Number(r['s_acctbal']) * 100)), 0n);
    expect(sum).toBe(refSum);
  });
});

describe('parquet types', () => {
  it('reads booleans, timestamps, lists and strings with nulls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-pq-'));
    const tbl = new Table({
      ts: vectorFromArray([1, null, 3], new TimestampMicrosecond('UTC')),
      b: vectorFromArray([true, null, false], new Bool()),
      l: vectorFromArray([[1, 2], null, []], new List(new Field('element', new Int32(), true))),
      s: vectorFromArray(['x', null, 'zz'], new Utf8()),
    });
    const path = join(dir, 'part-0.parquet');
    writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(tbl, 'stream'))));
    const schema = await inferSchema(parquetFormat, [dir], {});
    expect(schema.fields.map((f) => f.dataType)).toEqual([
      T.timestamp,
      T.boolean,
      T.array(T.int, true),
      T.string,
    ]);
    const rows = [];
    for await (const b of readFiles(parquetFormat, [dir], schema, {})) rows.push(...batchToRows(b));
    expect(rows).toEqual([
      [1000n, true, [1, 2], 'x'],
      [null, null, null, null],
      [3000n, false, [], 'zz'],
    ]);
  });
});

describe.skipIf(!hasTpch)('own flat-column decoder', () => {
  it('reads every TPC-H column exactly as parquet-wasm does', async () => {
    for (const table of ['lineitem', 'orders', 'part', 'supplier', 'nation', 'region']) {
      const path = join(TPCH, `${table}.parquet`);
      const schema = await inferSchema(parquetFormat, [path], {});
      // A digest of every value (and NULL) in row order: cheaper to compare than deep equality.
      const read = async (own: string) => {
        const parts: string[] = [];
        // Large tables: only the first row group (the first of several splits).
        const size = statSync(path).size;
        const split = {
          path,
          start: 0,
          length: size > 4e6 ? Math.ceil(size / 5) : size,
          fileSize: size,
          modificationTime: 0,
          partitionValues: [],
        };
        const ro = { dataSchema: schema, options: { 'flint.parquet.ownDecoder': own }, batchSize: 50000 };
        for await (const b of parquetFormat.readSplit(split, schema, undefined, ro))
          for (const c of b.columns)
            for (let i = 0; i < b.numRows; i++) {
              const v = getValue(c, i);
              parts.push(v instanceof Uint8Array ? `b${v.join(',')}` : `${typeof v}:${String(v)}`);
            }
        return parts;
      };
      const own = await read('true');
      const wasm = await read('false');
      expect(own.length, table).toBe(wasm.length);
      expect(own.join('\n') === wasm.join('\n'), table).toBe(true);
    }
  }, 60_000);
});
