// Runs every TPC-H query as SQL on the shared SF 0.1 tables, on two worker threads, and checks each
// against the reference answers.

import { existsSync } from 'node:fs';
import { SparkSession } from 'flint';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTpchAnswer, loadTpchAnswer } from './answers.js';
import { TPCH_QUERY_IDS, tpchQuerySql } from './queries.js';
import { toResultSet } from '../engines/flint-common.js';
import { sharedDir } from '../runner/paths.js';
import { TPCH_TABLES } from '../runner/suite-data.js';

const SHARED_TPCH = `${sharedDir()}/tpch`;
const haveData = existsSync(`${SHARED_TPCH}/sf0.1/lineitem.parquet`);

describe.skipIf(!haveData)('TPC-H SQL queries on SF 0.1, local[2]', () => {
  let spark: SparkSession;

  beforeAll(async () => {
    spark = SparkSession.builder().master('local[2]').getOrCreate();
    for (const name of TPCH_TABLES)
      (await spark.read.parquet(`${SHARED_TPCH}/sf0.1/${name}.parquet`)).createOrReplaceTempView(name);
  });

  for (const id of TPCH_QUERY_IDS) {
    it(`${id} equals the SF 0.1 answer`, async () => {
      const result = await toResultSet(await spark.sql(tpchQuerySql(id)));
      const verdict = checkTpchAnswer(result, loadTpchAnswer(0.1, id)!);
      expect(verdict.message ?? '').toBe('');
      expect(verdict.ok).toBe(true);
    });
  }
});
