import { T, batchToRows, type DataType, type Value } from '@flint/common';
import type { AggregateMode, AttributeRef, Expr, JoinType, PhysicalPlan } from '@flint/planner';
import { describe, expect, it, vi } from 'vitest';
import { executePlan } from '../scheduler.js';
import { alias, asc, attr, desc, lit, rowsOf, table, testCtx } from '../test-support.js';

vi.mock('../functions/index.js', async () => {
  const { mockAggregates } = await import('./mock-aggregates.test-helper.js');
  return { lookupScalarKernel: () => undefined, lookupAggregate: (n: string) => mockAggregates[n] };
});

const k = attr(1, 'k', T.string);
const v = attr(2, 'v', T.int);
const kv = table(
  [k, v],
  [
    ['a', 1],
    ['b', 2],
    [null, 3],
    ['a', 4],
    [null, 5],
  ],
);

function agg(name: string, args: Expr[], resultId: number): Extract<Expr, { kind: 'AggregateExpression' }> {
  return {
    kind: 'AggregateExpression',
    name,
    args,
    distinct: false,
    filter: null,
    dataType: T.long,
    nullable: true,
    resultId,
  };
}

const sortRows = (rows: Value[][]): Value[][] =>
  [...rows].sort((x, y) => (JSON.stringify(x, big) < JSON.stringify(y, big) ? -1 : 1));
function big(_k: string, x: unknown): unknown {
  return typeof x === 'bigint' ? `${x}n` : x;
}

describe('scans, filter, project', () => {
  it('RangeExec splits ids into numSlices partitions as Spark does', async () => {
    const id = attr(1, 'id', T.long, false);
    const parts = await executePlan(
      { kind: 'RangeExec', output: [id], start: 0n, end: 10n, step: 3n, numSlices: 2 },
      testCtx,
    );
    expect(parts.map((p) => p.flatMap((b) => batchToRows(b).map((r) => r[0])))).toEqual([
      [0n, 3n],
      [6n, 9n],
    ]);
    const neg = await rowsOf({
      kind: 'RangeExec',
      output: [id],
      start: 5n,
      end: 0n,
      step: -2n,
      numSlices: 3,
    });
    expect(neg).toEqual([[5n], [3n], [1n]]);
  });
  it('FilterExec drops FALSE and NULL rows; ProjectExec computes expressions', async () => {
    const cond: Expr = { kind: 'Comparison', op: 'GreaterThan', left: v, right: lit(2, T.int) };
    const filtered: PhysicalPlan = {
      kind: 'FilterExec',
      condition: { kind: 'Comparison', op: 'EqualTo', left: k, right: lit('a', T.string) },
      child: kv,
    };
    expect(await rowsOf(filtered)).toEqual([
      ['a', 1],
      ['a', 4],
    ]);
    const proj: PhysicalPlan = { kind: 'ProjectExec', projectList: [k, alias(cond, 'big', 10)], child: kv };
    expect((await rowsOf(proj)).map((r) => r[1])).toEqual([false, false, true, true, true]);
  });
});

describe('HashAggregate', () => {
  const sumV = agg('sum', [v], 100);
  const cnt = agg('count', [], 101);
  const resSum = attr(100, 'sum(v)', T.long);
  const resCnt = attr(101, 'count(1)', T.long);
  it('Complete mode groups NULL keys together', async () => {
    const plan: PhysicalPlan = {
      kind: 'HashAggregate',
      mode: 'Complete',
      groupingExprs: [k],
      aggregateExprs: [sumV, cnt],
      resultExprs: [k, alias(resSum, 's', 20), alias(resCnt, 'c', 21)],
      aggBufferAttributes: [],
      output: [k, attr(20, 's', T.long), attr(21, 'c', T.long)],
      child: kv,
    };
    expect(sortRows(await rowsOf(plan))).toEqual(
      sortRows([
        ['a', 5n, 2n],
        ['b', 2n, 1n],
        [null, 8n, 2n],
      ]),
    );
  });
  it('Partial → hash shuffle → Final over several partitions', async () => {
    const bufS = attr(200, 'sum', T.long);
    const bufC = attr(201, 'count', T.long);
    const mk = (mode: AggregateMode, child: PhysicalPlan): PhysicalPlan => ({
      kind: 'HashAggregate',
      mode,
      groupingExprs: [k],
      aggregateExprs: [sumV, cnt],
      resultExprs: mode === 'Partial' ? [] : [k, alias(resSum, 's', 20), alias(resCnt, 'c', 21)],
      aggBufferAttributes: [bufS, bufC],
      output: mode === 'Partial' ? [k, bufS, bufC] : [k, attr(20, 's', T.long), attr(21, 'c', T.long)],
      child,
    });
    const union: PhysicalPlan = { kind: 'UnionExec', output: [k, v], children: [kv, kv] };
    const plan = mk('Final', {
      kind: 'ShuffleExchange',
      partitioning: { kind: 'HashPartitioning', exprs: [k], numPartitions: 3 },
      child: mk('Partial', union),
    });
    expect(sortRows(await rowsOf(plan))).toEqual(
      sortRows([
        ['a', 10n, 4n],
        ['b', 4n, 2n],
        [null, 16n, 4n],
      ]),
    );
  });
  it('a global aggregate returns one row on empty input', async () => {
    const empty = table([k, v], []);
    const plan: PhysicalPlan = {
      kind: 'HashAggregate',
      mode: 'Complete',
      groupingExprs: [],
      aggregateExprs: [sumV, cnt],
      resultExprs: [alias(resSum, 's', 20), alias(resCnt, 'c', 21)],
      aggBufferAttributes: [],
      output: [attr(20, 's', T.long), attr(21, 'c', T.long)],
      child: empty,
    };
    expect(await rowsOf(plan)).toEqual([[null, 0n]]);
  });
});

describe('joins', () => {
  const lk = attr(1, 'lk', T.int);
  const lv = attr(2, 'lv', T.string);
  const rk = attr(3, 'rk', T.int);
  const rv = attr(4, 'rv', T.string);
  const left = table(
    [lk, lv],
    [
      [1, 'l1'],
      [2, 'l2'],
      [null, 'lnull'],
      [4, 'l4'],
    ],
  );
  const right = table(
    [rk, rv],
    [
      [1, 'r1'],
      [1, 'r1b'],
      [null, 'rnull'],
      [3, 'r3'],
    ],
  );
  const hj = (
    joinType: JoinType,
    extra: Partial<Extract<PhysicalPlan, { kind: 'HashJoin' }>> = {},
  ): PhysicalPlan => ({
    kind: 'HashJoin',
    strategy: 'ShuffledHashJoin',
    leftKeys: [lk],
    rightKeys: [rk],
    nullSafe: [false],
    joinType,
    buildSide: 'BuildRight',
    condition: null,
    output: joinType === 'LeftSemi' || joinType === 'LeftAnti' ? [lk, lv] : [lk, lv, rk, rv],
    left,
    right,
    ...extra,
  });
  it('inner join: NULL keys never match', async () => {
    expect(sortRows(await rowsOf(hj('Inner')))).toEqual([
      [1, 'l1', 1, 'r1'],
      [1, 'l1', 1, 'r1b'],
    ]);
  });
  it('null-safe keys match NULL with NULL', async () => {
    const rows = await rowsOf(hj('Inner', { nullSafe: [true] }));
    expect(sortRows(rows)).toEqual(
      sortRows([
        [1, 'l1', 1, 'r1'],
        [1, 'l1', 1, 'r1b'],
        [null, 'lnull', null, 'rnull'],
      ]),
    );
  });
  it('full outer join keeps non-matching rows of both sides, for either build side', async () => {
    const expected = sortRows([
      [1, 'l1', 1, 'r1'],
      [1, 'l1', 1, 'r1b'],
      [2, 'l2', null, null],
      [null, 'lnull', null, null],
      [4, 'l4', null, null],
      [null, null, null, 'rnull'],
      [null, null, 3, 'r3'],
    ]);
    expect(sortRows(await rowsOf(hj('FullOuter')))).toEqual(expected);
    expect(sortRows(await rowsOf(hj('FullOuter', { buildSide: 'BuildLeft' })))).toEqual(expected);
  });
  it('left outer and right outer', async () => {
    expect(sortRows(await rowsOf(hj('LeftOuter', { buildSide: 'BuildLeft' })))).toEqual(
      sortRows([
        [1, 'l1', 1, 'r1'],
        [1, 'l1', 1, 'r1b'],
        [2, 'l2', null, null],
        [null, 'lnull', null, null],
        [4, 'l4', null, null],
      ]),
    );
    expect(sortRows(await rowsOf(hj('RightOuter')))).toEqual(
      sortRows([
        [1, 'l1', 1, 'r1'],
        [1, 'l1', 1, 'r1b'],
        [null, null, null, 'rnull'],
        [null, null, 3, 'r3'],
      ]),
    );
  });
  it('left semi and left anti (a NULL-key left row is kept by anti join)', async () => {
    expect(await rowsOf(hj('LeftSemi'))).toEqual([[1, 'l1']]);
    expect(await rowsOf(hj('LeftAnti'))).toEqual([
      [2, 'l2'],
      [null, 'lnull'],
      [4, 'l4'],
    ]);
  });
  it('left anti with a condition: a key match whose condition is not TRUE does not exclude the row', async () => {
    const condition: Expr = { kind: 'Comparison', op: 'EqualTo', left: rv, right: lit('r1b', T.string) };
    expect(await rowsOf(hj('LeftAnti', { condition }))).toEqual([
      [2, 'l2'],
      [null, 'lnull'],
      [4, 'l4'],
    ]);
    const never: Expr = { kind: 'Comparison', op: 'EqualTo', left: rv, right: lit(null, T.string) };
    expect(await rowsOf(hj('LeftAnti', { condition: never }))).toEqual([
      [1, 'l1'],
      [2, 'l2'],
      [null, 'lnull'],
      [4, 'l4'],
    ]);
  });
  it('left outer join with a condition keeps the left row when no pair satisfies it', async () => {
    const condition: Expr = { kind: 'Comparison', op: 'EqualTo', left: rv, right: lit('r1b', T.string) };
    expect(sortRows(await rowsOf(hj('LeftOuter', { condition })))).toEqual(
      sortRows([
        [1, 'l1', 1, 'r1b'],
        [2, 'l2', null, null],
        [null, 'lnull', null, null],
        [4, 'l4', null, null],
      ]),
    );
  });
  it('nested loop join with a non-equi condition, and a broadcast build side', async () => {
    const condition: Expr = { kind: 'Comparison', op: 'LessThan', left: lk, right: rk };
    const plan: PhysicalPlan = {
      kind: 'NestedLoopJoin',
      strategy: 'BroadcastNestedLoopJoin',
      joinType: 'LeftOuter',
      buildSide: 'BuildRight',
      condition,
      output: [lk, lv, rk, rv],
      left,
      right: { kind: 'BroadcastExchange', child: right },
    };
    expect(sortRows(await rowsOf(plan))).toEqual(
      sortRows([
        [1, 'l1', 3, 'r3'],
        [2, 'l2', 3, 'r3'],
        [null, 'lnull', null, null],
        [4, 'l4', null, null],
      ]),
    );
    const cross: PhysicalPlan = {
      ...plan,
      joinType: 'Cross',
      condition: null,
      strategy: 'CartesianProduct',
      right,
    };
    expect((await rowsOf(cross)).length).toBe(16);
  });
});

describe('sort and limits', () => {
  const d = attr(1, 'd', T.double);
  const dt = table([d], [[1], [NaN], [null], [-Infinity], [-0], [Infinity]]);
  it('ascending NULLS FIRST puts NaN last; descending NULLS LAST puts NaN first', async () => {
    expect(
      (await rowsOf({ kind: 'SortExec', order: [asc(d)], global: true, child: dt })).map((r) => r[0]),
    ).toEqual([null, -Infinity, -0, 1, Infinity, NaN]);
    expect(
      (await rowsOf({ kind: 'SortExec', order: [desc(d)], global: true, child: dt })).map((r) => r[0]),
    ).toEqual([NaN, Infinity, 1, -0, -Infinity, null]);
    expect(
      (await rowsOf({ kind: 'SortExec', order: [asc(d, true)], global: true, child: dt })).map((r) => r[0]),
    ).toEqual([-Infinity, -0, 1, Infinity, NaN, null]);
  });
  it('multi-key sort is stable and strings sort by UTF-8 bytes', async () => {
    const s = attr(1, 's', T.string);
    const n = attr(2, 'n', T.int);
    const t = table(
      [s, n],
      [
        ['\u{1f600}', 1],
        ['\uff61', 2],
        ['b', 3],
        ['a', 4],
        ['b', 5],
        ['a', 6],
      ],
    );
    const rows = await rowsOf({ kind: 'SortExec', order: [asc(s)], global: true, child: t });
    expect(rows.map((r) => r[1])).toEqual([4, 6, 3, 5, 2, 1]);
  });
  it('TakeOrderedAndProject with offset, GlobalLimit with offset, LocalLimit', async () => {
    const id = attr(1, 'id', T.long, false);
    const range: PhysicalPlan = {
      kind: 'RangeExec',
      output: [id],
      start: 0n,
      end: 10n,
      step: 1n,
      numSlices: 3,
    };
    const top = await rowsOf({
      kind: 'TakeOrderedAndProject',
      limit: 3,
      offset: 1,
      order: [desc(id)],
      projectList: [id],
      child: range,
    });
    expect(top).toEqual([[8n], [7n], [6n]]);
    expect(await rowsOf({ kind: 'GlobalLimit', limit: 2, offset: 3, child: range })).toEqual([[3n], [4n]]);
    expect(await rowsOf({ kind: 'GlobalLimit', limit: null, offset: 8, child: range })).toEqual([[8n], [9n]]);
    expect((await rowsOf({ kind: 'LocalLimit', limit: 1, child: range })).length).toBe(3);
  });
  it('UnionExec concatenates children in order; CoalesceExec merges partitions', async () => {
    const id = attr(1, 'id', T.long, false);
    const r1: PhysicalPlan = { kind: 'RangeExec', output: [id], start: 0n, end: 2n, step: 1n, numSlices: 2 };
    const r2: PhysicalPlan = {
      kind: 'RangeExec',
      output: [id],
      start: 10n,
      end: 11n,
      step: 1n,
      numSlices: 1,
    };
    const u: PhysicalPlan = { kind: 'UnionExec', output: [id], children: [r1, r2] };
    expect((await executePlan(u, testCtx)).length).toBe(3);
    expect(await rowsOf(u)).toEqual([[0n], [1n], [10n]]);
    const parts = await executePlan({ kind: 'CoalesceExec', numPartitions: 1, child: u }, testCtx);
    expect(parts.length).toBe(1);
  });
});

describe('window, expand, generate', () => {
  const g = attr(1, 'g', T.string);
  const x = attr(2, 'x', T.int);
  const data = table(
    [g, x],
    [
      ['a', 10],
      ['a', 20],
      ['a', 20],
      ['a', 30],
      ['b', 5],
    ],
  );
  const wf = (name: string, args: Expr[] = [], dataType: DataType = T.int): Expr => ({
    kind: 'WindowFunction',
    name,
    args,
    dataType,
    nullable: true,
    ignoreNulls: false,
  });
  const win = (fn: Expr, frame: Extract<Expr, { kind: 'WindowExpression' }>['frame'], id: number) =>
    alias(
      { kind: 'WindowExpression', function: fn, partitionSpec: [g], orderSpec: [asc(x)], frame },
      `w${id}`,
      id,
    );
  const rowsUnbounded = {
    frameType: 'RowFrame' as const,
    lower: { kind: 'UnboundedPreceding' as const },
    upper: { kind: 'UnboundedFollowing' as const },
  };
  const rangeRunning = {
    frameType: 'RangeFrame' as const,
    lower: { kind: 'UnboundedPreceding' as const },
    upper: { kind: 'CurrentRow' as const },
  };
  it('ranking functions and lag/lead', async () => {
    const plan: PhysicalPlan = {
      kind: 'WindowExec',
      windowExprs: [
        win(wf('row_number'), rowsUnbounded, 10),
        win(wf('rank'), rowsUnbounded, 11),
        win(wf('dense_rank'), rowsUnbounded, 12),
        win(wf('lag', [x, lit(1, T.int), lit(-1, T.int)]), rowsUnbounded, 13),
        win(wf('lead', [x]), rowsUnbounded, 14),
        win(wf('cume_dist', [], T.double), rowsUnbounded, 15),
        win(wf('ntile', [lit(3, T.int)]), rowsUnbounded, 16),
      ],
      partitionSpec: [g],
      orderSpec: [asc(x)],
      child: data,
    };
    expect(await rowsOf(plan)).toEqual([
      ['a', 10, 1, 1, 1, -1, 20, 0.25, 1],
      ['a', 20, 2, 2, 2, 10, 20, 0.75, 1],
      ['a', 20, 3, 2, 2, 20, 30, 0.75, 2],
      ['a', 30, 4, 4, 3, 20, null, 1, 3],
      ['b', 5, 1, 1, 1, -1, null, 1, 1],
    ]);
  });
  it('running sum over a RANGE frame includes peers; ROWS frame with offsets', async () => {
    const sumX: Expr = {
      kind: 'AggregateExpression',
      name: 'sum',
      args: [x],
      distinct: false,
      filter: null,
      dataType: T.long,
      nullable: true,
      resultId: 99,
    };
    const rows1 = {
      frameType: 'RowFrame' as const,
      lower: { kind: 'Offset' as const, value: lit(-1, T.int) },
      upper: { kind: 'Offset' as const, value: lit(1, T.int) },
    };
    const plan: PhysicalPlan = {
      kind: 'WindowExec',
      windowExprs: [win(sumX, rangeRunning, 10), win(sumX, rows1, 11), win(sumX, rowsUnbounded, 12)],
      partitionSpec: [g],
      orderSpec: [asc(x)],
      child: data,
    };
    expect(await rowsOf(plan)).toEqual([
      ['a', 10, 10n, 30n, 80n],
      ['a', 20, 50n, 50n, 80n],
      ['a', 20, 50n, 70n, 80n],
      ['a', 30, 80n, 50n, 80n],
      ['b', 5, 5n, 5n, 5n],
    ]);
  });
  it('ExpandExec emits one row per projection', async () => {
    const out = [attr(20, 'g', T.string), attr(21, 'gid', T.int)];
    const plan: PhysicalPlan = {
      kind: 'ExpandExec',
      projections: [
        [g, lit(0, T.int)],
        [lit(null, T.null), lit(1, T.int)],
      ],
      output: out,
      child: table([g, x], [['a', 1]]),
    };
    expect(await rowsOf(plan)).toEqual([
      ['a', 0],
      [null, 1],
    ]);
  });
  it('GenerateExec: explode_outer keeps rows with NULL/empty arrays; posexplode of a map', async () => {
    const arr = attr(1, 'arr', T.array(T.int));
    const t = table([arr], [[[1, 2]], [[]], [null]]);
    const col = attr(10, 'col', T.int);
    const gen = (name: string, child: Expr): Expr => ({
      kind: 'ScalarFunction',
      name,
      args: [child],
      dataType: T.int,
      nullable: true,
    });
    expect(
      await rowsOf({
        kind: 'GenerateExec',
        generator: gen('explode', arr),
        outer: true,
        generatorOutput: [col],
        child: t,
      }),
    ).toEqual([
      [[1, 2], 1],
      [[1, 2], 2],
      [[], null],
      [null, null],
    ]);
    expect(
      (
        await rowsOf({
          kind: 'GenerateExec',
          generator: gen('explode', arr),
          outer: false,
          generatorOutput: [col],
          child: t,
        })
      ).length,
    ).toBe(2);
    const m = attr(1, 'm', T.map(T.string, T.int));
    const mt = table([m], [[{ keys: ['x', 'y'], values: [1, 2] }]]);
    const outAttrs: AttributeRef[] = [
      attr(10, 'pos', T.int),
      attr(11, 'key', T.string),
      attr(12, 'value', T.int),
    ];
    const rows = await rowsOf({
      kind: 'GenerateExec',
      generator: gen('posexplode', m),
      outer: false,
      generatorOutput: outAttrs,
      child: mt,
    });
    expect(rows.map((r) => r.slice(1))).toEqual([
      [0, 'x', 1],
      [1, 'y', 2],
    ]);
  });
});

describe('partitioning', () => {
  it('a global sort over several partitions without a range exchange is still totally ordered', async () => {
    const id = attr(1, 'id', T.long, false);
    const range: PhysicalPlan = {
      kind: 'RangeExec',
      output: [id],
      start: 0n,
      end: 6n,
      step: 1n,
      numSlices: 3,
    };
    const rows = await rowsOf({ kind: 'SortExec', order: [desc(id)], global: true, child: range });
    expect(rows.map((r) => r[0])).toEqual([5n, 4n, 3n, 2n, 1n, 0n]);
    const ranged: PhysicalPlan = {
      kind: 'SortExec',
      order: [desc(id)],
      global: true,
      child: {
        kind: 'ShuffleExchange',
        partitioning: { kind: 'RangePartitioning', order: [desc(id)], numPartitions: 2 },
        child: range,
      },
    };
    expect((await rowsOf(ranged)).map((r) => r[0])).toEqual([5n, 4n, 3n, 2n, 1n, 0n]);
  });
  it('hash partitioning uses Murmur3 pmod n, so equal keys share a partition', async () => {
    const id = attr(1, 'id', T.int, false);
    const t = table([id], [[1], [2], [3], [1], [2], [3]]);
    const parts = await executePlan(
      {
        kind: 'ShuffleExchange',
        partitioning: { kind: 'HashPartitioning', exprs: [id], numPartitions: 4 },
        child: t,
        // As repartition(4, id): adaptive execution keeps the 4 partitions.
        origin: 'REPARTITION_BY_NUM',
      },
      testCtx,
    );
    const ids = parts.map((p) => p.flatMap((b) => batchToRows(b).map((r) => r[0])));
    for (const part of ids) for (const v of part) expect(ids.filter((q) => q.includes(v)).length).toBe(1);
    // hash(1) = -559580957 → pmod 4 = 3
    expect(ids[3]).toContain(1);
  });
});
