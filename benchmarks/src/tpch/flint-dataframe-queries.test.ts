// Runs every TPC-H DataFrame query on the shared SF 0.1 tables and checks it against the reference answers.

import { existsSync, readFileSync } from 'node:fs';
import { F, SparkSession, type DataFrame } from 'flint';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TPCH_DATAFRAME_QUERIES,
  TPCH_TABLE_NAMES,
  tpchDataFrameQuery,
  tpchQueryNumber,
  type TpchFrames,
} from './flint-dataframe-queries.js';

const SHARED_TPCH =
  process.env['FLINT_SHARED_DIR'] !== undefined
    ? `${process.env['FLINT_SHARED_DIR']}/tpch`
    : new URL('../../../../shared/tpch', import.meta.url).pathname;
const haveData = existsSync(`${SHARED_TPCH}/sf0.1/lineitem.parquet`);

/** Queries that cannot pass yet because Flint lacks or gets wrong something they need: number -> reason. */
const KNOWN_GAPS: ReadonlyMap<number, string> = new Map();

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Differences between a result and a reference answer file, empty when they agree. */
function differences(actual: readonly (readonly unknown[])[], answerCsv: string): string[] {
  const lines = answerCsv.split('\n').filter((l) => l.length > 0);
  const expected = lines.slice(1).map((l) => l.split('|'));
  const problems: string[] = [];
  if (actual.length !== expected.length) problems.push(`${actual.length} rows, expected ${expected.length}`);
  const n = Math.min(actual.length, expected.length);
  for (let r = 0; r < n && problems.length < 5; r++) {
    const a = actual[r]!;
    const e = expected[r]!;
    if (a.length !== e.length) {
      problems.push(`row ${r}: ${a.length} columns, expected ${e.length}`);
      continue;
    }
    for (let c = 0; c < e.length; c++) {
      const want = e[c]!.trim();
      const got = a[c];
      if (
        NUMBER.test(want) &&
        (typeof got === 'number' || typeof got === 'bigint' || typeof got === 'string')
      ) {
        const x = Number(got);
        const y = Number(want);
        if (Math.abs(x - y) <= 0.01 || Math.abs(x - y) <= 1e-6 * Math.abs(y)) continue;
      } else if (String(got ?? '').trim() === want) continue;
      problems.push(`row ${r} column ${c}: ${String(got)}, expected ${want}`);
    }
  }
  return problems;
}

describe.skipIf(!haveData)('TPC-H DataFrame queries on SF 0.1', () => {
  let frames: TpchFrames;

  beforeAll(async () => {
    const spark = SparkSession.builder().getOrCreate();
    const loaded: Partial<Record<keyof TpchFrames, DataFrame>> = {};
    for (const name of TPCH_TABLE_NAMES)
      loaded[name] = await spark.read.parquet(`${SHARED_TPCH}/sf0.1/${name}.parquet`);
    frames = loaded as TpchFrames;
  });

  for (const [n, query] of TPCH_DATAFRAME_QUERIES) {
    const name = `q${String(n).padStart(2, '0')}`;
    const gap = KNOWN_GAPS.get(n);
    it.skipIf(gap !== undefined)(
      `${name} equals the SF 0.1 answer${gap !== undefined ? ` (skipped: ${gap})` : ''}`,
      async () => {
        const df = await query(frames);
        const rows = await df.collect();
        const answer = readFileSync(`${SHARED_TPCH}/answers/sf0.1/${name}.csv`, 'utf8');
        expect(
          differences(
            rows.map((r) => r.toArray()),
            answer,
          ),
        ).toEqual([]);
      },
    );
  }
});

describe('TPC-H DataFrame query ids', () => {
  it('accepts 6, q6, Q06 and rejects others', () => {
    expect(tpchQueryNumber('6')).toBe(6);
    expect(tpchQueryNumber('q6')).toBe(6);
    expect(tpchQueryNumber('Q06')).toBe(6);
    expect(tpchQueryNumber('q22')).toBe(22);
    expect(tpchQueryNumber('q23')).toBeNull();
    expect(tpchQueryNumber('q0')).toBeNull();
    expect(tpchQueryNumber('groupby-q1')).toBeNull();
    expect(tpchDataFrameQuery('q1')).toBe(TPCH_DATAFRAME_QUERIES.get(1));
  });

  it('has all 22 queries', () => {
    expect([...TPCH_DATAFRAME_QUERIES.keys()]).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  });
});

// Engine gaps met while writing the queries, each worked around in the query; unskip once Flint has it.
describe('Flint DataFrame API gaps (worked around in the queries)', () => {
  it.skip('groupBy on an aliased column names the group column (Flint: MISSING_AGGREGATION; q15 renames after the aggregate instead)', async () => {
    const spark = SparkSession.builder().getOrCreate();
    const df = spark.createDataFrame(
      [
        [1, 2.0],
        [1, 3.0],
        [2, 5.0],
      ],
      'l_suppkey int, price double',
    );
    const out = df.groupBy(F.col('l_suppkey').alias('supplier_no')).agg(F.sum('price').alias('total'));
    expect(out.columns).toEqual(['supplier_no', 'total']);
    const rows = await out.orderBy('supplier_no').collect();
    expect(rows.map((r) => r.toArray())).toEqual([
      [1, 5.0],
      [2, 5.0],
    ]);
  });
});
