// FilterExec's conjunct-by-conjunct selection: kept rows, and Spark's AND evaluation order for errors.
import { FlintError, T, batchFromRows, dictionaryVector, type Batch, type Value } from '@flint/common';
import type { ComparisonOp, Expr, PhysicalPlan } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { flipComparison } from '../eval/comparison.js';
import { attr, comparisonHolds, lit, rowsOf, table, testCtx } from '../test-support.js';
import { compileSelection, filterExec, type FilterNarrowing } from './filter-exec.js';
import { fromArray, type TaskContext } from './task-context.js';

const x = attr(1, 'x', T.double);
const y = attr(2, 'y', T.int);
const s = attr(3, 's', T.string);
const input = [x, y, s];

function and(l: Expr, r: Expr): Expr {
  return { kind: 'And', left: l, right: r };
}
function gt(l: Expr, r: Expr): Expr {
  return { kind: 'Comparison', op: 'GreaterThan', left: l, right: r };
}
function cmp(op: 'GreaterThanOrEqual' | 'LessThanOrEqual' | 'LessThan', l: Expr, r: Expr): Expr {
  return { kind: 'Comparison', op, left: l, right: r };
}
function divide(l: Expr, r: Expr): Expr {
  return { kind: 'Arithmetic', op: 'Divide', left: l, right: r, dataType: T.double, evalMode: 'ANSI' };
}

function select(cond: Expr, rows: Value[][]): number[] | 'all' {
  const b: Batch = batchFromRows([T.double, T.int, T.string], rows);
  const sel = compileSelection(cond, input, testCtx)(b);
  return sel === null ? 'all' : Array.from(sel);
}

describe('FilterExec selection', () => {
  const rows: Value[][] = [
    [1, 5, 'a'],
    [2, null, 'b'],
    [3, -1, 'c'],
    [null, 9, 'd'],
    [5, 7, 'e'],
  ];

  it('narrows conjunct by conjunct and drops FALSE and NULL rows', () => {
    expect(select(and(gt(y, lit(0, T.int)), gt(x, lit(1, T.double))), rows)).toEqual([4]);
    expect(select(gt(x, lit(0, T.double)), [[1, 1, 'a']])).toBe('all');
    expect(select(and(gt(y, lit(100, T.int)), gt(x, lit(0, T.double))), rows)).toEqual([]);
  });

  it('a later conjunct runs where an earlier one was NULL (as Spark AND), not where it was FALSE', () => {
    // y NULL on row 1: 10 / x with x = 0 there must raise, as Spark evaluates the right side of NULL AND.
    const cond = and(gt(y, lit(0, T.int)), gt(divide(lit(10, T.double), x), lit(1, T.double)));
    const raising: Value[][] = [
      [1, 5, 'a'],
      [0, null, 'b'],
    ];
    expect(() => select(cond, raising)).toThrow(FlintError);
    const falseFirst: Value[][] = [
      [1, 5, 'a'],
      [0, -3, 'b'],
    ];
    expect(select(cond, falseFirst)).toEqual([0]);
  });

  it('two adjacent tests of one column (a range, BETWEEN) keep the rows both pass, and NULL rows stay dead', () => {
    const range = and(cmp('GreaterThanOrEqual', y, lit(0, T.int)), cmp('LessThanOrEqual', lit(7, T.int), y));
    // y >= 0 and 7 <= y (the literal on the left): rows 3 (9) and 4 (7); row 1 is NULL, row 2 -1.
    expect(select(range, rows)).toEqual([3, 4]);
    const upTo7 = and(cmp('GreaterThanOrEqual', y, lit(0, T.int)), cmp('LessThanOrEqual', y, lit(7, T.int)));
    expect(select(upTo7, rows)).toEqual([0, 4]);
    // The division still runs on the row where the range was NULL (y NULL, x 0): it raises.
    const raising: Value[][] = [
      [1, 5, 'a'],
      [0, null, 'b'],
    ];
    const cond = and(upTo7, gt(divide(lit(10, T.double), x), lit(1, T.double)));
    expect(() => select(cond, raising)).toThrow(FlintError);
    // With the NULL gone the division only sees row 0, which passes.
    expect(select(cond, [raising[0]!, [0, 9, 'b']])).toEqual([0]);
  });

  it('IS NOT NULL keeps every row of a column without NULLs, and drops the NULL ones otherwise', () => {
    const notNull = (e: Expr): Expr => ({ kind: 'IsNotNull', child: e });
    expect(select(notNull(y), rows)).toEqual([0, 2, 3, 4]);
    expect(
      select(notNull(y), [
        [1, 5, 'a'],
        [2, 6, 'b'],
      ]),
    ).toBe('all');
    expect(select(and(notNull(x), gt(y, lit(5, T.int))), rows)).toEqual([4]);
    expect(select(and(notNull(s), gt(y, lit(5, T.int))), rows)).toEqual([3, 4]);
  });
});

describe('a conjunct over a dictionary column', () => {
  // s as a dictionary of three values over six rows (row 4 NULL), x and y plain.
  const dictionaryBatch = (): Batch => {
    const b = batchFromRows(
      [T.double, T.int],
      [
        [1, 5],
        [0, null],
        [3, -1],
        [4, 9],
        [5, 7],
        [6, 2],
      ],
    );
    const codes = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const nulls = Uint8Array.from([0, 0, 0, 0, 1, 0]);
    return {
      numRows: 6,
      columns: [...b.columns, dictionaryVector(T.string, nulls, ['a', 'b', 'cc'], codes)],
    };
  };
  const selectIn = (cond: Expr, b: Batch): number[] | 'all' => {
    const sel = compileSelection(cond, input, testCtx)(b);
    return sel === null ? 'all' : Array.from(sel);
  };
  const eq = (l: Expr, r: Expr): Expr => ({ kind: 'Comparison', op: 'EqualTo', left: l, right: r });

  it('keeps the rows whose value passes, alone and after an earlier conjunct; NULL rows are dropped', () => {
    expect(selectIn(eq(s, lit('a', T.string)), dictionaryBatch())).toEqual([0, 3]);
    expect(selectIn({ kind: 'Not', child: eq(s, lit('a', T.string)) }, dictionaryBatch())).toEqual([1, 2, 5]);
    expect(selectIn(and(gt(x, lit(2, T.double)), eq(s, lit('cc', T.string))), dictionaryBatch())).toEqual([
      2, 5,
    ]);
  });

  it('a later conjunct still runs where the dictionary test was NULL (it raises there)', () => {
    // Row 4: s is NULL and x = 5; row 1: x = 0 but s = 'b' fails first, so only a NULL row can raise.
    const b = dictionaryBatch();
    const x0 = { ...b.columns[0]!, values: Float64Array.from([1, 0, 3, 4, 0, 6]) };
    const raisingAtNull: Batch = { numRows: 6, columns: [x0, b.columns[1]!, b.columns[2]!] };
    const cond = and(eq(s, lit('a', T.string)), gt(divide(lit(10, T.double), x), lit(1, T.double)));
    expect(() => selectIn(cond, raisingAtNull)).toThrow(FlintError);
    // Without the NULL the division sees rows 0 and 3 only (x 1 and 4): 10 and 2.5 both pass.
    expect(selectIn(cond, dictionaryBatch())).toEqual([0, 3]);
  });
});

describe('FilterExec output', () => {
  const rows: Value[][] = [
    [1, 5, 'a'],
    [2, 1, 'b'],
    [3, 7, 'c'],
    [4, 2, 'd'],
  ];
  const yOverX = gt(y, x);

  it('selects by a boolean conjunct without NULLs, alone or after an earlier conjunct', () => {
    expect(select(yOverX, rows)).toEqual([0, 2]);
    expect(select(and(gt(x, lit(1, T.double)), yOverX), rows)).toEqual([2]);
    expect(select(and(gt(x, lit(9, T.double)), yOverX), rows)).toEqual([]);
  });

  it('under a projection gathers only the columns the projection reads', async () => {
    const filter: PhysicalPlan = { kind: 'FilterExec', condition: yOverX, child: table(input, rows) };
    const project: PhysicalPlan = { kind: 'ProjectExec', projectList: [s], child: filter };
    expect(await rowsOf(project)).toEqual([['a'], ['c']]);

    const b = batchFromRows([T.double, T.int, T.string], rows);
    const tc = { eval: testCtx } as TaskContext;
    const out: Batch[] = [];
    const node = filter as Extract<PhysicalPlan, { kind: 'FilterExec' }>;
    for await (const o of filterExec(node, input, fromArray([b]), tc, [2])) out.push(o);
    expect(out).toHaveLength(1);
    expect(out[0]!.numRows).toBe(2);
    expect(out[0]!.columns.map((c) => c.length)).toEqual([0, 0, 2]);
    expect(out[0]!.columns[2]!.values).toEqual(['a', 'c']);
  });
});

describe('a conjunct comparing two int columns', () => {
  it('keeps the rows each comparison holds for, after an earlier conjunct and over NULLs', () => {
    const a = attr(11, 'a', T.date);
    const b = attr(12, 'b', T.date);
    const k = attr(13, 'k', T.int);
    const cols = [a, b, k];
    const rows: Value[][] = [];
    for (let i = 0; i < 200; i++) rows.push([(i * 7) % 23, (i * 5) % 19, i]);
    for (const withNulls of [false, true]) {
      const data = withNulls ? rows.map((r, i) => (i % 17 === 0 ? [null, r[1]!, r[2]!] : r)) : rows;
      const batch = batchFromRows([T.date, T.date, T.int], data);
      for (const op of OPS) {
        const compare: Expr = { kind: 'Comparison', op, left: a, right: b };
        // Alone, and after a conjunct that keeps half the rows.
        const half: Expr = cmp('GreaterThanOrEqual', k, lit(100, T.int));
        for (const cond of [compare, and(half, compare)]) {
          const sel = compileSelection(cond, cols, testCtx)(batch);
          const got = sel === null ? data.map((_, i) => i) : Array.from(sel);
          const want = data.flatMap((r, i) =>
            r[0] !== null && (cond === compare || i >= 100) && holds(op, r[0] as number, r[1] as number)
              ? [i]
              : [],
          );
          expect(got, `${op} ${withNulls}`).toEqual(want);
        }
      }
    }
  });
});

describe('FilterExec selection of CAST(decimal AS DOUBLE) against a double', () => {
  const d = attr(4, 'd', T.decimal(15, 2));
  const asDouble: Expr = {
    kind: 'Cast',
    child: d,
    dataType: T.double,
    evalMode: 'LEGACY',
    userSpecified: false,
  };
  // Literals on, between and near cents (0.1 + 0.2 is just above 0.3; 0.015 is just below 1.5 cents).
  const literals = [0.05, 0.07, 0.015, 1 / 3, -0.05, 24, -7.125, 0.1 + 0.2, 0.3, 1e-9, 123456789.995, 0];

  it('keeps the rows whose value as a double passes, at and around every edge; NULL rows drop', () => {
    for (const x of literals) {
      const near = Math.round(x * 100);
      const unscaled = [near - 2, near - 1, near, near + 1, near + 2, 0, -(10 ** 13), 10 ** 13];
      const rows: Value[][] = [...unscaled.map((u) => [BigInt(u)]), [null]];
      const b = batchFromRows([T.decimal(15, 2)], rows);
      for (const op of OPS) {
        const want = unscaled.flatMap((u, i) => (holds(op, u / 100, x) ? [i] : []));
        for (const cond of [
          cmp2(op, asDouble, lit(x, T.double)),
          cmp2(flipComparison(op), lit(x, T.double), asDouble),
        ]) {
          const sel = compileSelection(cond, [d], testCtx)(b);
          expect([x, op, sel === null ? 'all' : Array.from(sel)]).toEqual([x, op, want]);
        }
      }
    }
  });

  it('a range of two such tests and an equality alongside keep what both ask', () => {
    const b = batchFromRows(
      [T.decimal(15, 2)],
      [4n, 5n, 6n, 7n, 8n, null].map((u) => [u]),
    );
    const between = and(
      cmp2('GreaterThanOrEqual', asDouble, lit(0.05, T.double)),
      cmp2('LessThanOrEqual', asDouble, lit(0.07, T.double)),
    );
    expect(Array.from(compileSelection(between, [d], testCtx)(b)!)).toEqual([1, 2, 3]);
    const equalThenBelow = and(
      cmp2('EqualTo', asDouble, lit(0.06, T.double)),
      cmp2('LessThan', asDouble, lit(0.07, T.double)),
    );
    expect(Array.from(compileSelection(equalThenBelow, [d], testCtx)(b)!)).toEqual([2]);
  });
});

const OPS: ComparisonOp[] = ['EqualTo', 'LessThan', 'LessThanOrEqual', 'GreaterThan', 'GreaterThanOrEqual'];

/** `a op b` for numbers or bigints, as Spark compares them. */
function holds<T extends number | bigint>(op: ComparisonOp, a: T, b: T): boolean {
  return comparisonHolds(op, a < b ? -1 : a > b ? 1 : 0);
}

function cmp2(op: ComparisonOp, l: Expr, r: Expr): Expr {
  return { kind: 'Comparison', op, left: l, right: r };
}

describe('FilterExec selection of CAST(decimal AS a decimal of a larger scale) against a literal', () => {
  const d = attr(5, 'd', T.decimal(15, 2));
  const wide = T.decimal(19, 6);
  const widened: Expr = { kind: 'Cast', child: d, dataType: wide, evalMode: 'LEGACY', userSpecified: false };

  it('keeps the rows whose widened value passes, for literals on and between its steps', () => {
    // Literals at scale 6: whole cents (divisible by 10^4) and between them, either sign, and zero.
    const literals = [45000n, 45001n, 44999n, -45000n, -45001n, -44999n, 0n, 1n, -1n, 123456789012n];
    for (const x of literals) {
      const near = x / 10000n;
      const unscaled = [near - 2n, near - 1n, near, near + 1n, near + 2n, 0n];
      const b = batchFromRows([T.decimal(15, 2)], [...unscaled.map((u) => [u]), [null]]);
      for (const op of OPS) {
        const want = unscaled.flatMap((u, i) => (holds(op, u * 10000n, x) ? [i] : []));
        for (const cond of [
          cmp2(op, widened, lit(x, wide)),
          cmp2(flipComparison(op), lit(x, wide), widened),
        ]) {
          const sel = compileSelection(cond, [d], testCtx)(b);
          expect([x, op, sel === null ? 'all' : Array.from(sel)]).toEqual([x, op, want]);
        }
      }
    }
  });
});

describe('FilterExec selection of an OR over several columns', () => {
  const or = (l: Expr, r: Expr): Expr => ({ kind: 'Or', left: l, right: r });
  // Rows with NULLs in every column, x from 0.5 (10 / x never 0, never raising).
  const rows: Value[][] = Array.from({ length: 60 }, (_, i) => [
    i % 11 === 3 ? null : 0.5 + (i % 9),
    i % 13 === 5 ? null : i % 7,
    i % 17 === 2 ? null : ['a', 'b', 'c'][i % 3]!,
  ]);
  const branches = or(
    or(and(gt(x, lit(4, T.double)), cmp('LessThan', y, lit(3, T.int))), eq2(s, lit('c', T.string))),
    and(cmp('LessThanOrEqual', x, lit(1, T.double)), gt(y, lit(4, T.int))),
  );

  it('keeps the rows where some branch is TRUE, NULL branches dropping as FALSE ones', () => {
    const truth = (r: Value[]): boolean => {
      const [xv, yv, sv] = r as [number | null, number | null, string | null];
      const first = xv !== null && yv !== null && xv > 4 && yv < 3;
      const second = sv === 'c';
      const third = xv !== null && yv !== null && xv <= 1 && yv > 4;
      return first || second || third;
    };
    const want = rows.flatMap((r, i) => (truth(r) ? [i] : []));
    expect(select(branches, rows)).toEqual(want);
    // After a conjunct that keeps some rows, too.
    const afterHalf = and(cmp('GreaterThanOrEqual', y, lit(2, T.int)), branches);
    const half = rows.flatMap((r, i) => (truth(r) && r[1] !== null && (r[1] as number) >= 2 ? [i] : []));
    expect(select(afterHalf, rows)).toEqual(half);
  });

  it('keeps what the OR evaluated whole keeps (a condition that may raise evaluates it so)', () => {
    const mayRaise = gt(divide(lit(10, T.double), x), lit(-1, T.double));
    const whole = select(and(mayRaise, branches), rows);
    const byBranches = select(and(gt(x, lit(0, T.double)), branches), rows);
    expect(byBranches).toEqual(whole);
  });
});

describe('FilterExec with the tests of the joins above it (FilterNarrowing)', () => {
  const node = (condition: Expr): Extract<PhysicalPlan, { kind: 'FilterExec' }> => ({
    kind: 'FilterExec',
    condition,
    child: table(input, []),
  });
  const tc = { eval: testCtx } as TaskContext;
  // Batches of 100 rows: x = row, y = row % 7.
  const batches = Array.from({ length: 12 }, (_, b) =>
    batchFromRows(
      [T.double, T.int, T.string],
      Array.from({ length: 100 }, (_, i) => [b * 100 + i, (b * 100 + i) % 7, 's']),
    ),
  );
  /** A join's test keeping the rows whose x is a multiple of `m`, counting the rows it is asked about. */
  const multiples = (m: number, asked: number[]): FilterNarrowing => ({
    keyPositions: [0],
    narrow: (b, sel) => {
      const xs = b.columns[0]!.values as Float64Array;
      const rows = sel === null ? Array.from({ length: b.numRows }, (_, i) => i) : Array.from(sel);
      asked.push(rows.length);
      return Int32Array.from(rows.filter((r) => xs[r]! % m === 0));
    },
  });
  const kept = async (condition: Expr, tests: FilterNarrowing[], from = batches): Promise<number[]> => {
    const out: number[] = [];
    for await (const o of filterExec(node(condition), input, fromArray(from), tc, null, undefined, tests))
      out.push(...(o.columns[0]!.values as Float64Array));
    return out;
  };

  it('keeps the rows that pass the condition and every test, whatever order they run in', async () => {
    const asked: number[] = [];
    const rows = await kept(eq2(y, lit(3, T.int)), [multiples(5, asked), multiples(2, [])]);
    const want = Array.from({ length: 1200 }, (_, i) => i).filter((i) => i % 7 === 3 && i % 10 === 0);
    expect(rows).toEqual(want);
    // The test of multiples of 5 was tried on whole batches first (100 rows), and later on fewer.
    expect(asked.filter((n) => n === 100).length).toBeGreaterThanOrEqual(2);
    expect(asked.some((n) => n < 100)).toBe(true);
  });

  it('a condition that may raise is evaluated on every row before the tests, as Spark filters first', async () => {
    // 10 / x raises at x = 0 (ANSI), a row the test (multiples of 7 from 7 on) would drop.
    const raising = gt(divide(lit(10, T.double), x), lit(-1, T.double));
    const from7: FilterNarrowing = {
      keyPositions: [0],
      narrow: (b, sel) => {
        const xs = b.columns[0]!.values as Float64Array;
        const rows = sel === null ? Array.from({ length: b.numRows }, (_, i) => i) : Array.from(sel);
        return Int32Array.from(rows.filter((r) => xs[r]! >= 7 && xs[r]! % 7 === 0));
      },
    };
    // x counts down to 0 in the last batch, after the tests' trials.
    const down = batches.map((b) =>
      batchFromRows(
        [T.double, T.int, T.string],
        Array.from(b.columns[0]!.values as Float64Array, (v) => [1199 - v, 0, 's']),
      ),
    );
    await expect(kept(raising, [from7], down)).rejects.toThrow(FlintError);
  });
});

function eq2(l: Expr, r: Expr): Expr {
  return { kind: 'Comparison', op: 'EqualTo', left: l, right: r };
}
