// WITH RECURSIVE end to end (UnionLoop → UnionLoopExec). Expected values and error classes are Spark's,
// from the golden file cte-recursion.sql (run there with cteRecursionLevelLimit=25, cteRecursionRowLimit=50).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlintError } from '@flint/common';
import { SparkSession } from './spark-session.js';

const spark = SparkSession.builder().appName('flint-recursive-cte').getOrCreate();
afterAll(() => spark.stop());

async function rows(sql: string): Promise<unknown[][]> {
  const df = await spark.sql(sql);
  return (await df.collect()).map((r) => Object.values(r.asDict()));
}

async function errorClass(sql: string): Promise<string> {
  try {
    await rows(sql);
  } catch (e) {
    if (e instanceof FlintError) return e.errorClass;
    throw e;
  }
  return 'no error';
}

beforeAll(async () => {
  await spark.sql('SET spark.sql.cteRecursionLevelLimit=25');
  await spark.sql('SET spark.sql.cteRecursionRowLimit=50');
});

describe('recursive CTEs', () => {
  it('iterates until the recursion yields nothing', async () => {
    const r = await rows(
      'WITH RECURSIVE r AS (SELECT 0 AS level UNION ALL SELECT level + 1 FROM r WHERE level < 9) SELECT * FROM r',
    );
    expect(r.map((x) => x[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('names columns from the column list and casts the recursion to the anchor types', async () => {
    const df = await spark.sql(
      'WITH RECURSIVE t1(n, m) AS (SELECT 1, CAST(1 AS BIGINT) UNION ALL SELECT n+1, n+1 FROM t1 WHERE n < 3) SELECT * FROM t1',
    );
    expect(df.schema.fields.map((f) => `${f.name}:${f.dataType.kind}`)).toEqual(['n:integer', 'm:long']);
    expect((await df.collect()).map((r) => Object.values(r.asDict()))).toEqual([
      [1, 1n],
      [2, 2n],
      [3, 3n],
    ]);
  });

  it('stops an endless recursion at a LIMIT above it', async () => {
    const r = await rows(
      'WITH RECURSIVE r(level) AS (VALUES 0 UNION ALL SELECT level + 1 FROM r) SELECT * FROM r LIMIT 10',
    );
    expect(r.map((x) => x[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('fails past the level and row limits', async () => {
    expect(
      await errorClass(
        'WITH RECURSIVE r(level) AS (VALUES 0 UNION ALL SELECT level + 1 FROM r) SELECT * FROM r',
      ),
    ).toBe('RECURSION_LEVEL_LIMIT_EXCEEDED');
    expect(
      await errorClass(
        'WITH RECURSIVE t MAX RECURSION LEVEL 100 AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM t WHERE n < 60) SELECT * FROM t',
      ),
    ).toBe('RECURSION_ROW_LIMIT_EXCEEDED');
  });

  it('MAX RECURSION LEVEL overrides the level limit', async () => {
    const r = await rows(
      'WITH RECURSIVE r(level) MAX RECURSION LEVEL 35 AS (VALUES 0 UNION ALL SELECT level + 1 FROM r WHERE level < 30) SELECT count(*) FROM r',
    );
    expect(r).toEqual([[31n]]);
  });

  it('reports Spark analysis errors for invalid definitions', async () => {
    expect(
      await errorClass(
        'WITH RECURSIVE r AS (SELECT 0 as level UNION SELECT (level + 1) % 10 FROM r) SELECT * FROM r',
      ),
    ).toBe('UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE');
    expect(
      await errorClass(
        'WITH RECURSIVE r(level) AS (SELECT level + 1 FROM r WHERE level < 9 UNION ALL VALUES 0) SELECT * FROM r',
      ),
    ).toBe('INVALID_RECURSIVE_CTE');
    expect(
      await errorClass(
        'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r GROUP BY n) SELECT * FROM r',
      ),
    ).toBe('INVALID_RECURSIVE_REFERENCE.PLACE');
    expect(
      await errorClass(
        'WITH RECURSIVE r(level, data) AS (VALUES (0, 0) UNION ALL SELECT level + 1, r.data FROM r FULL OUTER JOIN (SELECT 0 AS data) AS t ON t.data = r.data WHERE r.level < 9) SELECT * FROM r',
      ),
    ).toBe('INVALID_RECURSIVE_REFERENCE.PLACE');
    expect(
      await errorClass(
        'WITH RECURSIVE t1(n, m) AS (SELECT 1, 1 UNION ALL SELECT n+1, CAST(n+1 AS BIGINT) FROM t1 WHERE n < 5) SELECT * FROM t1',
      ),
    ).toBe('CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE');
  });

  it('joins two recursive CTEs', async () => {
    const r = await rows(
      'WITH RECURSIVE r1 AS (SELECT 0 AS level UNION ALL SELECT level + 1 FROM r1 WHERE level < 2), r2 AS (SELECT 10 AS level UNION ALL SELECT level + 1 FROM r2 WHERE level < 12) SELECT r1.level AS a, r2.level AS b FROM r1 JOIN r2 ON r2.level = r1.level + 10 ORDER BY 1',
    );
    expect(r).toEqual([
      [0, 10],
      [1, 11],
      [2, 12],
    ]);
  });
});
