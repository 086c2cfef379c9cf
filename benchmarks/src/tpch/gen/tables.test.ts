// The table generators against dbgen's SF 0.1 reference files: nation and region whole, the other
// tables on their first rows and on a range in the middle (which proves the skip-ahead).

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDir } from '../../runner/paths.js';
import { defaultCacheDir } from '../../runner/paths.js';
import { orderKey } from './tables/orders.js';
import { TABLES, type TableName } from './tables/index.js';
import { loadOrBuildTextPool, textPoolFile } from './text-pool.js';
import { chunkToText } from './write-csv.js';

const REFERENCE = path.join(sharedDir(), 'tpch', 'sf0.1');
const haveReference = existsSync(path.join(REFERENCE, 'lineitem.parquet'));

/** Rows of units [start, start + count) as text cells (the `.tbl` form: 17.00, 1996-03-13). */
function generated(table: TableName, pool: Uint8Array, start: number, count: number): string[][] {
  const gen = TABLES[table];
  const rows: string[][] = [];
  // Every decimal with two digits, as DuckDB prints them (the .tbl text prints l_quantity whole).
  const columns = gen.columns.map((c) => ({ name: c.name, kind: c.kind }));
  for (const chunk of gen.generate(0.1, pool, start, count, 500)) {
    for (const line of chunkToText(chunk, columns).split('\n'))
      if (line !== '') rows.push(line.split('|').slice(0, -1));
  }
  return rows;
}

describe.runIf(haveReference)('TPC-H tables equal dbgen SF 0.1', () => {
  let pool: Uint8Array;
  let conn: DuckDBConnection;

  beforeAll(async () => {
    // Built once (a few seconds) and then read from the cache.
    pool = loadOrBuildTextPool(textPoolFile(defaultCacheDir()));
    conn = await (await DuckDBInstance.create(':memory:')).connect();
  }, 120_000);
  afterAll(() => conn.closeSync());

  async function reference(table: TableName, where: string, orderBy: string): Promise<string[][]> {
    const cols = TABLES[table].columns.map((c) => `CAST(${c.name} AS VARCHAR)`).join(', ');
    const r = await conn.runAndReadAll(
      `SELECT ${cols} FROM read_parquet('${REFERENCE}/${table}.parquet') WHERE ${where} ORDER BY ${orderBy}`,
    );
    return r.getRows().map((row) => row.map((v) => String(v)));
  }

  it("lineitem's first .tbl line at SF 1 is dbgen's", () => {
    const gen = TABLES.lineitem;
    const chunk = gen.generate(1, pool, 0, 1, 10).next().value!;
    expect(chunkToText(chunk, gen.columns).split('\n')[0]).toBe(
      '1|155190|7706|1|17|21168.23|0.04|0.02|N|O|1996-03-13|1996-02-12|1996-03-22|DELIVER IN PERSON|TRUCK|egular courts above the|',
    );
  });

  it('nation and region, whole', async () => {
    expect(generated('nation', pool, 0, 25)).toEqual(await reference('nation', 'true', 'n_nationkey'));
    expect(generated('region', pool, 0, 5)).toEqual(await reference('region', 'true', 'r_regionkey'));
  });

  const keyed: [TableName, string, number][] = [
    ['customer', 'c_custkey', 9000],
    ['supplier', 's_suppkey', 500],
    ['part', 'p_partkey', 12000],
  ];
  for (const [table, key, middle] of keyed) {
    it(`${table}: rows [0, 1000) and [${middle}, ${middle + 100})`, async () => {
      expect(generated(table, pool, 0, 1000)).toEqual(await reference(table, `${key} <= 1000`, key));
      expect(generated(table, pool, middle, 100)).toEqual(
        await reference(table, `${key} > ${middle} AND ${key} <= ${middle + 100}`, key),
      );
    });
  }

  it('partsupp: parts [0, 250) and [15000, 15100)', async () => {
    const order = 'ps_partkey, ps_suppkey';
    const byKeyOrder = (rows: string[][]): string[][] =>
      [...rows].sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]));
    expect(byKeyOrder(generated('partsupp', pool, 0, 250))).toEqual(
      await reference('partsupp', 'ps_partkey <= 250', order),
    );
    expect(byKeyOrder(generated('partsupp', pool, 15000, 100))).toEqual(
      await reference('partsupp', 'ps_partkey > 15000 AND ps_partkey <= 15100', order),
    );
  });

  for (const table of ['orders', 'lineitem'] as const) {
    const key = table === 'orders' ? 'o_orderkey' : 'l_orderkey';
    const order = table === 'orders' ? key : `${key}, l_linenumber`;
    it(`${table}: orders [0, 1000) and [50000, 50100)`, async () => {
      expect(generated(table, pool, 0, 1000)).toEqual(
        await reference(table, `${key} <= ${orderKey(1000)}`, order),
      );
      expect(generated(table, pool, 50000, 100)).toEqual(
        await reference(table, `${key} > ${orderKey(50000)} AND ${key} <= ${orderKey(50100)}`, order),
      );
    });
  }
});
