// The optimizer's join-making rewrites, checked end to end: answers as Spark gives them, and plans that
// no longer evaluate a subquery per row or join without keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';

const spark = SparkSession.builder().appName('optimizer-rewrites').getOrCreate();
afterAll(() => spark.stop());

beforeAll(async () => {
  await spark.sql(
    'CREATE OR REPLACE TEMP VIEW t AS SELECT * FROM VALUES (1, 10), (2, 20), (3, 30), (NULL, 40) AS t(k, x)',
  );
  await spark.sql(
    'CREATE OR REPLACE TEMP VIEW s AS SELECT * FROM VALUES (1, 4), (1, 6), (2, 100), (NULL, 1) AS s(k, v)',
  );
});

async function rows(sql: string): Promise<unknown[][]> {
  const df = await spark.sql(sql);
  return (await df.collect()).map((r) => Object.values(r));
}

async function optimizedPlan(sql: string): Promise<string> {
  const text = (await spark.sql(sql)).explainString(true);
  return text.slice(text.indexOf('== Optimized Logical Plan =='), text.indexOf('== Physical Plan =='));
}

/**
 * The sorted rows of `sql`, equal with `rule` excluded and included, and the optimized plan with and
 * without it.
 */
async function withAndWithout(
  rule: string,
  sql: string,
): Promise<{ rows: string[]; plan: string; planWithout: string }> {
  const key = 'spark.sql.optimizer.excludedRules';
  const sorted = async () => (await rows(sql)).map((r) => JSON.stringify(r, bigintsAsText)).sort();
  spark.conf.set(key, rule);
  let without: string[];
  let planWithout: string;
  try {
    without = await sorted();
    planWithout = await optimizedPlan(sql);
  } finally {
    spark.conf.unset(key);
  }
  const withRule = await sorted();
  expect(withRule).toEqual(without);
  return { rows: withRule, plan: await optimizedPlan(sql), planWithout };
}

const bigintsAsText = (_: string, v: unknown): unknown => (typeof v === 'bigint' ? String(v) : v);

describe('RewriteCorrelatedScalarSubquery', () => {
  const avgQuery = 'SELECT k, x FROM t WHERE x > (SELECT avg(v) FROM s WHERE s.k = t.k) ORDER BY k';

  it('answers as the per-row subquery does: a key without rows reads NULL, a NULL key matches nothing', async () => {
    // k=1: avg 5 < 10 kept; k=2: avg 100 > 20 dropped; k=3 and k=NULL: no group, NULL comparison, dropped.
    expect(await rows(avgQuery)).toEqual([[1, 10]]);
    expect(
      await rows('SELECT k, (SELECT sum(v) * 2 FROM s WHERE s.k = t.k) AS d FROM t ORDER BY k NULLS FIRST'),
    ).toEqual([
      [null, null],
      [1, 20n],
      [2, 200n],
      [3, null],
    ]);
  });

  it('becomes an aggregate grouped by the correlated column, outer-joined to the query', async () => {
    const plan = await optimizedPlan(avgQuery);
    expect(plan).toMatch(/Join LeftOuter, \(k#\d+ = k#\d+\)/);
    expect(plan).toMatch(/Aggregate \[k#\d+\], \[k#\d+, avg\(v#\d+\)/);
    expect(plan).not.toContain('scalarsubquery');
  });

  it('keeps count(*) per row: over no rows it is 0, which an outer join would make NULL', async () => {
    const sql = 'SELECT k, (SELECT count(*) FROM s WHERE s.k = t.k) AS n FROM t ORDER BY k NULLS FIRST';
    expect(await rows(sql)).toEqual([
      [null, 0n],
      [1, 2n],
      [2, 1n],
      [3, 0n],
    ]);
    expect(await optimizedPlan(sql)).toContain('scalarsubquery');
  });

  it('leaves a non-equality correlation to the per-row evaluation, with the same answers', async () => {
    const sql = 'SELECT k, (SELECT max(v) FROM s WHERE s.k < t.k) AS m FROM t ORDER BY k NULLS FIRST';
    expect(await rows(sql)).toEqual([
      [null, null],
      [1, null],
      [2, 6],
      [3, 100],
    ]);
    expect(await optimizedPlan(sql)).toContain('scalarsubquery');
  });

  describe('an uncorrelated global aggregate in a HAVING', () => {
    // Groups of t by x % 20: 0 -> 10 + 30 ... per group sums 40 (x=10,30), 60 (x=20,40); sum(v) of s = 111.
    const having =
      'SELECT x % 20 AS g, sum(x) AS total FROM t GROUP BY x % 20 HAVING sum(x) > (SELECT sum(v) / 2 FROM s) ORDER BY g';

    it('is crossed with the query as its one row, and answers as the subquery does', async () => {
      // Threshold 55.5: only the group of 20 and 40 (60) passes.
      expect(await rows(having)).toEqual([[0, 60n]]);
      const plan = await optimizedPlan(having);
      // The comparison becomes the join's condition.
      expect(plan).toMatch(/Join Inner, \(total#\d+ > \(sum\(v\) \/ 2\)#\d+\)/);
      expect(plan).not.toContain('scalarsubquery');
    });

    it('reads NULL from an aggregate over no rows, so no group passes', async () => {
      const sql =
        'SELECT x % 20 AS g FROM t GROUP BY x % 20 HAVING sum(x) > (SELECT max(v) FROM s WHERE v > 1000)';
      expect(await rows(sql)).toEqual([]);
      expect(await optimizedPlan(sql)).not.toContain('scalarsubquery');
    });

    it('stays a subquery when it may give no row (a HAVING of its own) or sits over a scan', async () => {
      const noRow =
        'SELECT x % 20 AS g FROM t GROUP BY x % 20 HAVING sum(x) > (SELECT sum(v) FROM s HAVING sum(v) > 1000)';
      // The subquery gives no row: its value is NULL, and no group passes (a cross join would lose them too,
      // but only as the comparison does; the plan keeps Spark's evaluation).
      expect(await rows(noRow)).toEqual([]);
      expect(await optimizedPlan(noRow)).toContain('scalarsubquery');
      const overScan = 'SELECT x FROM t WHERE x > (SELECT sum(v) / 4 FROM s) ORDER BY x';
      expect(await rows(overScan)).toEqual([[30], [40]]);
      expect(await optimizedPlan(overScan)).toContain('scalarsubquery');
    });
  });
});

describe('BooleanSimplification', () => {
  const sql = `SELECT t.k, s.v FROM t, s
    WHERE (t.k = s.k AND s.v < 5) OR (t.k = s.k AND t.x >= 20) ORDER BY t.k, s.v`;

  it('factors a conjunct common to every branch of an OR out of it', async () => {
    expect(await rows(sql)).toEqual([
      [1, 4],
      [2, 100],
    ]);
    const plan = await optimizedPlan(sql);
    // The join key left the OR and became the join condition; the rest of the OR stays.
    expect(plan).toMatch(/Join Inner, \(\(k#\d+ = k#\d+\) AND /);
    expect(plan).toMatch(/\(\(v#\d+ < 5\) OR \(x#\d+ >= 20\)\)/);
  });

  it('drops the OR when one branch is just the common part: (a AND b) OR a is a', async () => {
    const absorbed = 'SELECT k FROM t WHERE (k > 1 AND x > 25) OR k > 1 ORDER BY k';
    expect(await rows(absorbed)).toEqual([[2], [3]]);
    expect(await optimizedPlan(absorbed)).not.toContain(' OR ');
  });
});

describe('ReorderJoin', () => {
  beforeAll(async () => {
    await spark.sql('CREATE OR REPLACE TEMP VIEW a AS SELECT * FROM VALUES (1, 100), (2, 200) AS a(ak, av)');
    await spark.sql('CREATE OR REPLACE TEMP VIEW b AS SELECT * FROM VALUES (10, 1), (20, 2) AS b(bk, bj)');
    await spark.sql(
      'CREATE OR REPLACE TEMP VIEW c AS SELECT * FROM VALUES (1, 10, 7), (2, 20, 8) AS c(ck, cj, cv)',
    );
  });
  // a and b share no condition: in FROM order the first join would be a cartesian product.
  const sql = 'SELECT av, bk, cv FROM a, b, c WHERE a.ak = c.ck AND b.bk = c.cj ORDER BY av';

  it('joins each relation to one a condition links it to, from the first relation on', async () => {
    const plan = await optimizedPlan(sql);
    expect(plan).not.toContain('Join Cross');
    // a first, then c (linked to a), then b (linked to c).
    // (Between them, a Project drops the join keys nobody reads later.)
    expect(plan).toMatch(
      /Join Inner, \(bk#\d+ = cj#\d+\)\n\s+:- (Project \[[^\]]*\]\n[\s:]+\+- )?Join Inner, \(ak#\d+ = ck#\d+\)/,
    );
  });

  it('gives the same answer as the written order', async () => {
    expect(await rows(sql)).toEqual([
      [100, 10, 7],
      [200, 20, 8],
    ]);
  });

  it('orders the FROM chain below a correlated scalar subquery too', async () => {
    const q = `SELECT av, cv FROM a, b, c WHERE a.ak = c.ck AND b.bk = c.cj
      AND cv = (SELECT max(cv) FROM c c2 WHERE c2.ck = a.ak) ORDER BY av`;
    expect(await rows(q)).toEqual([
      [100, 7],
      [200, 8],
    ]);
    expect(await optimizedPlan(q)).not.toContain('Join Cross');
  });

  it('leaves two relations, outer joins and joins without any condition as written', async () => {
    expect(await optimizedPlan('SELECT * FROM a, b')).toContain('Join Cross');
    const outer = await optimizedPlan('SELECT * FROM a LEFT JOIN c ON a.ak = c.ck JOIN b ON b.bk = c.cj');
    expect(outer).toMatch(/Join Inner, \(bk#\d+ = cj#\d+\)\n\s+:- Join LeftOuter/);
  });
});

describe('PushExtraPredicateThroughJoin', () => {
  // Each side of the OR reads both tables; what it says about one table alone is a filter below.
  const sql = `SELECT t.k, s.v FROM t JOIN s ON t.k = s.k AND ((t.x = 10 AND s.v = 4) OR (t.x = 20 AND s.v = 100))
    ORDER BY t.k, s.v`;

  it('filters each side by what the OR implies about it and keeps the whole condition', async () => {
    expect(await rows(sql)).toEqual([
      [1, 4],
      [2, 100],
    ]);
    const plan = await optimizedPlan(sql);
    expect(plan).toMatch(/Filter .*\(\(x#\d+ = 10\) OR \(x#\d+ = 20\)\)/);
    expect(plan).toMatch(/Filter .*\(\(v#\d+ = 4\) OR \(v#\d+ = 100\)\)/);
    expect(plan).toMatch(/Join Inner, .*\(\(\(x#\d+ = 10\) AND \(v#\d+ = 4\)\) OR/);
  });

  it('filters only the side whose unmatched rows are dropped in an outer join', async () => {
    const outer = `SELECT t.k, t.x, s.v FROM t LEFT JOIN s ON t.k = s.k AND (t.x = 10 AND s.v = 4 OR t.x = 20 AND s.v = 100)
      ORDER BY t.x`;
    expect(await rows(outer)).toEqual([
      [1, 10, 4],
      [2, 20, 100],
      [3, 30, null],
      [null, 40, null],
    ]);
    const plan = await optimizedPlan(outer);
    expect(plan).toMatch(/Filter .*\(\(v#\d+ = 4\) OR \(v#\d+ = 100\)\)/);
    expect(plan).not.toMatch(/Filter .*\(\(x#\d+ = 10\) OR \(x#\d+ = 20\)\)/);
  });
});

describe('ColumnPruning under joins', () => {
  it('drops the columns a join read and nobody above needs before the next join', async () => {
    await spark.sql(
      "CREATE OR REPLACE TEMP VIEW u AS SELECT * FROM VALUES (4, 'four'), (100, 'hundred') AS u(uv, name)",
    );
    const sql = 'SELECT t.x, u.name FROM t JOIN s ON t.k = s.k JOIN u ON s.v = u.uv ORDER BY t.x';
    expect(await rows(sql)).toEqual([
      [10, 'four'],
      [20, 'hundred'],
    ]);
    // Above the first join only x and v go on: the keys t.k and s.k are not carried into the second.
    expect(await optimizedPlan(sql)).toMatch(
      /Project \[x#\d+, v#\d+\]\n[\s:]+\+- Join Inner, \(k#\d+ = k#\d+\)/,
    );
  });
});

describe('RewritePredicateSubquery', () => {
  it('puts an IN subquery over one side of a join below that join, as a semi join there', async () => {
    const sql = `SELECT t.k, s.v FROM t JOIN s ON t.k = s.k
      WHERE t.x IN (SELECT x FROM t WHERE x >= 20) ORDER BY t.k, s.v`;
    expect(await rows(sql)).toEqual([[2, 100]]);
    // Printed top down: the semi join comes after (below) the inner join.
    const plan = await optimizedPlan(sql);
    expect(plan.indexOf('Join Inner')).toBeGreaterThan(-1);
    expect(plan.indexOf('Join LeftSemi')).toBeGreaterThan(plan.indexOf('Join Inner'));
  });

  it('turns an IN nested inside another IN subquery into a join as well', async () => {
    const sql = `SELECT k FROM t WHERE k IN (SELECT k FROM s WHERE v IN (SELECT v FROM s WHERE v > 5)) ORDER BY k`;
    // s rows with v > 5: (1, 6), (2, 100) -> keys 1 and 2.
    expect(await rows(sql)).toEqual([[1], [2]]);
    const plan = await optimizedPlan(sql);
    expect(plan).not.toMatch(/IN \(listquery|in\(listquery|insubquery/i);
    expect(plan.match(/Join LeftSemi/g)).toHaveLength(2);
  });
});

describe('PushLeftSemiLeftAntiThroughJoin', () => {
  const semiOver = (joinType: string, outer: string, sideCondition: string) =>
    `SELECT * FROM (SELECT t.k AS tk, t.x, s.k AS sk, s.v FROM t ${outer} JOIN s ON t.k = s.k) j
      LEFT ${joinType} JOIN (SELECT * FROM VALUES (1), (2) AS u(y)) u ON ${sideCondition}`;
  /** Whether the plan prints the semi or anti join below (after) the inner or outer join. */
  const semiBelow = (plan: string, below: string) =>
    plan.indexOf(below) < plan.search(/Join Left(Semi|Anti)/) && plan.indexOf(below) >= 0;
  /** The rows of `sql`, sorted, with the rule excluded and included (which must agree), and the plan. */
  async function bothWays(sql: string, below: string): Promise<{ rows: unknown[][]; moved: boolean }> {
    const key = 'spark.sql.optimizer.excludedRules';
    const sorted = async () => (await rows(sql)).map((r) => JSON.stringify(r)).sort();
    spark.conf.set(key, 'PushLeftSemiLeftAntiThroughJoin');
    const without = await sorted();
    expect(semiBelow(await optimizedPlan(sql), below)).toBe(false);
    spark.conf.unset(key);
    const withRule = await sorted();
    expect(withRule).toEqual(without);
    return {
      rows: withRule.map((r) => JSON.parse(r) as unknown[]),
      moved: semiBelow(await optimizedPlan(sql), below),
    };
  }

  it('moves a semi or anti join below an inner join, to the side its condition reads', async () => {
    // The inner join's rows: (1, 10, 1, 4), (1, 10, 1, 6), (2, 20, 2, 100).
    for (const [joinType, condition, want] of [
      ['SEMI', 'v = y * 100 OR sk = y', 3],
      ['ANTI', 'tk = y', 0],
      ['SEMI', 'tk = y + 1', 1],
    ] as const) {
      const { rows: r, moved } = await bothWays(semiOver(joinType, '', condition), 'Join Inner');
      expect(r).toHaveLength(want);
      expect(moved).toBe(true);
    }
  });

  it('moves below an outer join only to its preserved side', async () => {
    // t LEFT JOIN s: (1, 10, 1, 4), (1, 10, 1, 6), (2, 20, 2, 100), (3, 30, NULL, NULL), (NULL, 40, NULL, NULL).
    const toPreserved = await bothWays(semiOver('ANTI', 'LEFT', 'tk = y'), 'Join LeftOuter');
    expect(toPreserved.rows).toHaveLength(2);
    expect(toPreserved.moved).toBe(true);
    // A condition on s's key stays above: the null-extended rows have no s key, and the anti join keeps them.
    const stays = await bothWays(semiOver('ANTI', 'LEFT', 'sk = y'), 'Join LeftOuter');
    expect(stays.rows).toHaveLength(2);
    expect(stays.moved).toBe(false);
  });
});

describe('PushSelectiveJoinDown', () => {
  beforeAll(() => {
    // A fact of (key, dimension code, amount), a relation joined on the key, and a small dimension.
    spark
      .createDataFrame(
        [
          [1, 1, 10],
          [2, 2, 20],
          [3, 1, 30],
          [4, 3, 40],
          [5, null, 50],
        ],
        'k INT, d INT, amount INT',
      )
      .createOrReplaceTempView('fact');
    spark
      .createDataFrame(
        [
          [1, 'a'],
          [2, 'b'],
          [3, 'c'],
          [4, 'd'],
          [5, 'e'],
        ],
        'k INT, tag STRING',
      )
      .createOrReplaceTempView('mid');
    spark
      .createDataFrame(
        [
          [1, 'FRANCE'],
          [2, 'GERMANY'],
          [3, 'PERU'],
        ],
        'd INT, name STRING',
      )
      .createOrReplaceTempView('dim');
    spark
      .createDataFrame(
        [
          [1, 'x'],
          [2, 'y'],
          [3, 'z'],
        ],
        'd INT, label STRING',
      )
      .createOrReplaceTempView('labels');
  });

  const bothWays = (sql: string) => withAndWithout('PushSelectiveJoinDown', sql);
  /** Whether the join on `dimKey` sits below (prints after) the join on `otherKey`. */
  const joinBelow = (plan: string, dimKey: RegExp, otherKey: RegExp) => {
    const lines = plan.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => l.includes('Join Inner') && re.test(l));
    return at(dimKey) > at(otherKey) && at(otherKey) >= 0;
  };

  it('joins a selectively filtered dimension first to the relation its key comes from', async () => {
    const { rows: r, plan } = await bothWays(
      `SELECT fact.k, tag, name FROM fact, mid, dim
       WHERE fact.k = mid.k AND fact.d = dim.d AND dim.name IN ('FRANCE', 'PERU')`,
    );
    expect(r).toEqual(['[1,"a","FRANCE"]', '[3,"c","FRANCE"]', '[4,"d","PERU"]']);
    expect(joinBelow(plan, /\(d#\d+ = d#\d+\)/, /\(k#\d+ = k#\d+\)/)).toBe(true);
  });

  it('moves the key equality alone when the rest of the condition reads another relation', async () => {
    const { rows: r, plan } = await bothWays(
      `SELECT fact.k, name FROM fact, mid, dim
       WHERE fact.k = mid.k AND fact.d = dim.d AND dim.name <> 'GERMANY' AND (name = 'FRANCE' OR tag = 'd')`,
    );
    expect(r).toEqual(['[1,"FRANCE"]', '[3,"FRANCE"]', '[4,"PERU"]']);
    expect(joinBelow(plan, /\(d#\d+ = d#\d+\)$/, /\(k#\d+ = k#\d+\)/)).toBe(true);
    expect(plan).toMatch(/Filter \(\(name#\d+ = FRANCE\) OR \(tag#\d+ = d\)\)/);
  });

  it('takes a written join of a selective relation and another as one dimension', async () => {
    const { rows: r, plan } = await bothWays(
      `SELECT fact.k, tag, label FROM fact, mid,
         (SELECT dim.d AS dd, label FROM dim JOIN labels ON dim.d = labels.d WHERE name = 'PERU') x
       WHERE fact.k = mid.k AND fact.d = x.dd`,
    );
    expect(r).toEqual(['[4,"d","z"]']);
    expect(joinBelow(plan, /\(d#\d+ = dd#\d+\)/, /\(k#\d+ = k#\d+\)/)).toBe(true);
  });

  it('moves two dimensions of one relation down once each', async () => {
    const { rows: r, plan } = await bothWays(
      `SELECT fact.k, name, label FROM fact, mid, dim, labels
       WHERE fact.k = mid.k AND fact.d = dim.d AND fact.d = labels.d AND name <> 'GERMANY' AND label <> 'x'`,
    );
    expect(r).toEqual(['[4,"PERU","z"]']);
    expect(plan.match(/Join Inner/g)).toHaveLength(3);
  });

  it('sizes a written join of a selective relation and another as their sides added, so it can be broadcast', async () => {
    spark
      .createDataFrame(
        Array.from({ length: 100 }, (_, i) => [i % 7, `row ${i}`]),
        'k INT, note STRING',
      )
      .createOrReplaceTempView('big');
    // Spark sizes a join as the product of its sides (here 72 x 60 bytes, over the threshold), and
    // big is over it too: both would be shuffled and sorted; the sum (132 bytes) is broadcast.
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '1000');
    try {
      const sql = `SELECT fact.k, name, note FROM dim JOIN fact ON dim.d = fact.d JOIN big ON fact.k = big.k
         WHERE dim.name = 'PERU'`;
      const { rows: r } = await bothWays(sql);
      expect(r).toEqual([...Array(14).keys()].map((i) => `[4,"PERU","row ${4 + 7 * i}"]`).sort());
      const physical = (await spark.sql(sql)).explainString();
      expect(physical).toMatch(/BroadcastHashJoin \[k#\d+\], \[k#\d+\], Inner, BuildLeft/);
      expect(physical).not.toMatch(/SortMergeJoin/);
    } finally {
      spark.conf.unset('spark.sql.autoBroadcastJoinThreshold');
    }
  });

  it('leaves a dimension without a selective filter where it is', async () => {
    const { rows: r, plan } = await bothWays(
      `SELECT fact.k, name FROM fact, mid, dim WHERE fact.k = mid.k AND fact.d = dim.d`,
    );
    expect(r).toHaveLength(4);
    expect(joinBelow(plan, /\(d#\d+ = d#\d+\)/, /\(k#\d+ = k#\d+\)/)).toBe(false);
  });
});

describe('JoinGroupingDimensionLast', () => {
  beforeAll(() => {
    // Customers (key, nation, name), their orders (order key, customer), order lines (order key,
    // amount) and nations: TPC-H Q10's shape.
    spark
      .createDataFrame(
        [
          [1, 1, 'ann'],
          [2, 2, 'bob'],
          [3, 1, 'cy'],
          [4, 3, 'dee'],
        ],
        'ck INT, cnk INT, cname STRING',
      )
      .createOrReplaceTempView('cust');
    spark
      .createDataFrame(
        [
          [10, 1],
          [11, 1],
          [12, 2],
          [13, 3],
          [14, 9],
        ],
        'ok INT, ock INT',
      )
      .createOrReplaceTempView('ord');
    spark
      .createDataFrame(
        [
          [10, 5],
          [10, 7],
          [11, 1],
          [12, 100],
          [13, 20],
          [14, 3],
        ],
        'lok INT, amount INT',
      )
      .createOrReplaceTempView('line');
    spark
      .createDataFrame(
        [
          [1, 'FRANCE'],
          [2, 'PERU'],
          [3, 'CHAD'],
        ],
        'nk INT, nname STRING',
      )
      .createOrReplaceTempView('nat');
  });

  const q10Shape = (groupBy: string, where = '') =>
    `SELECT ${groupBy}, sum(amount) AS total FROM cust, ord, line, nat
     WHERE ck = ock AND ok = lok AND cnk = nk ${where} GROUP BY ${groupBy}`;
  /** The condition of the topmost inner join in an optimized plan. */
  const topJoin = (plan: string) => /Join Inner, (.*)/.exec(plan)?.[1];

  it('joins the grouped dimension last, on its grouped key, after the relations the sums read', async () => {
    const { rows: r, plan } = await withAndWithout('JoinGroupingDimensionLast', q10Shape('ck, cname, nname'));
    // Customer 4 has order 13 only; order 14's customer 9 does not exist.
    expect(r).toEqual(['[1,"ann","FRANCE","13"]', '[2,"bob","PERU","100"]', '[3,"cy","FRANCE","20"]'].sort());
    expect(topJoin(plan)).toMatch(/^\(ck#\d+ = ock#\d+\)$/);
    // Below it, the orders meet their lines, and the customers their nations.
    expect(plan).toMatch(/Join Inner, \(ok#\d+ = lok#\d+\)/);
    expect(plan).toMatch(/Join Inner, \(cnk#\d+ = nk#\d+\)/);
  });

  it('then aggregates once, where the join partitioned the rows by that key', async () => {
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
    try {
      const sql = q10Shape('ck, cname, nname');
      const physical = (await spark.sql(sql)).explainString();
      expect(physical.match(/HashAggregate/g)).toHaveLength(1);
      expect(physical).not.toMatch(/hashpartitioning\(ck#\d+, cname/);
      expect((await rows(sql)).map((r) => JSON.stringify(r, bigintsAsText)).sort()).toEqual(
        ['[1,"ann","FRANCE","13"]', '[2,"bob","PERU","100"]', '[3,"cy","FRANCE","20"]'].sort(),
      );
    } finally {
      spark.conf.unset('spark.sql.autoBroadcastJoinThreshold');
    }
  });

  it('leaves the order alone when the key is not grouped, the dimension is filtered or summed', async () => {
    const cases = [
      q10Shape('cname, nname'),
      q10Shape('ck, cname, nname', "AND cname <> 'bob'"),
      `SELECT ck, nname, sum(amount + cnk) FROM cust, ord, line, nat
       WHERE ck = ock AND ok = lok AND cnk = nk GROUP BY ck, nname`,
    ];
    for (const sql of cases) {
      const { plan, planWithout } = await withAndWithout('JoinGroupingDimensionLast', sql);
      expect(plan.replace(/#\d+/g, '#')).toEqual(planWithout.replace(/#\d+/g, '#'));
    }
  });
});

describe('RewriteCorrelatedAggregateAsWindow', () => {
  beforeAll(() => {
    // Lines of parts (part, quantity, price); parts (key, brand), part 2 listed twice.
    spark
      .createDataFrame(
        [
          [1, 1, 10],
          [1, 5, 20],
          [1, 9, 30],
          [2, 2, 40],
          [2, 4, 50],
          [3, 7, 60],
          [null, 1, 70],
        ],
        'lpk INT, qty INT, price INT',
      )
      .createOrReplaceTempView('lines');
    spark
      .createDataFrame(
        [
          [1, 'A'],
          [2, 'A'],
          [2, 'A'],
          [3, 'B'],
        ],
        'pk INT, brand STRING',
      )
      .createOrReplaceTempView('parts');
  });

  const rule = 'RewriteCorrelatedAggregateAsWindow';
  const q17Shape = (aggregate: string, where = '') =>
    `SELECT lpk, qty, price FROM lines, parts
     WHERE pk = lpk AND brand = 'A' ${where}
       AND qty < (SELECT ${aggregate} FROM lines l2 WHERE l2.lpk = pk)`;

  it("averages each key's rows over the query's own join, as the subquery's second scan did", async () => {
    const { rows: r, plan } = await withAndWithout(rule, q17Shape('avg(l2.qty)'));
    // Part 1 averages 5: quantity 1 passes; part 2 (listed twice, so its lines twice) averages 3.
    expect(r).toEqual(['[1,1,10]', '[2,2,40]', '[2,2,40]']);
    expect(plan).toMatch(/Window \[avg\(qty#\d+\) OVER \(PARTITION BY/);
    expect(plan).not.toContain('LeftOuter');
    const { rows: withMax } = await withAndWithout(rule, q17Shape('max(l2.qty) - 1'));
    expect(withMax).toEqual(['[1,1,10]', '[1,5,20]', '[2,2,40]', '[2,2,40]']);
  });

  it('keeps the join when the query filters its copy, the aggregate counts repeats, or it reads another relation', async () => {
    const cases = [
      q17Shape('avg(l2.qty)', 'AND price > 10'),
      q17Shape('sum(l2.qty) / 4'),
      `SELECT lpk, qty FROM lines, parts WHERE pk = lpk AND qty < (SELECT avg(v) FROM s WHERE s.k = lpk)`,
    ];
    for (const sql of cases) {
      const { plan } = await withAndWithout(rule, sql);
      expect(plan).toContain('LeftOuter');
      expect(plan).not.toContain('Window');
    }
  });
});
