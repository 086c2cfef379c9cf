// Checks the Polars peer on TPC-H: the 22 queries in memory mode (and a few in parquet mode) against the
// SF 0.1 answers, with the runner's own answer check (tpch/answers.ts). H2O: h2o/polars-questions.test.ts.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDir } from '../runner/paths.js';
import { TPCH_TABLES } from '../runner/suite-data.js';
import type { EngineSession, ResultSet } from '../runner/types.js';
import { checkTpchAnswer, hasTpchAnswers, loadTpchAnswer } from '../tpch/answers.js';
import { adapter, polarsQuery, toResultSet } from './polars.js';

const SF01_DIR = join(sharedDir(), 'tpch', 'sf0.1');
const haveTpch = existsSync(join(SF01_DIR, 'lineitem.parquet')) && hasTpchAnswers(0.1);

/** The verdict of the runner's own answer check for query `q` at SF 0.1, plus the answer's column names. */
function check(result: ResultSet, q: number): { ok: boolean; message?: string; columns: readonly string[] } {
  const answer = loadTpchAnswer(0.1, `q${String(q).padStart(2, '0')}`);
  if (!answer) throw new Error(`no answer for q${q}`);
  return { ...checkTpchAnswer(result, answer), columns: answer.columns };
}

describe('polars results as cells', () => {
  it('turns every column type into numbers, YYYY-MM-DD strings, text, booleans or null', () => {
    const frame = pl
      .DataFrame({
        big: [1, 2 ** 40],
        int: [7, null],
        real: [0.5, 2.25],
        day: [19000, 0],
        dayOrNull: [19000, null],
        text: ['a', null],
        flag: [true, false],
        money: [12.34, 0.05],
        moneyOrNull: [1.5, null],
      })
      .withColumns(
        pl.col('big').cast(pl.Int64),
        pl.col('int').cast(pl.Int32),
        pl.col('day').cast(pl.Int32).cast(pl.Date),
        pl.col('dayOrNull').cast(pl.Int32).cast(pl.Date),
        pl.col('money').cast(pl.Decimal(15, 2)),
        pl.col('moneyOrNull').cast(pl.Decimal(15, 2)),
      );
    const result = toResultSet(pl, frame);
    expect(result.columns).toEqual([
      'big',
      'int',
      'real',
      'day',
      'dayOrNull',
      'text',
      'flag',
      'money',
      'moneyOrNull',
    ]);
    expect(result.rows).toEqual([
      [1, 7, 0.5, '2022-01-08', '2022-01-08', 'a', true, 12.34, 1.5],
      [2 ** 40, null, 2.25, '1970-01-01', null, null, false, 0.05, null],
    ]);
  });

  it('gives an empty frame its columns and no rows', () => {
    expect(toResultSet(pl, pl.DataFrame({ a: [1] }).head(0))).toEqual({ columns: ['a'], rows: [] });
  });
});

describe.skipIf(!haveTpch)('polars TPC-H at SF 0.1', () => {
  const tables = TPCH_TABLES.map((name) => ({ name, files: [join(SF01_DIR, `${name}.parquet`)] }));
  let memory: EngineSession;
  let parquet: EngineSession;

  beforeAll(async () => {
    memory = await adapter.open({ suite: 'tpch', tables, mode: 'memory', threads: 2 });
    await memory.load();
    parquet = await adapter.open({ suite: 'tpch', tables, mode: 'parquet', threads: 2 });
    await parquet.load();
  });
  afterAll(async () => {
    await memory?.close();
    await parquet?.close();
  });

  it('names itself with the nodejs-polars version', async () => {
    expect(await adapter.describe()).toMatch(/^Polars \d+\.\d+\.\d+$/);
  });

  it('has all 22 queries under the usual ids and none beyond', () => {
    for (let q = 1; q <= 22; q++) {
      expect(polarsQuery('tpch', `q${q}`)).toBeDefined();
      expect(polarsQuery('tpch', `q${String(q).padStart(2, '0')}`)).toBeDefined();
    }
    expect(polarsQuery('tpch', 'q23')).toBeUndefined();
    expect(memory.query('q0')).toBeUndefined();
  });

  const queries = Array.from({ length: 22 }, (_, i) => i + 1);
  it.each(queries)('memory mode q%i equals the answer', async (q) => {
    const result = await (await memory.query(`q${q}`)!()).toResultSet();
    const verdict = check(result, q);
    expect(result.columns).toEqual(verdict.columns);
    expect(verdict.ok, verdict.message).toBe(true);
  });

  // Parquet mode runs the same plans over scans; a few queries show the scan path works.
  it.each([1, 3, 18])('parquet mode q%i equals the answer', async (q) => {
    const result = await (await parquet.query(`q${q}`)!()).toResultSet();
    const verdict = check(result, q);
    expect(verdict.ok, verdict.message).toBe(true);
  });

  it('writes dates as YYYY-MM-DD strings and decimals as numbers', async () => {
    const result = await (await memory.query('q3')!()).toResultSet();
    const first = result.rows[0]!;
    expect(first[2]).toBe('1995-03-14');
    expect(typeof first[1]).toBe('number');
    expect(first[0]).toBe(223140);
  });
});
