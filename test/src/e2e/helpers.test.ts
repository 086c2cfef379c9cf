import { describe, expect, it } from 'vitest';
import { sqlLines, sqlSchema, testSession } from './helpers.js';

// Spark 4 answers these queries with exactly these golden-form rows and catalogString schema.
describe('e2e helpers', () => {
  it('run SQL and render rows and schemas as the golden files do', async () => {
    const spark = testSession();
    // conditional-functions.sql style: a view, then a query over it.
    const lines = await sqlLines(
      spark,
      'CREATE OR REPLACE TEMPORARY VIEW t AS SELECT * FROM VALUES (1, 2.5D), (2, NULL) AS t(a, b)',
      'SELECT a, b FROM t ORDER BY a',
    );
    expect(lines).toEqual(['1\t2.5', '2\tNULL']);
    expect(await sqlSchema(spark, 'SELECT a, sum(b) FROM t GROUP BY a')).toBe('struct<a:int,sum(b):double>');
  });
});
