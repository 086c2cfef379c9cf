// Generation end to end at a tiny scale factor: the part plan covers every unit once, the cache is
// filled once and reused, Parquet files read back, and the CSV output is dbgen's `.tbl` text.

import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../runner/paths.js';
import { ensureTpchData, planParts } from './generate.js';
import { TABLES, TABLE_NAMES } from './tables/index.js';
import { loadOrBuildTextPool, textPoolFile } from './text-pool.js';

describe('TPC-H generation', () => {
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'tpch-gen-test-'));
    // Share the text pool of the real cache instead of building another 300 MB file.
    loadOrBuildTextPool(textPoolFile(defaultCacheDir()));
    const { symlink, mkdir } = await import('node:fs/promises');
    await mkdir(path.join(cacheDir, 'tpch'), { recursive: true });
    await symlink(textPoolFile(defaultCacheDir()), textPoolFile(cacheDir));
  }, 120_000);
  afterAll(async () => rm(cacheDir, { recursive: true, force: true }));

  it('plans parts that cover every unit of every table exactly once', () => {
    const tasks = planParts(3, '/x', 'parquet');
    for (const name of TABLE_NAMES) {
      const parts = tasks.filter((t) => t.table === name).sort((a, b) => a.start - b.start);
      let next = 0;
      for (const p of parts) {
        expect(p.start).toBe(next);
        next += p.count;
      }
      expect(next).toBe(TABLES[name].units(3));
    }
    expect(tasks.filter((t) => t.table === 'lineitem').length).toBeGreaterThan(1);
  });

  it('generates Parquet into the cache once and reuses it', async () => {
    const tables = await ensureTpchData(0.001, { cacheDir, workers: 0 });
    expect(tables.map((t) => t.name)).toEqual(TABLE_NAMES);
    const lineitem = tables.find((t) => t.name === 'lineitem')!;
    const before = (await stat(lineitem.files[0]!)).mtimeMs;
    const again = await ensureTpchData(0.001, { cacheDir, workers: 0 });
    expect(again).toEqual(tables);
    expect((await stat(lineitem.files[0]!)).mtimeMs).toBe(before);

    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      const count = async (name: string): Promise<number> => {
        const files = tables
          .find((t) => t.name === name)!
          .files.map((f) => `'${f}'`)
          .join(',');
        const r = await conn.runAndReadAll(`SELECT count(*) FROM read_parquet([${files}])`);
        return Number(r.getRows()[0]![0]);
      };
      expect(await count('orders')).toBe(1500);
      expect(await count('partsupp')).toBe(800);
      expect(await count('nation')).toBe(25);
      const r = await conn.runAndReadAll(
        `SELECT CAST(l_shipdate AS VARCHAR), CAST(l_quantity AS VARCHAR) FROM read_parquet('${lineitem.files[0]}') LIMIT 1`,
      );
      // Dates and quantities do not depend on the scale factor: line 1 of order 1 as in the SF 0.1 file.
      expect(r.getRows()[0]).toEqual(['1996-03-13', '17.00']);
    } finally {
      conn.closeSync();
    }
  }, 60_000);

  it('writes dbgen .tbl text with --format csv', async () => {
    const tables = await ensureTpchData(0.001, { cacheDir, workers: 0, format: 'csv' });
    const customer = await readFile(tables.find((t) => t.name === 'customer')!.files[0]!, 'latin1');
    expect(customer.split('\n')[0]).toBe(
      '1|Customer#000000001|IVhzIApeRb ot,c,E|15|25-989-741-2988|711.56|BUILDING|to the even, regular platelets. regular, ironic epitaphs nag e|',
    );
    const lineitem = await readFile(tables.find((t) => t.name === 'lineitem')!.files[0]!, 'latin1');
    const first = lineitem.split('\n')[0]!.split('|');
    // dbgen prints l_quantity as a whole number: `1|155190|7706|1|17|21168.23|...` at SF 1.
    expect([first[0], first[3], first[4], first[6], first[10], first[15]]).toEqual([
      '1',
      '1',
      '17',
      '0.04',
      '1996-03-13',
      'egular courts above the',
    ]);
    const nation = await readFile(tables.find((t) => t.name === 'nation')!.files[0]!, 'latin1');
    expect(nation.split('\n')[0]).toBe('0|ALGERIA|0| haggle. carefully final deposits detect slyly agai|');
  }, 60_000);
});
