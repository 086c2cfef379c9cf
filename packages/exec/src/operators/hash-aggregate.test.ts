// HashAggregate with the real aggregate library: Partial → shuffle → Final over keys that barely
// repeat (Partial stops grouping midway) or repeat late (it keeps grouping), typed key columns out,
// DISTINCT in Complete mode.

import { T, batchToRows, type Batch, type DataType, type Value } from '@flint/common';
import type { AggregateMode, AttributeRef, Expr, PhysicalPlan } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { alias, attr, lit, rowsOf, table, testCtx } from '../test-support.js';
import { givesInputBack, PARTIAL_FLUSH_MIN_GROUPS, PARTIAL_SKIP_MIN_ROWS } from './hash-aggregate.js';
import { runNode } from './run-node.js';
import { BATCH_SIZE, type TaskContext } from './task-context.js';

type AggExpr = Extract<Expr, { kind: 'AggregateExpression' }>;

function agg(name: string, args: Expr[], dataType = T.long, resultId: number, distinct = false): AggExpr {
  return {
    kind: 'AggregateExpression',
    name,
    args,
    distinct,
    filter: null,
    dataType,
    nullable: true,
    resultId,
  };
}

/** A Complete aggregation of avg(c) for each column c, grouped by k, over `rows` ([k, ...cols]). */
function averagesBy(k: AttributeRef, cols: readonly AttributeRef[], rows: readonly Value[][]): PhysicalPlan {
  const avgs = cols.map((c, j) => agg('avg', [c], T.double, 100 + j));
  const outs = cols.map((_, j) => alias(attr(100 + j, `a${j}`, T.double), `a${j}`, 20 + j));
  return {
    kind: 'HashAggregate',
    mode: 'Complete',
    groupingExprs: [k],
    aggregateExprs: avgs,
    resultExprs: [k, ...outs],
    aggBufferAttributes: [],
    output: [k, ...outs.map((_, j) => attr(20 + j, `a${j}`, T.double))],
    child: table([k, ...cols], rows),
  };
}

describe('HashAggregate', () => {
  it('Partial stops grouping non-repeating keys and Final still merges every group', async () => {
    const mod = 3 * PARTIAL_SKIP_MIN_ROWS;
    const n = mod + 100_000;
    const id = attr(1, 'id', T.long, false);
    const g = attr(2, 'g', T.long, false);
    const gExpr: Expr = {
      kind: 'Arithmetic',
      op: 'Remainder',
      left: id,
      right: lit(BigInt(mod), T.long),
      dataType: T.long,
      evalMode: 'ANSI',
    };
    const project: PhysicalPlan = {
      kind: 'ProjectExec',
      projectList: [alias(gExpr, 'g', 2), id],
      child: { kind: 'RangeExec', output: [id], start: 0n, end: BigInt(n), step: 1n, numSlices: 1 },
    };
    const sumId = agg('sum', [id], T.long, 100);
    const cnt = agg('count', [lit(1, T.int)], T.long, 101);
    const minId = agg('min', [id], T.long, 102);
    const bufs = [attr(200, 'sum', T.long), attr(201, 'count', T.long), attr(202, 'min', T.long)];
    const outs = [attr(20, 's', T.long), attr(21, 'c', T.long), attr(22, 'm', T.long)];
    const mk = (mode: AggregateMode, child: PhysicalPlan): PhysicalPlan => ({
      kind: 'HashAggregate',
      mode,
      groupingExprs: [g],
      aggregateExprs: [sumId, cnt, minId],
      resultExprs:
        mode === 'Partial'
          ? []
          : [
              g,
              alias(attr(100, 'sum', T.long), 's', 20),
              alias(attr(101, 'count', T.long), 'c', 21),
              alias(attr(102, 'min', T.long), 'm', 22),
            ],
      aggBufferAttributes: bufs,
      output: mode === 'Partial' ? [g, ...bufs] : [g, ...outs],
      child,
    });
    const plan = mk('Final', {
      kind: 'ShuffleExchange',
      partitioning: { kind: 'HashPartitioning', exprs: [g], numPartitions: 2 },
      child: mk('Partial', project),
    });
    // The partial aggregation passed rows on: it output more rows than there are groups.
    expect((await rowsOf(mk('Partial', project))).length).toBeGreaterThan(mod);
    const rows = await rowsOf(plan);
    expect(rows.length).toBe(mod);
    let bad = 0;
    for (const [k, s, c, m] of rows as [bigint, bigint, bigint, bigint][]) {
      const twice = k + BigInt(mod) < BigInt(n);
      const want = twice ? [2n * k + BigInt(mod), 2n, k] : [k, 1n, k];
      if (s !== want[0] || c !== want[1] || m !== want[2]) bad++;
    }
    expect(bad).toBe(0);
  });

  it('keeps grouping keys of a large space in random order: the latest rows bring few new groups', async () => {
    // 300k rows over scattered keys: the first 64k rows are 81% distinct, but each later window brings
    // fewer new groups (52%, 37%, ...), and grouping shrinks the output to about 130k rows.
    const id = attr(1, 'id', T.long, false);
    const g = attr(2, 'g', T.long, false);
    const arith = (op: 'Multiply' | 'Remainder', left: Expr, right: Expr | bigint): Expr => ({
      kind: 'Arithmetic',
      op,
      left,
      right: typeof right === 'bigint' ? lit(right, T.long) : right,
      dataType: T.long,
      evalMode: 'ANSI',
    });
    // ((id² mod p) * 48271 mod p) mod 150000: quadratic, so early rows do not all differ.
    const p = 2147483647n;
    const scattered = arith(
      'Remainder',
      arith('Remainder', arith('Multiply', arith('Remainder', arith('Multiply', id, id), p), 48271n), p),
      150000n,
    );
    const partial: PhysicalPlan = {
      kind: 'HashAggregate',
      mode: 'Partial',
      groupingExprs: [g],
      aggregateExprs: [agg('count', [lit(1, T.int)], T.long, 100)],
      resultExprs: [],
      aggBufferAttributes: [attr(200, 'count', T.long)],
      output: [g, attr(200, 'count', T.long)],
      child: {
        kind: 'ProjectExec',
        projectList: [alias(scattered, 'g', 2)],
        child: { kind: 'RangeExec', output: [id], start: 0n, end: 300_000n, step: 1n, numSlices: 1 },
      },
    };
    const out = await rowsOf(partial);
    expect(out.length).toBeLessThan(135_000);
    expect(out.reduce((s, r) => s + (r[1] as bigint), 0n)).toBe(300_000n);
  });

  it('Partial hands clustered groups on early and Final merges them with groups that come back', async () => {
    // g = id % 200k - id % 4: keys 0, 0, 0, 0, 4, 4, ... in order (50k groups of four rows), then rows
    // 200k..210k bring keys 0..9996 back after the table was handed on.
    const id = attr(1, 'id', T.long, false);
    const g = attr(2, 'g', T.long, false);
    const arith = (op: 'Subtract' | 'Remainder', left: Expr, right: Expr): Expr => ({
      kind: 'Arithmetic',
      op,
      left,
      right,
      dataType: T.long,
      evalMode: 'ANSI',
    });
    const keyExpr = arith(
      'Subtract',
      arith('Remainder', id, lit(200_000n, T.long)),
      arith('Remainder', id, lit(4n, T.long)),
    );
    const project: PhysicalPlan = {
      kind: 'ProjectExec',
      projectList: [alias(keyExpr, 'g', 2), id],
      child: { kind: 'RangeExec', output: [id], start: 0n, end: 210_000n, step: 1n, numSlices: 1 },
    };
    const bufs = [attr(200, 'sum', T.long), attr(201, 'count', T.long)];
    const mk = (mode: AggregateMode, child: PhysicalPlan): PhysicalPlan => ({
      kind: 'HashAggregate',
      mode,
      groupingExprs: [g],
      aggregateExprs: [agg('sum', [id], T.long, 100), agg('count', [lit(1, T.int)], T.long, 101)],
      resultExprs:
        mode === 'Partial'
          ? []
          : [g, alias(attr(100, 'sum', T.long), 's', 20), alias(attr(101, 'count', T.long), 'c', 21)],
      aggBufferAttributes: bufs,
      output: mode === 'Partial' ? [g, ...bufs] : [g, attr(20, 's', T.long), attr(21, 'c', T.long)],
      child,
    });
    expect(50_000).toBeGreaterThan(2 * PARTIAL_FLUSH_MIN_GROUPS);
    // Handed on: a returning key is a group again, so the partial output has more rows than groups.
    expect((await rowsOf(mk('Partial', project))).length).toBeGreaterThanOrEqual(52_500);
    const rows = await rowsOf(
      mk('Final', {
        kind: 'ShuffleExchange',
        partitioning: { kind: 'HashPartitioning', exprs: [g], numPartitions: 3 },
        child: mk('Partial', project),
      }),
    );
    expect(rows.length).toBe(50_000);
    let bad = 0;
    for (const [k, sum, count] of rows as [bigint, bigint, bigint][]) {
      const back = k < 10_000n;
      const want = back ? [8n * k + 800_012n, 8n] : [4n * k + 6n, 4n];
      if (sum !== want[0] || count !== want[1]) bad++;
    }
    expect(bad).toBe(0);
  });

  it('after clustered groups, Partial groups runs of equal keys, NULL equal to NULL', async () => {
    const a = attr(1, 'a', T.int);
    const b = attr(2, 'b', T.long);
    // A first batch of distinct clustered keys, so the table is handed on and the next batch (the
    // tail) goes by runs.
    const head: Value[][] = [];
    for (let i = 0; i < BATCH_SIZE; i++) head.push([i, BigInt(i)]);
    // Then runs that differ in one column only, NULLs among them (the NULL slots hold 0).
    const tail: Value[][] = [
      [1, null],
      [1, null],
      [1, 0n],
      [null, 0n],
      [null, 0n],
      [0, 0n],
      [null, null],
      [null, null],
      [1, null],
      [7, 7n],
      [7, 7n],
    ];
    const buf = attr(200, 'count', T.long);
    const mk = (mode: AggregateMode, child: PhysicalPlan): PhysicalPlan => ({
      kind: 'HashAggregate',
      mode,
      groupingExprs: [a, b],
      aggregateExprs: [agg('count', [lit(1, T.int)], T.long, 100)],
      resultExprs: mode === 'Partial' ? [] : [a, b, alias(attr(100, 'count', T.long), 'c', 20)],
      aggBufferAttributes: [buf],
      output: mode === 'Partial' ? [a, b, buf] : [a, b, attr(20, 'c', T.long)],
      child,
    });
    const input = table([a, b], [...head, ...tail]);
    // The tail's partial rows: one per run, [1, null] twice (its runs are apart).
    const partial = await rowsOf(mk('Partial', input));
    expect(partial.length).toBe(BATCH_SIZE + 7);
    expect(partial.slice(BATCH_SIZE)).toEqual([
      [1, null, 2n],
      [1, 0n, 1n],
      [null, 0n, 2n],
      [0, 0n, 1n],
      [null, null, 2n],
      [1, null, 1n],
      [7, 7n, 2n],
    ]);
    const rows = await rowsOf(
      mk('Final', {
        kind: 'ShuffleExchange',
        partitioning: { kind: 'HashPartitioning', exprs: [a, b], numPartitions: 3 },
        child: mk('Partial', input),
      }),
    );
    const pick = (x: Value, y: Value) => rows.filter((r) => r[0] === x && r[1] === y).map((r) => r[2]);
    expect(rows.length).toBe(BATCH_SIZE + 4);
    expect(pick(1, null)).toEqual([3n]);
    expect(pick(1, 0n)).toEqual([1n]);
    expect(pick(null, 0n)).toEqual([2n]);
    expect(pick(0, 0n)).toEqual([2n]);
    expect(pick(null, null)).toEqual([2n]);
    expect(pick(7, 7n)).toEqual([3n]);
  });

  it('outputs typed key columns and counts DISTINCT values per group in Complete mode', async () => {
    const k = attr(1, 'k', T.string);
    const x = attr(2, 'x', T.double);
    const rows: Value[][] = [
      ['a', 1],
      ['a', 1],
      ['a', NaN],
      ['a', NaN],
      ['b', 0],
      ['b', -0],
      [null, 2],
      ['a', null],
    ];
    const cd = agg('count', [x], T.long, 100, true);
    const out: AttributeRef = attr(20, 'c', T.long);
    const plan: PhysicalPlan = {
      kind: 'HashAggregate',
      mode: 'Complete',
      groupingExprs: [k],
      aggregateExprs: [cd],
      resultExprs: [k, alias(attr(100, 'c', T.long), 'c', 20)],
      aggBufferAttributes: [],
      output: [k, out],
      child: table([k, x], rows),
    };
    expect(await rowsOf(plan)).toEqual([
      ['a', 2n],
      ['b', 1n],
      [null, 1n],
    ]);
  });

  it('rows passed through Partial keep -0.0 with 0.0 and NaN with NaN', async () => {
    const x = attr(1, 'x', T.double);
    const rows: Value[][] = [];
    // Two batches of new keys, so that the third batch (the NaNs and zeros) is passed through.
    for (let i = 0; i < 2 * PARTIAL_SKIP_MIN_ROWS; i++) rows.push([i]);
    rows.push([NaN], [0 / 0], [-0], [-0], [1]);
    const buf = attr(200, 'count', T.long);
    const mk = (mode: AggregateMode, child: PhysicalPlan): PhysicalPlan => ({
      kind: 'HashAggregate',
      mode,
      groupingExprs: [x],
      aggregateExprs: [agg('count', [lit(1, T.int)], T.long, 100)],
      resultExprs: mode === 'Partial' ? [] : [x, alias(attr(100, 'count', T.long), 'c', 20)],
      aggBufferAttributes: [buf],
      output: mode === 'Partial' ? [x, buf] : [x, attr(20, 'c', T.long)],
      child,
    });
    const plan = mk('Final', {
      kind: 'ShuffleExchange',
      partitioning: { kind: 'HashPartitioning', exprs: [x], numPartitions: 8 },
      child: mk('Partial', table([x], rows)),
    });
    const out = await rowsOf(plan);
    expect(out.length).toBe(2 * PARTIAL_SKIP_MIN_ROWS + 1);
    // The last five rows went on ungrouped.
    expect((await rowsOf(mk('Partial', table([x], rows)))).length).toBe(2 * PARTIAL_SKIP_MIN_ROWS + 5);
    const zero = out.filter((r) => r[0] === 0);
    expect(zero).toEqual([[0, 3n]]);
    expect(out.filter((r) => Number.isNaN(r[0]))).toEqual([[NaN, 2n]]);
    expect(out.filter((r) => r[0] === 1)).toEqual([[1, 2n]]);
  });

  it('three averages by an int key whose groups are known are summed straight from the keys, as by ids', async () => {
    // Three batches: the first makes keys 0..4; the second brings key 7 midway (the straight pass
    // finds no group for it and adds nothing: the batch is summed by ids); the third has them all.
    const k = attr(1, 'k', T.int);
    const cols = [T.int, T.double, T.int].map((t, c) => attr(2 + c, `v${c}`, t));
    const total = 2 * BATCH_SIZE + 3000;
    const rows: Value[][] = Array.from({ length: total }, (_, i) => [
      i >= BATCH_SIZE + 5000 && i % 9 === 0 ? 7 : (i * 7) % 5,
      (i * 31) % 17,
      ((i * 7919) % 10007) / 7 + 1e15 * (i % 3),
      -((i * 13) % 1001),
    ]);
    const plan = averagesBy(k, cols, rows);
    const expected = [0, 1, 2, 3, 4, 7].map((g) => {
      const own = rows.filter((r) => r[0] === g);
      return [g, ...cols.map((_, j) => own.reduce((a, r) => a + (r[j + 1] as number), 0) / own.length)];
    });
    const got = (await rowsOf(plan)).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(got).toEqual(expected);
  });

  it('averages of several columns summed in one pass equal each average on its own, NULLs aside', async () => {
    // Five averages (two passes over the group ids: three, then two) over ints and doubles, and one
    // with NULLs, which goes through its own update; two batches, so that the second's sums go on
    // from the first's.
    const k = attr(1, 'k', T.int);
    const types = [T.int, T.int, T.double, T.double, T.int, T.double];
    const cols = types.map((t, c) => attr(2 + c, `v${c}`, t));
    const rows: Value[][] = Array.from({ length: BATCH_SIZE + 3000 }, (_, i) => [
      (i * 7) % 5,
      (i * 31) % 17,
      -((i * 13) % 1001),
      ((i * 7919) % 10007) / 7,
      0.1 * ((i * 17) % 23) + 1e15 * (i % 3),
      i,
      i % 11 === 0 ? null : i / 3,
    ]);
    const plan = averagesBy(k, cols, rows);
    // Each average by its definition: the group's values added in row order, over their count.
    const expected = [0, 1, 2, 3, 4].map((g) => {
      const own = rows.filter((r) => r[0] === g);
      return [
        g,
        ...cols.map((_, j) => {
          const xs = own.map((r) => r[j + 1]).filter((x) => x !== null) as number[];
          return xs.reduce((a, x) => a + x, 0) / xs.length;
        }),
      ];
    });
    const got = (await rowsOf(plan)).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(got).toEqual(expected);
  });
});

describe('HashAggregate giving its input arrays back (ArrayRecycler)', () => {
  const arith = (op: 'Add' | 'Subtract' | 'Multiply', left: Expr, right: Expr, dataType: DataType): Expr => ({
    kind: 'Arithmetic',
    op,
    left,
    right,
    dataType,
    evalMode: 'ANSI',
  });

  it('sums filtered rows and arithmetic over them right, batch after batch', async () => {
    // Three batches whose filtered columns and products reuse the arrays of the batch before.
    const n = 2 * BATCH_SIZE + 1000;
    const k = attr(1, 'k', T.int, false);
    const price = attr(2, 'price', T.decimal(15, 2), false);
    const disc = attr(3, 'disc', T.decimal(15, 2), false);
    const rows: Value[][] = [];
    for (let i = 0; i < n; i++) rows.push([i % 5, BigInt(100 + ((i * 7) % 1000)), BigInt(i % 11)]);
    const filter: PhysicalPlan = {
      kind: 'FilterExec',
      condition: {
        kind: 'Not',
        child: { kind: 'Comparison', op: 'EqualTo', left: disc, right: lit(3n, T.decimal(15, 2)) },
      },
      child: table([k, price, disc], rows),
    };
    const oneMinus = arith('Subtract', lit(1n, T.decimal(1, 0)), disc, T.decimal(16, 2));
    const product = arith('Multiply', price, oneMinus, T.decimal(32, 4));
    const sums = [
      agg('sum', [product], T.decimal(38, 4), 100),
      agg('sum', [arith('Add', price, disc, T.decimal(16, 2))], T.decimal(26, 2), 101),
      agg('count', [lit(1, T.int)], T.long, 102),
    ];
    const outs = sums.map((s, j) => alias(attr(s.resultId, `s${j}`, s.dataType), `s${j}`, 20 + j));
    const plan: PhysicalPlan = {
      kind: 'HashAggregate',
      mode: 'Complete',
      groupingExprs: [k],
      aggregateExprs: sums,
      resultExprs: [k, ...outs],
      aggBufferAttributes: [],
      output: [k, ...outs.map((o, j) => attr(20 + j, o.name, sums[j]!.dataType))],
      child: filter,
    };
    expect(givesInputBack(plan as Extract<PhysicalPlan, { kind: 'HashAggregate' }>)).toBe(true);
    const want = new Map<number, [bigint, bigint, bigint]>();
    for (const [kk, p, d] of rows as [number, bigint, bigint][]) {
      if (d === 3n) continue;
      const w = want.get(kk) ?? [0n, 0n, 0n];
      want.set(kk, [w[0] + p * (100n - d), w[1] + p + d, w[2] + 1n]);
    }
    const got = (await rowsOf(plan)).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(got).toEqual([...want].sort((a, b) => a[0] - b[0]).map(([kk, w]) => [kk, ...w]));
  });

  it('keeps the arrays of rows it passes on ungrouped', async () => {
    // Keys nearly all new, in no order, one (0) coming back: Partial passes rows on after the first
    // window, and the output batches, all held by the collector, must each keep their own values.
    const n = 3 * PARTIAL_SKIP_MIN_ROWS + 5000;
    const ids: Value[][] = [];
    for (let i = 0; i < n; i++) ids.push([i % 100 === 50 ? 0n : BigInt((i * 7919) % n)]);
    const kept = new Set(ids.map(([x]) => x as bigint).filter((x) => x !== 0n && x % 3n !== 1n));
    const id = attr(1, 'id', T.long, false);
    const g = attr(2, 'g', T.long, false);
    const doubled = arith('Multiply', id, lit(2n, T.long), T.long);
    const remainder: Expr = {
      kind: 'Arithmetic',
      op: 'Remainder',
      left: id,
      right: lit(3n, T.long),
      dataType: T.long,
      evalMode: 'ANSI',
    };
    const odd: Expr = {
      kind: 'Not',
      child: { kind: 'Comparison', op: 'EqualTo', left: remainder, right: lit(1n, T.long) },
    };
    const filter: PhysicalPlan = {
      kind: 'FilterExec',
      condition: odd,
      child: table([id], ids),
    };
    const project: PhysicalPlan = {
      kind: 'ProjectExec',
      projectList: [alias(doubled, 'g', 2), id],
      child: filter,
    };
    const partial: PhysicalPlan = {
      kind: 'HashAggregate',
      mode: 'Partial',
      groupingExprs: [g],
      aggregateExprs: [agg('sum', [id], T.long, 100)],
      resultExprs: [],
      aggBufferAttributes: [attr(200, 'sum', T.long)],
      output: [g, attr(200, 'sum', T.long)],
      child: project,
    };
    expect(givesInputBack(partial as Extract<PhysicalPlan, { kind: 'HashAggregate' }>)).toBe(true);
    // Straight from the operator: the scheduler would copy each batch as it came.
    const batches: Batch[] = [];
    for await (const b of runNode(partial, 0, { eval: testCtx } as TaskContext)) batches.push(b);
    const rows = batches.flatMap((b) => batchToRows(b)) as [bigint, bigint][];
    // More rows than groups: some went on ungrouped.
    expect(rows.length).toBeGreaterThan(kept.size + 1);
    let bad = 0;
    const seen = new Set<bigint>();
    for (const [key, sum] of rows) {
      if (key !== 2n * sum) bad++;
      if (sum !== 0n) seen.add(sum);
    }
    expect(bad).toBe(0);
    expect(seen).toEqual(kept);
  });

  it('is not done for aggregates that may keep what they read, nor for merging', () => {
    const x = attr(1, 'x', T.long);
    const plan = (name: string, mode: AggregateMode): Extract<PhysicalPlan, { kind: 'HashAggregate' }> => ({
      kind: 'HashAggregate',
      mode,
      groupingExprs: [],
      aggregateExprs: [agg(name, [x], T.long, 100)],
      resultExprs: [],
      aggBufferAttributes: [],
      output: [],
      child: table([x], []),
    });
    expect(givesInputBack(plan('sum', 'Partial'))).toBe(true);
    expect(givesInputBack(plan('collect_list', 'Partial'))).toBe(false);
    expect(givesInputBack(plan('first', 'Complete'))).toBe(false);
    expect(givesInputBack(plan('sum', 'Final'))).toBe(false);
  });
});
