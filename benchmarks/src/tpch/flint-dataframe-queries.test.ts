// Runs every TPC-H DataFrame query on the shared SF 0.1 tables and checks it against the reference answers.

import { existsSync } from 'node:fs';
import { SparkSession, type DataFrame } from 'flint';
import { beforeAll, describe, expect, it } from 'vitest';
import { TPCH_DATAFRAME_QUERIES, tpchDataFrameQuery, type TpchFrames } from './flint-dataframe-queries.js';
import { checkTpchAnswer, loadTpchAnswer } from './answers.js';
import { toResultSet } from '../engines/flint-common.js';
import { sharedDir } from '../runner/paths.js';
import { TPCH_TABLES } from '../runner/suite-data.js';

const SHARED_TPCH = `${sharedDir()}/tpch`;
const haveData = existsSync(`${SHARED_TPCH}/sf0.1/lineitem.parquet`);

describe.skipIf(!haveData)('TPC-H DataFrame queries on SF 0.1', () => {
  let frames: TpchFrames;

  beforeAll(async () => {
    const spark = SparkSession.builder().getOrCreate();
    const loaded: Partial<Record<keyof TpchFrames, DataFrame>> = {};
    for (const name of TPCH_TABLES)
      loaded[name] = await spark.read.parquet(`${SHARED_TPCH}/sf0.1/${name}.parquet`);
    frames = loaded as TpchFrames;
  });

  for (const [n, query] of TPCH_DATAFRAME_QUERIES) {
    const name = `q${String(n).padStart(2, '0')}`;
    it(`${name} equals the SF 0.1 answer`, async () => {
      const result = await toResultSet(await query(frames));
      const verdict = checkTpchAnswer(result, loadTpchAnswer(0.1, name)!);
      expect(verdict.message ?? '').toBe('');
      expect(verdict.ok).toBe(true);
    });
  }
});

describe('TPC-H DataFrame query ids', () => {
  it('finds a query by 6, q6 or Q06, and nothing for other ids', () => {
    expect(tpchDataFrameQuery('6')).toBe(TPCH_DATAFRAME_QUERIES.get(6));
    expect(tpchDataFrameQuery('q06')).toBe(TPCH_DATAFRAME_QUERIES.get(6));
    expect(tpchDataFrameQuery('Q22')).toBe(TPCH_DATAFRAME_QUERIES.get(22));
    expect(tpchDataFrameQuery('q23')).toBeUndefined();
    expect(tpchDataFrameQuery('q0')).toBeUndefined();
    expect(tpchDataFrameQuery('groupby-q1')).toBeUndefined();
  });

  it('has all 22 queries', () => {
    expect([...TPCH_DATAFRAME_QUERIES.keys()]).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  });
});
