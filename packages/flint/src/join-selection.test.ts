// Join strategies end to end: every strategy Spark's JoinSelection can pick, forced by hints and confs,
// gives the rows a brute-force join gives, for every join type, NULL keys, duplicates, <=> and an extra
// condition; and the strategy and exchanges chosen are Spark's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';
import { broadcast } from './functions.js';
import type { Column } from './column.js';
import type { DataFrame } from './dataframe.js';

const spark = SparkSession.builder()
  .appName('flint-join-selection')
  .config('spark.sql.session.timeZone', 'UTC')
  .config('spark.sql.shuffle.partitions', '3')
  .getOrCreate();
afterAll(() => spark.stop());

type Row = [number | null, number];
const leftRows: Row[] = [
  [1, 10],
  [1, 25],
  [2, 20],
  [null, 30],
  [3, 40],
  [5, 50],
  [null, 5],
  [5, 1],
];
const rightRows: Row[] = [
  [1, 11],
  [2, 15],
  [2, 21],
  [null, 31],
  [4, 41],
  [5, 60],
  [5, 0],
  [null, 2],
];

const HOWS = ['inner', 'cross', 'left', 'right', 'full', 'left_semi', 'left_anti'] as const;
type How = (typeof HOWS)[number];

type Pred = (l: Row, r: Row) => boolean;
const eq = (a: number | null, b: number | null) => a !== null && b !== null && a === b;
const eqNullSafe = (a: number | null, b: number | null) => (a === null ? b === null : a === b);

/** The join computed pair by pair, rows rendered as strings and sorted. */
function bruteForce(how: How, pred: Pred): string[] {
  const out: unknown[][] = [];
  const rightMatched = new Set<number>();
  for (const l of leftRows) {
    let matched = false;
    rightRows.forEach((r, j) => {
      if (!pred(l, r)) return;
      matched = true;
      rightMatched.add(j);
      if (how !== 'left_semi' && how !== 'left_anti') out.push([...l, ...r]);
    });
    if (how === 'left_semi' && matched) out.push([...l]);
    if (how === 'left_anti' && !matched) out.push([...l]);
    if ((how === 'left' || how === 'full') && !matched) out.push([...l, null, null]);
  }
  if (how === 'right' || how === 'full')
    rightRows.forEach((r, j) => {
      if (!rightMatched.has(j)) out.push([null, null, ...r]);
    });
  return out.map((r) => JSON.stringify(r)).sort();
}

let L: DataFrame;
let R: DataFrame;
beforeAll(() => {
  L = spark.createDataFrame(leftRows, 'k INT, v INT');
  R = spark.createDataFrame(rightRows, 'k INT, w INT');
});

const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

async function rowsOf(df: DataFrame): Promise<string[]> {
  return (await df.collect()).map((r) => JSON.stringify(r.toArray(), big)).sort();
}

interface Condition {
  readonly name: string;
  readonly col: (l: DataFrame, r: DataFrame) => Column;
  readonly pred: Pred;
  readonly equi: boolean;
}

const CONDITIONS: readonly Condition[] = [
  { name: 'k = k', col: (l, r) => l.col('k').eq(r.col('k')), pred: (l, r) => eq(l[0], r[0]), equi: true },
  {
    name: 'k <=> k',
    col: (l, r) => l.col('k').eqNullSafe(r.col('k')),
    pred: (l, r) => eqNullSafe(l[0], r[0]),
    equi: true,
  },
  {
    name: 'k = k and v < w',
    col: (l, r) =>
      l
        .col('k')
        .eq(r.col('k'))
        .and(l.col('v').lt(r.col('w'))),
    pred: (l, r) => eq(l[0], r[0]) && l[1] < r[1],
    equi: true,
  },
  {
    name: 'k <=> k and v < w',
    col: (l, r) =>
      l
        .col('k')
        .eqNullSafe(r.col('k'))
        .and(l.col('v').lt(r.col('w'))),
    pred: (l, r) => eqNullSafe(l[0], r[0]) && l[1] < r[1],
    equi: true,
  },
  {
    name: 'v < w (no keys)',
    col: (l, r) => l.col('v').lt(r.col('w')),
    pred: (l, r) => l[1] < r[1],
    equi: false,
  },
];

interface Strategy {
  readonly name: string;
  readonly build: (l: DataFrame, r: DataFrame) => [DataFrame, DataFrame];
  readonly confs?: Readonly<Record<string, string>>;
  /** The physical operator expected in the plan, for the join types and conditions it applies to. */
  readonly expect: (how: How, equi: boolean) => string | RegExp | null;
}

const innerLike = (how: How) => how === 'inner' || how === 'cross';
const STRATEGIES: readonly Strategy[] = [
  {
    name: 'broadcast right',
    build: (l, r) => [l, broadcast(r)],
    expect: (how, equi) =>
      equi
        ? how === 'right' || how === 'full'
          ? null
          : 'BroadcastHashJoin'
        : 'BroadcastNestedLoopJoin BuildRight',
  },
  {
    name: 'broadcast left',
    build: (l, r) => [broadcast(l), r],
    expect: (how, equi) =>
      equi
        ? innerLike(how) || how === 'right'
          ? 'BroadcastHashJoin'
          : null
        : 'BroadcastNestedLoopJoin BuildLeft',
  },
  {
    name: 'shuffle_hash right',
    build: (l, r) => [l, r.hint('shuffle_hash')],
    confs: { 'spark.sql.autoBroadcastJoinThreshold': '-1' },
    expect: (_how, equi) => (equi ? 'ShuffledHashJoin' : null),
  },
  {
    name: 'shuffle_hash left',
    build: (l, r) => [l.hint('shuffle_hash'), r],
    confs: { 'spark.sql.autoBroadcastJoinThreshold': '-1' },
    // A semi or anti join cannot build its left side: the hint does not apply.
    expect: (how, equi) =>
      equi
        ? how === 'left_semi' || how === 'left_anti'
          ? 'SortMergeJoin'
          : /ShuffledHashJoin .*BuildLeft/
        : null,
  },
  {
    name: 'merge',
    build: (l, r) => [l.hint('merge'), r],
    expect: (_how, equi) => (equi ? 'SortMergeJoin' : null),
  },
  {
    name: 'no hint, no broadcast',
    build: (l, r) => [l, r],
    confs: { 'spark.sql.autoBroadcastJoinThreshold': '-1' },
    expect: (how, equi) =>
      equi ? 'SortMergeJoin' : innerLike(how) ? 'CartesianProduct' : 'BroadcastNestedLoopJoin',
  },
  {
    name: 'shuffle_replicate_nl',
    build: (l, r) => [l, r.hint('shuffle_replicate_nl')],
    expect: (how) => (innerLike(how) ? 'CartesianProduct' : null),
  },
];

async function withConfs<X>(
  confs: Readonly<Record<string, string>> | undefined,
  f: () => Promise<X>,
): Promise<X> {
  const keys = Object.keys(confs ?? {});
  for (const k of keys) await spark.sql(`SET ${k}=${confs![k]}`);
  try {
    return await f();
  } finally {
    for (const k of keys) await spark.sql(`RESET ${k}`);
  }
}

describe('JoinSelection: every strategy gives the same rows', () => {
  for (const s of STRATEGIES) {
    for (const c of CONDITIONS) {
      it(`${s.name}: ${c.name}`, async () => {
        await withConfs(s.confs, async () => {
          for (const how of HOWS) {
            const [l, r] = s.build(L, R);
            const joined = l.join(r, c.col(L, R), how);
            const plan = joined.explainString();
            const want = s.expect(how, c.equi);
            if (typeof want === 'string') expect(plan, `${how}\n${plan}`).toContain(want);
            else if (want !== null) expect(plan, `${how}\n${plan}`).toMatch(want);
            expect(await rowsOf(joined), `${how}\n${plan}`).toEqual(bruteForce(how, c.pred));
          }
        });
      });
    }
  }
});

describe('JoinSelection by size', () => {
  it('picks a shuffled hash join when sort-merge is not preferred and one side is much smaller', async () => {
    const big = spark.createDataFrame(
      Array.from({ length: 300 }, (_, i) => [i % 40, i]),
      'k INT, v INT',
    );
    const small = spark.createDataFrame(
      Array.from({ length: 40 }, (_, i) => [i, i * 2]),
      'k INT, w INT',
    );
    // Sizes: the small side holds 40 * 8 bytes, the big one 300 * 8.
    const confs = {
      'spark.sql.autoBroadcastJoinThreshold': '200',
      'spark.sql.join.preferSortMergeJoin': 'false',
    };
    await withConfs(confs, async () => {
      const j = big.join(small, big.col('k').eq(small.col('k')));
      expect(j.explainString()).toContain('ShuffledHashJoin');
      expect(j.explainString()).toContain('BuildRight');
      expect(await j.count()).toBe(300);
    });
    await withConfs({ 'spark.sql.autoBroadcastJoinThreshold': '200' }, async () => {
      const j = big.join(small, big.col('k').eq(small.col('k')));
      expect(j.explainString()).toContain('SortMergeJoin');
    });
    await withConfs({ 'spark.sql.autoBroadcastJoinThreshold': '400' }, async () => {
      const j = big.join(small, big.col('k').eq(small.col('k')));
      expect(j.explainString()).toContain('BroadcastHashJoin');
    });
  });
});

describe('join strategies switched at run time (adaptive execution)', () => {
  /** The operators the tasks of an action ran. */
  async function operatorsRun(df: DataFrame): Promise<Set<string>> {
    const names = new Set<string>();
    const listener = {
      onTaskEnd: (e: { taskMetrics: { operators: readonly { name: string }[] } }) => {
        for (const o of e.taskMetrics.operators) names.add(o.name);
      },
    };
    spark.addListener(listener);
    try {
      await df.collect();
    } finally {
      spark.removeListener(listener);
    }
    return names;
  }

  it('runs a planned merge join over small shuffles as a shuffled hash join, unless told not to', async () => {
    for (const how of HOWS) {
      // Planned without broadcasts; adaptive execution's own threshold lets it build a side.
      const adaptive = {
        'spark.sql.autoBroadcastJoinThreshold': '-1',
        'spark.sql.adaptive.autoBroadcastJoinThreshold': '10m',
      };
      await withConfs(adaptive, async () => {
        const j = L.join(R, L.col('k').eq(R.col('k')), how);
        expect(j.explainString()).toContain('SortMergeJoin');
        const ran = await operatorsRun(j);
        expect(ran.has('HashJoin'), how).toBe(true);
        expect(ran.has('SortMergeJoin'), how).toBe(false);
        expect(await rowsOf(j), how).toEqual(bruteForce(how, (l, r) => eq(l[0], r[0])));
      });
      const noSwitch = {
        'spark.sql.autoBroadcastJoinThreshold': '-1',
        'spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold': '0',
      };
      await withConfs(noSwitch, async () => {
        const ran = await operatorsRun(L.join(R, L.col('k').eq(R.col('k')), how));
        expect(ran.has('SortMergeJoin'), how).toBe(true);
        expect(ran.has('HashJoin'), how).toBe(false);
      });
    }
  });
});

describe('EnsureRequirements', () => {
  const count = (s: string, sub: string) => s.split(sub).length - 1;

  it('does not shuffle again for an aggregate on the join keys', async () => {
    await withConfs({ 'spark.sql.autoBroadcastJoinThreshold': '-1' }, async () => {
      const j = L.join(R, L.col('k').eq(R.col('k')))
        .groupBy(L.col('k'))
        .count();
      const plan = j.explainString();
      expect(plan).toContain('SortMergeJoin');
      expect(count(plan, 'Exchange hashpartitioning')).toBe(2);
      const rows = (await j.collect()).map((r) => JSON.stringify(r.toArray(), big)).sort();
      expect(rows).toEqual(['[1,2]', '[2,2]', '[5,4]']);
    });
  });

  it('joins two aggregates on their grouping keys without a new shuffle', async () => {
    await withConfs({ 'spark.sql.autoBroadcastJoinThreshold': '-1' }, async () => {
      const a = L.groupBy('k').count();
      const b = R.groupBy('k').count();
      const j = a.join(b, a.col('k').eq(b.col('k')));
      const plan = j.explainString();
      expect(count(plan, 'Exchange hashpartitioning')).toBe(2);
      expect(await j.count()).toBe(3);
    });
  });

  it('shuffles only the side that is not yet partitioned on the keys', async () => {
    await withConfs({ 'spark.sql.autoBroadcastJoinThreshold': '-1' }, async () => {
      const a = L.groupBy('k').count();
      const j = a.join(R, a.col('k').eq(R.col('k')), 'left');
      const plan = j.explainString();
      expect(count(plan, 'Exchange hashpartitioning')).toBe(2);
      const rows = (await j.collect()).map((r) => JSON.stringify(r.toArray(), big)).sort();
      expect(rows).toEqual(
        [
          '[1,2,1,11]',
          '[2,1,2,15]',
          '[2,1,2,21]',
          '[3,1,null,null]',
          '[5,2,5,0]',
          '[5,2,5,60]',
          '[null,2,null,null]',
        ].sort(),
      );
    });
  });
});

describe('SQL join hints', () => {
  beforeAll(() => {
    L.createOrReplaceTempView('hl');
    R.createOrReplaceTempView('hr');
  });
  const planOf = async (sql: string) => (await spark.sql(sql)).explainString();

  it('reach the join by table name or alias, for each strategy', async () => {
    expect(await planOf('SELECT /*+ BROADCAST(hr) */ * FROM hl JOIN hr ON hl.k = hr.k')).toContain(
      'BroadcastHashJoin',
    );
    expect(await planOf('SELECT /*+ MERGE(a) */ * FROM hl a JOIN hr b ON a.k = b.k')).toContain(
      'SortMergeJoin',
    );
    expect(await planOf('SELECT /*+ SHUFFLE_MERGE(b) */ * FROM hl a JOIN hr b ON a.k = b.k')).toContain(
      'SortMergeJoin',
    );
    const shj = await planOf('SELECT /*+ SHUFFLE_HASH(hl) */ * FROM hl LEFT JOIN hr ON hl.k = hr.k');
    expect(shj).toContain('ShuffledHashJoin');
    expect(shj).toContain('BuildLeft');
    expect(await planOf('SELECT /*+ SHUFFLE_REPLICATE_NL(hr) */ * FROM hl, hr WHERE hl.k = hr.k')).toContain(
      'CartesianProduct',
    );
    expect(await planOf('SELECT /*+ MAPJOIN(hl) */ * FROM hl JOIN hr ON hl.v < hr.w')).toContain(
      'BroadcastNestedLoopJoin BuildLeft',
    );
  });

  it('the first hint on a relation wins; unknown hints are ignored', async () => {
    expect(await planOf('SELECT /*+ MERGE(hr), BROADCAST(hr) */ * FROM hl JOIN hr ON hl.k = hr.k')).toContain(
      'SortMergeJoin',
    );
    const rows = await (
      await spark.sql('SELECT /*+ NO_SUCH_HINT(hr) */ count(*) FROM hl JOIN hr ON hl.k = hr.k')
    ).collect();
    expect(Number(rows[0]!.toArray()[0])).toBe(bruteForce('inner', (l, r) => eq(l[0], r[0])).length);
  });

  it('give the same rows as the brute-force join', async () => {
    const sql =
      'SELECT /*+ MERGE(hl) */ hl.k, hl.v, hr.k, hr.w FROM hl FULL JOIN hr ON hl.k = hr.k AND hl.v < hr.w';
    const rows = (await (await spark.sql(sql)).collect()).map((r) => JSON.stringify(r.toArray(), big)).sort();
    expect(rows).toEqual(bruteForce('full', (l, r) => eq(l[0], r[0]) && l[1] < r[1]));
  });
});

describe('EnsureRequirements: orderings', () => {
  it('does not sort again what a merge join already outputs in key order', async () => {
    await withConfs({ 'spark.sql.autoBroadcastJoinThreshold': '-1' }, async () => {
      const R2 = spark.createDataFrame(rightRows, 'k INT, x INT');
      const j = L.join(R, L.col('k').eq(R.col('k'))).join(R2, L.col('k').eq(R2.col('k')), 'left_semi');
      const plan = j.explainString();
      expect(plan.split('Sort [').length - 1).toBe(3);
      expect(plan.split('Exchange hashpartitioning').length - 1).toBe(3);
      // Every left row with a partner in R keeps all its pairs (R2 holds the same keys).
      const want = bruteForce('inner', (l, r) => eq(l[0], r[0])).length;
      expect(await j.count()).toBe(want);
      expect(plan).toContain('LeftSemi');
    });
  });
});

describe('DataFrame join hints', () => {
  it('stay through select and filter, and are consumed by the join', async () => {
    await withConfs({ 'spark.sql.autoBroadcastJoinThreshold': '-1' }, async () => {
      const small = broadcast(R).filter(R.col('w').gt(0)).select(R.col('k'), R.col('w'));
      const j = L.join(small, L.col('k').eq(R.col('k')));
      expect(j.explainString()).toContain('BroadcastHashJoin');
      const R2 = spark.createDataFrame(rightRows, 'k INT, x INT');
      const again = j.join(R2, L.col('k').eq(R2.col('k')));
      expect(again.explainString()).toContain('SortMergeJoin');
      expect(again.explainString().split('BroadcastHashJoin').length - 1).toBe(1);
    });
  });
});
