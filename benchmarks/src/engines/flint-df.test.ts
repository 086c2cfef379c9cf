// The flint-df engine adapter: opens over Parquet tables, answers by query id in both modes, skips unknown ids.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SparkSession } from 'flint';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDir } from '../runner/paths.js';
import type { EngineOptions, Mode } from '../runner/types.js';
import { TPCH_TABLES } from '../runner/suite-data.js';
import adapter, { dataFrameQuery } from './flint-df.js';

const SF01 = `${sharedDir()}/tpch/sf0.1`;

function tpchOptions(mode: Mode): EngineOptions {
  return {
    suite: 'tpch',
    mode,
    threads: 1,
    tables: TPCH_TABLES.map((name) => ({ name, files: [`${SF01}/${name}.parquet`] })),
  };
}

describe('flint-df adapter', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'flint-df-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is named flint-df and describes itself', async () => {
    expect(adapter.name).toBe('flint-df');
    expect(await adapter.describe()).toMatch(/^Flint .* \(DataFrame API\)$/);
  });

  it('knows every TPC-H query and the H2O questions, and nothing else', () => {
    for (let n = 1; n <= 22; n++)
      expect(dataFrameQuery('tpch', `q${String(n).padStart(2, '0')}`)).toBeDefined();
    expect(dataFrameQuery('tpch', 'q23')).toBeUndefined();
    expect(dataFrameQuery('h2o-groupby', 'q10')).toBeDefined();
    expect(dataFrameQuery('h2o-groupby', 'q11')).toBeUndefined();
    expect(dataFrameQuery('h2o-join', 'q5')).toBeDefined();
    expect(dataFrameQuery('h2o-join', 'q6')).toBeUndefined();
  });

  for (const mode of ['parquet', 'memory'] as const) {
    it.skipIf(!existsSync(`${SF01}/lineitem.parquet`))(
      `answers TPC-H q06 on SF 0.1 in ${mode} mode`,
      async () => {
        const session = await adapter.open(tpchOptions(mode));
        try {
          await session.load();
          expect(session.query('q99')).toBeUndefined();
          const run = session.query('q06');
          expect(run).toBeDefined();
          const output = await run!();
          expect(output.rowCount).toBe(1);
          const result = await output.toResultSet();
          expect(result.columns).toEqual(['revenue']);
          expect(result.rows.length).toBe(1);
          expect(result.rows[0]![0]).toBeCloseTo(11803420.2534, 2);
        } finally {
          await session.close();
        }
      },
    );
  }

  it('answers an H2O group-by question over a Parquet table', async () => {
    const spark = SparkSession.builder().getOrCreate();
    const dir = path.join(scratch, 'x');
    await spark
      .createDataFrame(
        [
          ['id001', 1, 2.5],
          ['id002', 4, 1.0],
          ['id001', 3, 0.5],
        ],
        'id1 string, v1 int, v3 double',
      )
      .write.parquet(dir);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.parquet'))
      .map((f) => path.join(dir, f));
    const session = await adapter.open({
      suite: 'h2o-groupby',
      mode: 'parquet',
      threads: 1,
      tables: [{ name: 'x', files }],
    });
    try {
      await session.load();
      const result = await (await session.query('q1')!()).toResultSet();
      expect(result.columns).toEqual(['id1', 'v1']);
      expect([...result.rows].map((r) => [...r]).sort()).toEqual([
        ['id001', 4],
        ['id002', 4],
      ]);
    } finally {
      await session.close();
    }
  });
});
