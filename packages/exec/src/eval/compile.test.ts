import { FlintError, T, type DataType, type Value } from '@flint/common';
import type { ArithmeticOp, EvalMode, Expr } from '@flint/planner';
import { describe, expect, it, vi } from 'vitest';
import { attr, evalRows, lit } from '../test-support.js';

vi.mock('../functions/index.js', () => ({
  lookupScalarKernel: () => undefined,
  lookupAggregate: () => undefined,
}));

const a = attr(1, 'a', T.boolean);
const b = attr(2, 'b', T.boolean);
const BOOLS: Value[] = [true, false, null];
const pairs = BOOLS.flatMap((x) => BOOLS.map((y) => [x, y]));

function arith(
  op: ArithmeticOp,
  l: Expr,
  r: Expr,
  dataType: DataType = T.int,
  evalMode: EvalMode = 'ANSI',
): Expr {
  return { kind: 'Arithmetic', op, left: l, right: r, dataType, evalMode };
}

function errorClassOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FlintError) return e.errorClass;
    throw e;
  }
  return 'no error';
}

describe('three-valued logic', () => {
  it('AND', () => {
    expect(evalRows({ kind: 'And', left: a, right: b }, [a, b], pairs)).toEqual([
      true,
      false,
      null,
      false,
      false,
      false,
      null,
      false,
      null,
    ]);
  });
  it('OR', () => {
    expect(evalRows({ kind: 'Or', left: a, right: b }, [a, b], pairs)).toEqual([
      true,
      true,
      true,
      true,
      false,
      null,
      true,
      null,
      null,
    ]);
  });
  it('NOT, IS NULL, IS NOT NULL', () => {
    const rows = BOOLS.map((x) => [x]);
    expect(evalRows({ kind: 'Not', child: a }, [a], rows)).toEqual([false, true, null]);
    expect(evalRows({ kind: 'IsNull', child: a }, [a], rows)).toEqual([false, false, true]);
    expect(evalRows({ kind: 'IsNotNull', child: a }, [a], rows)).toEqual([true, true, false]);
  });
});

describe('comparisons', () => {
  const x = attr(1, 'x', T.double);
  const y = attr(2, 'y', T.double);
  it('NaN equals NaN and is greater than everything; -0.0 = 0.0', () => {
    const rows = [
      [NaN, NaN],
      [NaN, Infinity],
      [-0, 0],
      [1, null],
    ];
    expect(evalRows({ kind: 'Comparison', op: 'EqualTo', left: x, right: y }, [x, y], rows)).toEqual([
      true,
      false,
      true,
      null,
    ]);
    expect(evalRows({ kind: 'Comparison', op: 'GreaterThan', left: x, right: y }, [x, y], rows)).toEqual([
      false,
      true,
      false,
      null,
    ]);
  });
  it('<=> treats NULLs as equal values', () => {
    const rows = [
      [null, null],
      [1, null],
      [1, 1],
    ];
    expect(evalRows({ kind: 'Comparison', op: 'EqualNullSafe', left: x, right: y }, [x, y], rows)).toEqual([
      true,
      false,
      true,
    ]);
  });
  it('strings compare in UTF-8 byte order, not UTF-16', () => {
    const s = attr(1, 's', T.string);
    const t = attr(2, 't', T.string);
    // U+FF61 (3 UTF-8 bytes EF BD A1) sorts before U+1F600 (F0 ...), though its UTF-16 unit is larger.
    const rows = [
      ['\uff61', '\u{1f600}'],
      ['abc', 'abd'],
      ['ab', 'abc'],
    ];
    expect(evalRows({ kind: 'Comparison', op: 'LessThan', left: s, right: t }, [s, t], rows)).toEqual([
      true,
      true,
      true,
    ]);
  });
  it('decimals with different scales compare by value', () => {
    const d1 = lit(150n, T.decimal(5, 2));
    const d2 = lit(15n, T.decimal(3, 1));
    expect(evalRows({ kind: 'Comparison', op: 'EqualTo', left: d1, right: d2 }, [], [[]])).toEqual([true]);
  });
});

describe('arithmetic', () => {
  const i = attr(1, 'i', T.int);
  const j = attr(2, 'j', T.int);
  it('int overflow: ANSI raises ARITHMETIC_OVERFLOW, LEGACY wraps, TRY gives NULL', () => {
    const rows = [[2147483647, 1]];
    expect(errorClassOf(() => evalRows(arith('Add', i, j), [i, j], rows))).toBe('ARITHMETIC_OVERFLOW');
    expect(evalRows(arith('Add', i, j, T.int, 'LEGACY'), [i, j], rows)).toEqual([-2147483648]);
    expect(evalRows(arith('Add', i, j, T.int, 'TRY'), [i, j], rows)).toEqual([null]);
    expect(evalRows(arith('Multiply', i, j, T.int, 'LEGACY'), [i, j], [[65536, 65536]])).toEqual([0]);
  });
  it('long multiply overflow message follows Spark', () => {
    const l = attr(1, 'l', T.long);
    try {
      evalRows(arith('Multiply', l, lit(-1n, T.long), T.long), [l], [[-9223372036854775808n]]);
      expect.unreachable();
    } catch (e) {
      expect((e as FlintError).messageParameters).toEqual({
        message: 'overflow',
        alternative: " Use 'try_multiply' to tolerate overflow and return NULL instead.",
        config: '"spark.sql.ansi.enabled"',
      });
    }
  });
  it('division by zero: DIVIDE_BY_ZERO / REMAINDER_BY_ZERO in ANSI, NULL in LEGACY', () => {
    const x = attr(1, 'x', T.double);
    expect(errorClassOf(() => evalRows(arith('Divide', x, lit(0, T.double), T.double), [x], [[1]]))).toBe(
      'DIVIDE_BY_ZERO',
    );
    expect(evalRows(arith('Divide', x, lit(0, T.double), T.double, 'LEGACY'), [x], [[1]])).toEqual([null]);
    expect(errorClassOf(() => evalRows(arith('Remainder', i, lit(0, T.int)), [i], [[1]]))).toBe(
      'REMAINDER_BY_ZERO',
    );
    expect(evalRows(arith('Remainder', i, lit(0, T.int), T.int, 'LEGACY'), [i], [[1]])).toEqual([null]);
    // A NULL dividend never raises.
    expect(evalRows(arith('Divide', x, lit(0, T.double), T.double), [x], [[null]])).toEqual([null]);
  });
  it('%, pmod and div follow Java semantics', () => {
    expect(
      evalRows(
        arith('Remainder', i, j),
        [i, j],
        [
          [-7, 3],
          [7, -3],
        ],
      ),
    ).toEqual([-1, 1]);
    expect(
      evalRows(
        arith('Pmod', i, j),
        [i, j],
        [
          [-7, 3],
          [7, -3],
        ],
      ),
    ).toEqual([2, 1]);
    const l = attr(1, 'l', T.long);
    const m = attr(2, 'm', T.long);
    expect(evalRows(arith('IntegralDivide', l, m, T.long), [l, m], [[-7n, 2n]])).toEqual([-3n]);
    expect(errorClassOf(() => evalRows(arith('IntegralDivide', l, m, T.long), [l, m], [[1n, 0n]]))).toBe(
      'DIVIDE_BY_ZERO',
    );
  });
  it('decimal division rounds HALF_UP to the result scale', () => {
    // SELECT 1.0 / 3.0 → decimal(8,6) 0.333333 ; 2.0 / 3.0 → 0.666667
    const one = lit(10n, T.decimal(2, 1));
    const two = lit(20n, T.decimal(2, 1));
    const three = lit(30n, T.decimal(2, 1));
    expect(evalRows(arith('Divide', one, three, T.decimal(8, 6)), [], [[]])).toEqual([333333n]);
    expect(evalRows(arith('Divide', two, three, T.decimal(8, 6)), [], [[]])).toEqual([666667n]);
  });
  it('decimal overflow raises NUMERIC_VALUE_OUT_OF_RANGE in ANSI, NULL in legacy', () => {
    // (5e36BD + 0.1) + 5e36BD: decimal(38,1) + decimal(37,0) → decimal(38,1)
    const big = 50000000000000000000000000000000000001n; // 5e36 + 0.1 at scale 1
    const e = arith(
      'Add',
      lit(big, T.decimal(38, 1)),
      lit(5n * 10n ** 36n, T.decimal(37, 0)),
      T.decimal(38, 1),
    );
    try {
      evalRows(e, [], [[]]);
      expect.unreachable();
    } catch (err) {
      expect((err as FlintError).errorClass).toBe('NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION');
      expect((err as FlintError).messageParameters['value']).toBe('10000000000000000000000000000000000000.1');
    }
    expect(evalRows({ ...e, evalMode: 'LEGACY' } as Expr, [], [[]])).toEqual([null]);
  });
  it('unary minus of MIN_VALUE overflows in ANSI', () => {
    expect(
      errorClassOf(() => evalRows({ kind: 'UnaryMinus', child: i, evalMode: 'ANSI' }, [i], [[-2147483648]])),
    ).toBe('ARITHMETIC_OVERFLOW');
    expect(evalRows({ kind: 'UnaryMinus', child: i, evalMode: 'LEGACY' }, [i], [[-2147483648], [5]])).toEqual(
      [-2147483648, -5],
    );
  });
  it('bitwise ops', () => {
    expect(evalRows({ kind: 'Bitwise', op: 'BitwiseAnd', left: i, right: j }, [i, j], [[12, 10]])).toEqual([
      8,
    ]);
    expect(evalRows({ kind: 'Bitwise', op: 'BitwiseXor', left: i, right: j }, [i, j], [[12, 10]])).toEqual([
      6,
    ]);
    expect(evalRows({ kind: 'BitwiseNot', child: i }, [i], [[0]])).toEqual([-1]);
  });
});

describe('CASE WHEN and IN', () => {
  const x = attr(1, 'x', T.int);
  it('evaluates branch values only on the rows that reach them (no DIVIDE_BY_ZERO)', () => {
    const xd: Expr = { kind: 'Cast', child: x, dataType: T.double, evalMode: 'ANSI', userSpecified: false };
    const e: Expr = {
      kind: 'CaseWhen',
      branches: [
        {
          condition: { kind: 'Comparison', op: 'EqualTo', left: x, right: lit(0, T.int) },
          value: lit(0, T.double),
        },
      ],
      elseValue: arith('Divide', lit(1, T.double), xd, T.double),
      dataType: T.double,
    };
    expect(evalRows(e, [x], [[0], [2], [null]])).toEqual([0, 0.5, null]);
  });
  it('without ELSE, unmatched rows are NULL; a NULL condition does not match', () => {
    const e: Expr = {
      kind: 'CaseWhen',
      branches: [
        {
          condition: { kind: 'Comparison', op: 'GreaterThan', left: x, right: lit(1, T.int) },
          value: lit('big', T.string),
        },
        {
          condition: { kind: 'Comparison', op: 'GreaterThan', left: x, right: lit(0, T.int) },
          value: lit('one', T.string),
        },
      ],
      elseValue: null,
      dataType: T.string,
    };
    expect(evalRows(e, [x], [[5], [1], [0], [null]])).toEqual(['big', 'one', null, null]);
  });
  it('IN: match → true; no match with a NULL in the list → NULL', () => {
    const e: Expr = { kind: 'In', value: x, list: [lit(1, T.int), lit(null, T.int)] };
    expect(evalRows(e, [x], [[1], [2], [null]])).toEqual([true, null, null]);
    const e2: Expr = { kind: 'In', value: x, list: [lit(1, T.int), lit(2, T.int)] };
    expect(evalRows(e2, [x], [[3], [2]])).toEqual([false, true]);
  });
  it('IN over ints of a small range: tested by a table, as by the set', () => {
    const sizes = [49, 14, 23, 45, 19, 3, 36, 9, -7];
    const e: Expr = { kind: 'In', value: x, list: sizes.map((v) => lit(v, T.int)) };
    const values: (number | null)[] = [];
    for (let v = -20; v <= 60; v++) values.push(v);
    values.push(null, 2147483647, -2147483648, 1073741824, -1073741824);
    expect(
      evalRows(
        e,
        [x],
        values.map((v) => [v]),
      ),
    ).toEqual(values.map((v) => (v === null ? null : sizes.includes(v))));
    // A list at the top of the int range: no row at the bottom wraps onto it.
    const ends = [2147483647, 2147483646, 2147483640];
    const far: Expr = { kind: 'In', value: x, list: ends.map((v) => lit(v, T.int)) };
    const probes = [-2147483648, -2147483647, -2147483642, 0, 5, 2147483640, 2147483646, 2147483647];
    expect(
      evalRows(
        far,
        [x],
        probes.map((v) => [v]),
      ),
    ).toEqual(probes.map((v) => ends.includes(v)));
  });
});

describe('nested comparisons', () => {
  it('arrays compare lexicographically, shorter prefix first', () => {
    const p = attr(1, 'p', T.array(T.int));
    const q = attr(2, 'q', T.array(T.int));
    const rows = [
      [
        [1, 2],
        [1, 3],
      ],
      [
        [1, 2],
        [1, 2, 0],
      ],
      [[2], [1, 9]],
    ];
    expect(evalRows({ kind: 'Comparison', op: 'LessThan', left: p, right: q }, [p, q], rows)).toEqual([
      true,
      true,
      false,
    ]);
    expect(evalRows({ kind: 'Comparison', op: 'EqualTo', left: p, right: p }, [p, q], rows)).toEqual([
      true,
      true,
      true,
    ]);
  });
});

describe('lazy conditional functions', () => {
  const x = attr(1, 'x', T.int);
  const fn = (name: string, args: Expr[], dataType: DataType): Expr => ({
    kind: 'ScalarFunction',
    name,
    args,
    dataType,
    nullable: true,
  });
  const oneOverX: Expr = arith(
    'Divide',
    lit(1, T.double),
    { kind: 'Cast', child: x, dataType: T.double, evalMode: 'ANSI', userSpecified: false },
    T.double,
  );
  it('coalesce evaluates later arguments only where earlier ones are NULL', () => {
    // SELECT coalesce(1.0, 1/x) with x = 0 does not raise
    expect(evalRows(fn('coalesce', [lit(1, T.double), oneOverX], T.double), [x], [[0]])).toEqual([1]);
    const c = fn(
      'coalesce',
      [
        { kind: 'Cast', child: x, dataType: T.double, evalMode: 'ANSI', userSpecified: false },
        lit(null, T.double),
        lit(-1, T.double),
      ],
      T.double,
    );
    expect(evalRows(c, [x], [[2], [null]])).toEqual([2, -1]);
  });
  it('nanvl evaluates its second argument only for NaN (nanvl(c2, 1/0) in Spark tests)', () => {
    const d = attr(1, 'd', T.double);
    const oneOverZero = arith('Divide', lit(1, T.double), lit(0, T.double), T.double);
    expect(evalRows(fn('nanvl', [d, oneOverZero], T.double), [d], [[0], [1], [null]])).toEqual([0, 1, null]);
    expect(evalRows(fn('nanvl', [d, lit(5, T.double)], T.double), [d], [[NaN]])).toEqual([5]);
  });
  it('nvl2 picks its second or third argument per row', () => {
    expect(
      evalRows(fn('nvl2', [x, lit('y', T.string), lit('n', T.string)], T.string), [x], [[1], [null]]),
    ).toEqual(['y', 'n']);
  });
});

describe('short-circuit AND / OR', () => {
  it('the right side is not evaluated where the left side decides (no DIVIDE_BY_ZERO)', () => {
    const x = attr(1, 'x', T.int);
    const xd: Expr = { kind: 'Cast', child: x, dataType: T.double, evalMode: 'ANSI', userSpecified: false };
    const inv = arith('Divide', lit(1, T.double), xd, T.double);
    const nonZero: Expr = { kind: 'Comparison', op: 'EqualTo', left: x, right: lit(0, T.int) };
    const and: Expr = {
      kind: 'And',
      left: { kind: 'Not', child: nonZero },
      right: { kind: 'Comparison', op: 'LessThan', left: inv, right: lit(1, T.double) },
    };
    expect(evalRows(and, [x], [[0], [2], [1], [null]])).toEqual([false, true, false, null]);
    const or: Expr = {
      kind: 'Or',
      left: nonZero,
      right: { kind: 'Comparison', op: 'LessThan', left: inv, right: lit(1, T.double) },
    };
    expect(evalRows(or, [x], [[0], [2], [1], [null]])).toEqual([true, true, false, null]);
  });
});

describe('IN laziness', () => {
  it('stops at the first match and skips NULL values (x IN (1, 1/0))', () => {
    const x = attr(1, 'x', T.double);
    const inv = arith('Divide', lit(1, T.double), lit(0, T.double), T.double);
    expect(evalRows({ kind: 'In', value: x, list: [lit(1, T.double), inv] }, [x], [[1], [null]])).toEqual([
      true,
      null,
    ]);
    expect(() => evalRows({ kind: 'In', value: x, list: [lit(1, T.double), inv] }, [x], [[2]])).toThrow(
      FlintError,
    );
  });
});
