// HashJoin over the KeyTable: composite and mixed-type keys, partly null-safe keys, duplicate build
// keys across build batches, conditions over candidate pairs, empty build sides.

import { T, batchToRows, type Batch, type Value } from '@flint/common';
import type { AttributeRef, Expr, JoinType, PhysicalPlan } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { attr, lit, rowsOf, table, testCtx } from '../test-support.js';
import { runNode } from './run-node.js';
import type { TaskContext } from './task-context.js';
import { BLOOM_FILTER_MIN_KEYS } from '../hash/key-filter.js';

const sortRows = (rows: Value[][]): Value[][] =>
  [...rows].sort((x, y) => (JSON.stringify(x, big) < JSON.stringify(y, big) ? -1 : 1));
function big(_k: string, x: unknown): unknown {
  return typeof x === 'bigint' ? `${x}n` : x;
}

const a = attr(1, 'a', T.string);
const b = attr(2, 'b', T.long);
const lv = attr(3, 'lv', T.double);
const c = attr(4, 'c', T.string);
const d = attr(5, 'd', T.long);
const rv = attr(6, 'rv', T.decimal(10, 2));

const left = table(
  [a, b, lv],
  [
    ['x', 1n, 0.5],
    ['x', 2n, 1.5],
    [null, 1n, 2.5],
    ['y', null, 3.5],
    ['x', 1n, 4.5],
  ],
);
// The build side arrives in two batches (a union coalesced to one partition), with duplicate keys
// spread over both.
const right: PhysicalPlan = {
  kind: 'CoalesceExec',
  numPartitions: 1,
  child: {
    kind: 'UnionExec',
    output: [c, d, rv],
    children: [
      table(
        [c, d, rv],
        [
          ['x', 1n, 100n],
          [null, 1n, 200n],
        ],
      ),
      table(
        [c, d, rv],
        [
          ['x', 1n, 300n],
          ['y', null, 400n],
          ['z', 9n, 500n],
        ],
      ),
    ],
  },
} as PhysicalPlan;

function hj(
  joinType: JoinType,
  extra: Partial<Extract<PhysicalPlan, { kind: 'HashJoin' }>> = {},
): PhysicalPlan {
  const output: AttributeRef[] =
    joinType === 'LeftSemi' || joinType === 'LeftAnti' ? [a, b, lv] : [a, b, lv, c, d, rv];
  return {
    kind: 'HashJoin',
    strategy: 'ShuffledHashJoin',
    leftKeys: [a, b],
    rightKeys: [c, d],
    nullSafe: [false, false],
    joinType,
    buildSide: 'BuildRight',
    condition: null,
    output,
    left,
    right,
    ...extra,
  };
}

/** A hash join building the right side, on one key column of each side. */
function joinOn(
  joinType: JoinType,
  left: { plan: PhysicalPlan; key: AttributeRef; output: AttributeRef[] },
  right: { plan: PhysicalPlan; key: AttributeRef; output: AttributeRef[] },
  extra: Partial<Extract<PhysicalPlan, { kind: 'HashJoin' }>> = {},
): PhysicalPlan {
  return {
    kind: 'HashJoin',
    strategy: 'ShuffledHashJoin',
    leftKeys: [left.key],
    rightKeys: [right.key],
    nullSafe: [false],
    joinType,
    buildSide: 'BuildRight',
    condition: null,
    output:
      joinType === 'LeftSemi' || joinType === 'LeftAnti' ? left.output : [...left.output, ...right.output],
    left: left.plan,
    right: right.plan,
    ...extra,
  };
}

describe('HashJoin on composite keys', () => {
  it('inner: each stream row meets its build rows in build order, NULL keys match nothing', async () => {
    expect(await rowsOf(hj('Inner'))).toEqual([
      ['x', 1n, 0.5, 'x', 1n, 100n],
      ['x', 1n, 0.5, 'x', 1n, 300n],
      ['x', 1n, 4.5, 'x', 1n, 100n],
      ['x', 1n, 4.5, 'x', 1n, 300n],
    ]);
  });

  it('a null-safe key matches NULL with NULL only in that key', async () => {
    const rows = await rowsOf(hj('Inner', { nullSafe: [false, true] }));
    expect(sortRows(rows)).toEqual(
      sortRows([
        ['x', 1n, 0.5, 'x', 1n, 100n],
        ['x', 1n, 0.5, 'x', 1n, 300n],
        ['x', 1n, 4.5, 'x', 1n, 100n],
        ['x', 1n, 4.5, 'x', 1n, 300n],
        ['y', null, 3.5, 'y', null, 400n],
      ]),
    );
    const both = await rowsOf(hj('Inner', { nullSafe: [true, true] }));
    expect(both.length).toBe(6);
  });

  it('full outer with a condition over both sides, built on either side', async () => {
    const condition: Expr = { kind: 'Comparison', op: 'GreaterThan', left: lv, right: lit(1, T.double) };
    const expected = sortRows([
      ['x', 1n, 0.5, null, null, null],
      ['x', 2n, 1.5, null, null, null],
      [null, 1n, 2.5, null, null, null],
      ['y', null, 3.5, null, null, null],
      ['x', 1n, 4.5, 'x', 1n, 100n],
      ['x', 1n, 4.5, 'x', 1n, 300n],
      [null, null, null, null, 1n, 200n],
      [null, null, null, 'y', null, 400n],
      [null, null, null, 'z', 9n, 500n],
    ]);
    expect(sortRows(await rowsOf(hj('FullOuter', { condition })))).toEqual(expected);
    expect(sortRows(await rowsOf(hj('FullOuter', { condition, buildSide: 'BuildLeft' })))).toEqual(expected);
  });

  it('semi and anti joins on either build side', async () => {
    const semi = [
      ['x', 1n, 0.5],
      ['x', 1n, 4.5],
    ];
    const anti = [
      ['x', 2n, 1.5],
      [null, 1n, 2.5],
      ['y', null, 3.5],
    ];
    expect(await rowsOf(hj('LeftSemi'))).toEqual(semi);
    expect(await rowsOf(hj('LeftAnti'))).toEqual(anti);
    expect(sortRows(await rowsOf(hj('LeftSemi', { buildSide: 'BuildLeft' })))).toEqual(sortRows(semi));
    expect(sortRows(await rowsOf(hj('LeftAnti', { buildSide: 'BuildLeft' })))).toEqual(sortRows(anti));
  });

  it('an empty build side: outer rows get NULLs, inner yields nothing', async () => {
    const empty = table([c, d, rv], []);
    expect(await rowsOf(hj('Inner', { right: empty }))).toEqual([]);
    expect((await rowsOf(hj('LeftOuter', { right: empty }))).map((r) => r.slice(3))).toEqual(
      Array.from({ length: 5 }, () => [null, null, null]),
    );
    expect((await rowsOf(hj('LeftAnti', { right: empty }))).length).toBe(5);
  });
});

describe('HashJoin key types', () => {
  it('joins keys whose two sides are stored differently (int with long) by value', async () => {
    const i = attr(11, 'i', T.int);
    const l = attr(12, 'l', T.long);
    const plan: PhysicalPlan = {
      kind: 'HashJoin',
      strategy: 'BroadcastHashJoin',
      leftKeys: [i],
      rightKeys: [l],
      nullSafe: [false],
      joinType: 'Inner',
      buildSide: 'BuildRight',
      condition: null,
      output: [i, l],
      left: table([i], [[1], [2], [null], [3]]),
      right: table([l], [[2n], [3n], [3n], [null], [4n]]),
    };
    expect(await rowsOf(plan)).toEqual([
      [2, 2n],
      [3, 3n],
      [3, 3n],
    ]);
  });

  it('double keys: NaN joins NaN and -0.0 joins 0.0', async () => {
    const x = attr(21, 'x', T.double);
    const y = attr(22, 'y', T.double);
    const plan: PhysicalPlan = {
      kind: 'HashJoin',
      strategy: 'ShuffledHashJoin',
      leftKeys: [x],
      rightKeys: [y],
      nullSafe: [false],
      joinType: 'Inner',
      buildSide: 'BuildLeft',
      condition: null,
      output: [x, y],
      left: table([x], [[NaN], [-0], [1]]),
      right: table([y], [[0], [NaN], [2]]),
    };
    expect(sortRows(await rowsOf(plan))).toEqual(
      sortRows([
        [-0, 0],
        [NaN, NaN],
      ]),
    );
  });

  it('a NULL-typed key matches only NULLs, and only when null-safe', async () => {
    const i = attr(31, 'i', T.int);
    const j = attr(32, 'j', T.int);
    const plan = (nullSafe: boolean): PhysicalPlan => ({
      kind: 'HashJoin',
      strategy: 'ShuffledHashJoin',
      leftKeys: [i],
      rightKeys: [lit(null, T.null)],
      nullSafe: [nullSafe],
      joinType: 'Inner',
      buildSide: 'BuildRight',
      condition: null,
      output: [i, j],
      left: table([i], [[1], [null]]),
      right: table([j], [[7], [8]]),
    });
    expect(await rowsOf(plan(false))).toEqual([]);
    expect(await rowsOf(plan(true))).toEqual([
      [null, 7],
      [null, 8],
    ]);
  });

  it('a broadcast build side serves every stream partition (built once, reused)', async () => {
    const i = attr(41, 'i', T.long);
    const j = attr(42, 'j', T.long);
    const jv = attr(43, 'jv', T.string);
    const plan: PhysicalPlan = {
      kind: 'HashJoin',
      strategy: 'BroadcastHashJoin',
      leftKeys: [i],
      rightKeys: [j],
      nullSafe: [false],
      joinType: 'LeftOuter',
      buildSide: 'BuildRight',
      condition: null,
      output: [i, j, jv],
      // Two stream partitions.
      left: {
        kind: 'UnionExec',
        output: [i],
        children: [table([i], [[1n], [2n]]), table([i], [[2n], [3n]])],
      } as PhysicalPlan,
      right: {
        kind: 'BroadcastExchange',
        child: table(
          [j, jv],
          [
            [2n, 'two'],
            [3n, 'three'],
            [2n, 'deux'],
          ],
        ),
      },
    };
    expect(sortRows(await rowsOf(plan))).toEqual(
      sortRows([
        [1n, null, null],
        [2n, 2n, 'two'],
        [2n, 2n, 'deux'],
        [2n, 2n, 'two'],
        [2n, 2n, 'deux'],
        [3n, 3n, 'three'],
      ]),
    );
    // Run twice: the second run must not see the first run's state.
    expect((await rowsOf(plan)).length).toBe(6);
  });
});

// One long key on each side, for the joins below.
const k = attr(11, 'k', T.long);
const v = attr(12, 'v', T.long);
const bk = attr(13, 'bk', T.long);

describe('HashJoin as a runtime filter', () => {
  const stream = table(
    [k, v],
    [
      [1n, 10n],
      [-5n, 20n],
      [3n, 30n],
    ],
  );
  const semi = (buildKeys: number, runtimeFilter: boolean): PhysicalPlan =>
    joinOn(
      'LeftSemi',
      { plan: stream, key: k, output: [k, v] },
      {
        plan: table(
          [bk],
          Array.from({ length: buildKeys }, (_, i) => [BigInt(i)]),
        ),
        key: bk,
        output: [bk],
      },
      runtimeFilter ? { runtimeFilter: true } : {},
    );

  it('filters like any semi join while its build side fits the caches', async () => {
    expect(await rowsOf(semi(2, true))).toEqual([[1n, 10n]]);
  });

  /** A runtime filter built from `buildKeys`, streaming `present` keys, absent ones and a NULL. */
  const runtimeFilterRows = async (
    buildKeys: readonly bigint[],
    present: readonly bigint[],
    alsoAbsent: readonly bigint[] = [],
  ) => {
    const absent = [...Array.from({ length: 10_000 }, (_, i) => BigInt(-1 - i * 7919)), ...alsoAbsent];
    const streamRows = [...present, ...absent].map((key, i) => [key, BigInt(i)]);
    streamRows.push([null, -1n]);
    const plan = joinOn(
      'LeftSemi',
      { plan: table([k, v], streamRows), key: k, output: [k, v] },
      {
        plan: table(
          [bk],
          buildKeys.map((key) => [key]),
        ),
        key: bk,
        output: [bk],
      },
      { runtimeFilter: true },
    );
    const rows = await rowsOf(plan);
    const keys = new Set(rows.map((r) => r[0]));
    for (const key of present) expect(keys.has(key)).toBe(true);
    expect(keys.has(null)).toBe(false);
    // Rows keep their order.
    expect(rows.map((r) => r[1])).toEqual(
      [...rows.map((r) => r[1] as bigint)].sort((a, b) => (a < b ? -1 : 1)),
    );
    return { passedAbsent: rows.length - present.length, absent: absent.length };
  };

  it('filters by a Bloom filter past BLOOM_FILTER_MIN_KEYS sparse build keys: every match kept, almost no other row', async () => {
    const many = BLOOM_FILTER_MIN_KEYS + 1;
    // Keys 1009 apart (too sparse for a set of values); the stream holds every 1000th of them.
    const built = Array.from({ length: many }, (_, i) => BigInt(i * 1009));
    const present = built.filter((_, i) => i % 1000 === 0);
    const { passedAbsent, absent } = await runtimeFilterRows(built, present);
    // At 8 bits a key about 3% of absent keys pass.
    expect(passedAbsent).toBeGreaterThan(0);
    expect(passedAbsent).toBeLessThan(absent * 0.08);
    // A plain semi join still filters exactly.
    expect(await rowsOf(semi(many, false))).toEqual([
      [1n, 10n],
      [3n, 30n],
    ]);
  });

  it('filters exactly by the set of dense build keys, however many', async () => {
    for (const many of [50, BLOOM_FILTER_MIN_KEYS + 1]) {
      // Every fourth value, as TPC-H's order keys; absent ones within their range and just past it.
      const built = Array.from({ length: many }, (_, i) => BigInt(i * 4 + 1));
      const present = built.filter((_, i) => i % 7 === 0);
      const { passedAbsent } = await runtimeFilterRows(built, present, [2n, 7n, 0n, BigInt(many * 4 + 1)]);
      expect(passedAbsent).toBe(0);
    }
  });
});

describe('HashJoin to a build side with unique keys', () => {
  const bv = attr(14, 'bv', T.string);
  const stream = table(
    [k, v],
    [
      [2n, 10n],
      [null, 20n],
      [9n, 30n],
      [2n, 40n],
      [1n, 50n],
    ],
  );
  const build = table(
    [bk, bv],
    [
      [1n, 'one'],
      [null, 'none'],
      [2n, 'two'],
    ],
  );
  const join = (joinType: JoinType): PhysicalPlan =>
    joinOn(joinType, { plan: stream, key: k, output: [k, v] }, { plan: build, key: bk, output: [bk, bv] });

  it('pairs each streamed row with its one build row; NULL keys meet nothing', async () => {
    const matched: Value[][] = [
      [2n, 10n, 2n, 'two'],
      [2n, 40n, 2n, 'two'],
      [1n, 50n, 1n, 'one'],
    ];
    const unmatchedStream: Value[][] = [
      [null, 20n, null, null],
      [9n, 30n, null, null],
    ];
    expect(await rowsOf(join('Inner'))).toEqual(matched);
    expect(sortRows(await rowsOf(join('LeftOuter')))).toEqual(sortRows([...matched, ...unmatchedStream]));
    expect(sortRows(await rowsOf(join('FullOuter')))).toEqual(
      sortRows([...matched, ...unmatchedStream, [null, null, null, 'none']]),
    );
    expect(await rowsOf(join('LeftSemi'))).toEqual([
      [2n, 10n],
      [2n, 40n],
      [1n, 50n],
    ]);
    expect(await rowsOf(join('LeftAnti'))).toEqual([
      [null, 20n],
      [9n, 30n],
    ]);
  });
});

describe('HashJoin by dense key values and by hashing', () => {
  // Build keys 1..6 (dense) with a duplicate and a NULL; the same keys times 10^9 are sparse.
  const buildKeys: (bigint | null)[] = [3n, 1n, 5n, 3n, null, 6n, 2n];
  const streamKeys: (bigint | null)[] = [3n, 7n, null, 1n, 0n, 6n, -3n, 2n, 3n];
  const run = async (joinType: JoinType, scale: bigint): Promise<Value[][]> => {
    const bkey = attr(21, 'bk', T.long);
    const bval = attr(22, 'bv', T.long);
    const skey = attr(23, 'sk', T.long);
    const sval = attr(24, 'sv', T.long);
    const scaled = (x: bigint | null) => (x === null ? null : x * scale);
    const rows = await rowsOf(
      joinOn(
        joinType,
        {
          plan: table(
            [skey, sval],
            streamKeys.map((x, i) => [scaled(x), BigInt(i)]),
          ),
          key: skey,
          output: [skey, sval],
        },
        {
          plan: table(
            [bkey, bval],
            buildKeys.map((x, i) => [scaled(x), BigInt(100 + i)]),
          ),
          key: bkey,
          output: [bkey, bval],
        },
      ),
    );
    // Keys back to the unscaled values, to compare the two runs.
    return rows.map((r) => r.map((v, c) => (c % 2 === 0 && typeof v === 'bigint' ? v / scale : v)));
  };

  for (const joinType of ['Inner', 'LeftOuter', 'LeftSemi', 'LeftAnti', 'RightOuter', 'FullOuter'] as const) {
    it(`${joinType}: the same rows either way`, async () => {
      const dense = await run(joinType, 1n);
      expect(dense).toEqual(await run(joinType, 1_000_000_000n));
      expect(dense.length).toBeGreaterThan(0);
    });
  }

  it('semi and anti: each streamed row once, by whether its key is built; a NULL key is never', async () => {
    for (const scale of [1n, 1_000_000_000n]) {
      expect(await run('LeftSemi', scale)).toEqual([
        [3n, 0n],
        [1n, 3n],
        [6n, 5n],
        [2n, 7n],
        [3n, 8n],
      ]);
      expect(await run('LeftAnti', scale)).toEqual([
        [7n, 1n],
        [null, 2n],
        [0n, 4n],
        [-3n, 6n],
      ]);
    }
  });

  it('inner: duplicates in build order, NULL and absent keys matching nothing', async () => {
    expect(await run('Inner', 1n)).toEqual([
      [3n, 0n, 3n, 100n],
      [3n, 0n, 3n, 103n],
      [1n, 3n, 1n, 101n],
      [6n, 5n, 6n, 105n],
      [2n, 7n, 2n, 106n],
      [3n, 8n, 3n, 100n],
      [3n, 8n, 3n, 103n],
    ]);
  });
});

describe('HashJoin keeping streamed rows by key over a filter', () => {
  /** The plan's rows, and the rows the nodes `counts` picks (its filters) gave out. */
  const runCounted = async (
    plan: PhysicalPlan,
    counts: (node: PhysicalPlan) => boolean = (node) => node.kind === 'FilterExec',
  ): Promise<{ got: Value[][]; counted: number }> => {
    let counted = 0;
    const tc = {
      eval: testCtx,
      instrument: (node: PhysicalPlan, out: AsyncIterable<Batch>) =>
        !counts(node)
          ? out
          : (async function* () {
              for await (const b of out) {
                counted += b.numRows;
                yield b;
              }
            })(),
    } as unknown as TaskContext;
    const got: Value[][] = [];
    for await (const b of runNode(plan, 0, tc)) got.push(...batchToRows(b));
    return { got, counted };
  };

  /** Streamed: rows (k, v) for k in 0..n-1 (NULL where nullKey), filtered to v > 10; built: keys 3k. */
  const filtered = (n: number, nullKey: (i: number) => boolean) => {
    const k = attr(1, 'k', T.long);
    const v = attr(2, 'v', T.int, false);
    const rk = attr(4, 'rk', T.long, false);
    const rows: Value[][] = [];
    for (let i = 0; i < n; i++) rows.push([nullKey(i) ? null : BigInt(i), (i * 7) % 20]);
    const keys: Value[][] = [];
    for (let i = 0; i < n; i += 3) keys.push([BigInt(i)]);
    const filter: PhysicalPlan = {
      kind: 'FilterExec',
      condition: { kind: 'Comparison', op: 'GreaterThan', left: v, right: lit(10, T.int) },
      child: table([k, v], rows),
    };
    return { k, v, rk, rows, keys, filter };
  };

  it('an inner join to few of a dense range of keys narrows its streamed filter, built on either side', async () => {
    // Every 50th streamed key is NULL.
    const { k, v, rk, rows, keys, filter } = filtered(3000, (i) => i % 50 === 7);
    const kept = rows.filter(([i, x]) => (x as number) > 10 && i !== null && (i as bigint) % 3n === 0n);
    for (const buildSide of ['BuildRight', 'BuildLeft'] as const) {
      const built = { plan: table([rk], keys), key: rk, output: [rk] };
      const streamed = { plan: filter, key: k, output: [k, v] };
      const plan =
        buildSide === 'BuildRight'
          ? joinOn('Inner', streamed, built)
          : joinOn('Inner', built, streamed, { buildSide: 'BuildLeft' });
      const { got, counted: filtered } = await runCounted(plan);
      const want = kept.map(([i, x]) => (buildSide === 'BuildRight' ? [i, x, i] : [i, i, x]));
      expect(got).toEqual(want);
      expect(filtered).toBe(want.length);
    }
  });

  it('joins over joins that pass their streamed rows on test them together, over a filter or a bare scan', async () => {
    // Streamed: (k, j, v); an inner join on k to keys 3k (sparse: narrows), under a runtime filter on
    // j to keys 5j; the filter is v > 10, or none.
    const n = 3000;
    const k = attr(1, 'k', T.long);
    const j = attr(2, 'j', T.long);
    const v = attr(3, 'v', T.int, false);
    const rk = attr(4, 'rk', T.long, false);
    const rj = attr(5, 'rj', T.long, false);
    const rows: Value[][] = [];
    for (let i = 0; i < n; i++) rows.push([BigInt(i), BigInt((i * 7) % n), (i * 13) % 20]);
    const multiples = (m: number): Value[][] =>
      Array.from({ length: Math.ceil(n / m) }, (_, i) => [BigInt(i * m)]);
    const scan = table([k, j, v], rows);
    const filter: PhysicalPlan = {
      kind: 'FilterExec',
      condition: { kind: 'Comparison', op: 'GreaterThan', left: v, right: lit(10, T.int) },
      child: scan,
    };
    for (const streamed of [filter, scan]) {
      const inner = joinOn(
        'Inner',
        { plan: streamed, key: k, output: [k, j, v] },
        { plan: table([rk], multiples(3)), key: rk, output: [rk] },
      );
      const plan = joinOn(
        'LeftSemi',
        { plan: inner, key: j, output: [k, j, v, rk] },
        { plan: table([rj], multiples(5)), key: rj, output: [rj] },
        { runtimeFilter: true },
      );
      const { got, counted } = await runCounted(plan, (node) => node === streamed);
      const want = rows
        .filter(([i, , y]) => (streamed === scan || (y as number) > 10) && (i as bigint) % 3n === 0n)
        .filter(([, x]) => (x as bigint) % 5n === 0n)
        .map(([i, x, y]) => [i, x, y, i]);
      expect(want.length).toBeGreaterThan(10);
      expect(got).toEqual(want);
      expect(counted).toBe(want.length);
    }
  });

  it("adds its key test to the filter's, which gathers only the rows both keep", async () => {
    // left: (k, v) for k in 0..n-1, filtered to v > 10, renamed by a projection; right: keys 3k.
    const { k, v, rk, rows, keys, filter } = filtered(5000, () => false);
    const kk = attr(3, 'kk', T.long, false);
    const project: PhysicalPlan = {
      kind: 'ProjectExec',
      projectList: [{ kind: 'Alias', child: k, name: 'kk', id: 3 }, v],
      child: filter,
    };
    const semi = (runtimeFilter: boolean): PhysicalPlan => ({
      kind: 'HashJoin',
      strategy: 'ShuffledHashJoin',
      leftKeys: [kk],
      rightKeys: [rk],
      nullSafe: [false],
      joinType: 'LeftSemi',
      buildSide: 'BuildRight',
      condition: null,
      output: [kk, v],
      left: project,
      right: table([rk], keys),
      ...(runtimeFilter ? { runtimeFilter: true } : {}),
    });
    const want = rows.filter(([i, x]) => (x as number) > 10 && (i as bigint) % 3n === 0n);
    for (const plan of [semi(false), semi(true)]) {
      // The filter's own output, counted as it leaves it.
      const { got, counted: filtered } = await runCounted(plan);
      expect(got).toEqual(want);
      expect(filtered).toBe(want.length);
    }
  });
});

describe('HashJoin on two int and long keys, one unique among the build rows', () => {
  // Build: k1 unique (1..6), k2 a nation-like int, one NULL k2; with k1 times 10^9 the keys are sparse
  // and hashed as a pair instead.
  const build: [bigint, number | null][] = [
    [3n, 7],
    [1n, 2],
    [5n, 7],
    [2n, null],
    [6n, 4],
    [4n, 2],
  ];
  const stream: [bigint | null, number | null][] = [
    [3n, 7],
    [3n, 8],
    [1n, 2],
    [2n, 2],
    [null, 7],
    [5n, null],
    [6n, 4],
    [9n, 4],
    [4n, 2],
    [4n, 3],
  ];
  const run = async (joinType: JoinType, scale: bigint): Promise<Value[][]> => {
    const bk1 = attr(31, 'bk1', T.long);
    const bk2 = attr(32, 'bk2', T.int);
    const sk1 = attr(33, 'sk1', T.long);
    const sk2 = attr(34, 'sk2', T.int);
    const sv = attr(35, 'sv', T.int);
    const scaled = (x: bigint | null) => (x === null ? null : x * scale);
    const plan: PhysicalPlan = {
      kind: 'HashJoin',
      strategy: 'ShuffledHashJoin',
      leftKeys: [sk1, sk2],
      rightKeys: [bk1, bk2],
      nullSafe: [false, false],
      joinType,
      buildSide: 'BuildRight',
      condition: null,
      output: joinType === 'LeftSemi' || joinType === 'LeftAnti' ? [sk1, sk2, sv] : [sk1, sk2, sv, bk1, bk2],
      left: table(
        [sk1, sk2, sv],
        stream.map(([k1, k2], i) => [scaled(k1), k2, i]),
      ),
      right: table(
        [bk1, bk2],
        build.map(([k1, k2]) => [scaled(k1), k2]),
      ),
    };
    const rows = await rowsOf(plan);
    return sortRows(rows.map((r) => r.map((v) => (typeof v === 'bigint' ? v / scale : v))));
  };

  for (const joinType of ['Inner', 'LeftOuter', 'LeftSemi', 'LeftAnti', 'RightOuter', 'FullOuter'] as const) {
    it(`${joinType}: looked up by the unique key and compared on the other, as hashed as a pair`, async () => {
      const byUniqueKey = await run(joinType, 1n);
      expect(byUniqueKey).toEqual(await run(joinType, 1_000_000_000n));
      expect(byUniqueKey.length).toBeGreaterThan(0);
    });
  }

  it('inner: a row whose unique key is built but whose other key differs (or is NULL) meets nothing', async () => {
    expect(await run('Inner', 1n)).toEqual(
      sortRows([
        [3n, 7, 0, 3n, 7],
        [1n, 2, 2, 1n, 2],
        [6n, 4, 6, 6n, 4],
        [4n, 2, 8, 4n, 2],
      ]),
    );
  });
});
