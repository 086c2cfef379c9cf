// Typed comparison kernels (column vs literal, column vs column), IN over literals and %-only LIKE, against reference orders.
import { T, type DataType, type Value } from '@flint/common';
import type { ComparisonOp, Expr } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { attr, comparisonHolds, evalRows, lit } from '../test-support.js';

function cmp(op: ComparisonOp, left: Expr, right: Expr): Expr {
  return { kind: 'Comparison', op, left, right };
}

const OPS: ComparisonOp[] = ['EqualTo', 'LessThan', 'LessThanOrEqual', 'GreaterThan', 'GreaterThanOrEqual'];

/** Checks column-vs-literal (both sides) and column-vs-column against a reference order. */
function checkAll(t: DataType, values: readonly Value[], order: (a: Value, b: Value) => number): void {
  const x = attr(1, 'x', t);
  const y = attr(2, 'y', t);
  const rows = values.map((v) => [v]);
  const pairs = values.flatMap((a) => values.map((b) => [a, b]));
  for (const op of OPS) {
    for (const c of values) {
      if (c === null) continue;
      const want = values.map((v) => (v === null ? null : comparisonHolds(op, order(v, c))));
      expect(evalRows(cmp(op, x, lit(c, t)), [x], rows), `${op} x vs ${String(c)}`).toEqual(want);
      const flipped = values.map((v) => (v === null ? null : comparisonHolds(op, order(c, v))));
      expect(evalRows(cmp(op, lit(c, t), x), [x], rows), `${op} ${String(c)} vs x`).toEqual(flipped);
    }
    const want = pairs.map(([a, b]) =>
      a === null || b === null ? null : comparisonHolds(op, order(a!, b!)),
    );
    expect(evalRows(cmp(op, x, y), [x, y], pairs), `${op} columns`).toEqual(want);
  }
}

const big = (a: Value, b: Value) =>
  (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
const num = (a: Value, b: Value) =>
  (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;

describe('typed comparisons', () => {
  it('long: high/low words, negatives, extremes, NULL', () => {
    const vals: Value[] = [
      0n,
      -1n,
      1n,
      2n ** 32n,
      2n ** 32n - 1n,
      -(2n ** 32n),
      2n ** 63n - 1n,
      -(2n ** 63n),
      5n << 40n,
      null,
    ];
    checkAll(T.long, vals, big);
  });
  it('decimal of one scale and timestamps compare by unscaled value', () => {
    checkAll(T.decimal(18, 2), [-(10n ** 17n), -1n, 0n, 250n, 10n ** 17n, null], big);
    checkAll(T.timestamp, [-86_400_000_000n, 0n, 1_700_000_000_000_000n, null], big);
  });
  it('int and date', () => {
    checkAll(T.int, [-2147483648, -1, 0, 7, 2147483647, null], num);
    checkAll(T.date, [-1, 0, 9204, null], num);
  });
  it('double: NaN greatest and equal to itself, -0.0 = 0.0', () => {
    const order = (a: Value, b: Value) => {
      const x = a as number;
      const y = b as number;
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
      if (Number.isNaN(y)) return -1;
      return x < y ? -1 : x > y ? 1 : 0;
    };
    // NaN literals take the generic path; columns holding NaN take the typed one.
    const x = attr(1, 'x', T.double);
    const rows = [[NaN], [-0], [0], [Infinity], [-Infinity], [null]];
    expect(evalRows(cmp('EqualTo', x, lit(0, T.double)), [x], rows)).toEqual([
      false,
      true,
      true,
      false,
      false,
      null,
    ]);
    expect(evalRows(cmp('GreaterThan', x, lit(Infinity, T.double)), [x], rows)).toEqual([
      true,
      false,
      false,
      false,
      false,
      null,
    ]);
    expect(evalRows(cmp('EqualTo', x, lit(NaN, T.double)), [x], rows)).toEqual([
      true,
      false,
      false,
      false,
      false,
      null,
    ]);
    checkAll(T.double, [NaN, -0, 0, 1.5, -Infinity, Infinity, null], order);
  });
  it('strings in UTF-8 byte order (a supplementary character sorts above U+FFFD)', () => {
    const utf8 = (a: Value, b: Value) => {
      const x = Buffer.from(a as string);
      const y = Buffer.from(b as string);
      return Buffer.compare(x, y);
    };
    checkAll(T.string, ['', 'a', 'ab', 'b', '\uFFFD', '\u{1F600}', null], utf8);
  });
});

describe('IN over literals', () => {
  it('matches with NaN = NaN and -0.0 = 0.0; NULL when unmatched and the list has NULL', () => {
    const x = attr(1, 'x', T.double);
    const e: Expr = { kind: 'In', value: x, list: [lit(NaN, T.double), lit(0, T.double)] };
    expect(evalRows(e, [x], [[NaN], [-0], [1], [null]])).toEqual([true, true, false, null]);
    const withNull: Expr = { kind: 'In', value: x, list: [lit(1, T.double), lit(null, T.double)] };
    expect(evalRows(withNull, [x], [[1], [2], [null]])).toEqual([true, null, null]);
  });
  it('longs, decimals and strings', () => {
    const l = attr(1, 'l', T.long);
    expect(
      evalRows(
        { kind: 'In', value: l, list: [lit(3n, T.long), lit(2n ** 62n, T.long)] },
        [l],
        [[3n], [2n ** 62n], [4n]],
      ),
    ).toEqual([true, true, false]);
    const s = attr(1, 's', T.string);
    expect(
      evalRows(
        { kind: 'In', value: s, list: [lit('MAIL', T.string), lit('SHIP', T.string)] },
        [s],
        [['MAIL'], ['AIR'], [null]],
      ),
    ).toEqual([true, false, null]);
  });
});

describe('LIKE with % only', () => {
  it('finds the literals in order, anchored at the ends as the pattern says', async () => {
    const { compileLike } = await import('../functions/string-regex.js');
    const cases: [string, string, boolean][] = [
      ['%special%requests%', 'a special deal on requests', true],
      ['%special%requests%', 'requests special', false],
      ['a%a', 'a', false],
      ['a%a', 'aa', true],
      ['ab%ba', 'aba', false],
      ['ab%ba', 'abba', true],
      ['%x%y', 'xxyy', true],
      ['%x%y', 'xyx', false],
      ['x%%y', 'xy', true],
      ['%', '', true],
      ['%%', 'q', true],
    ];
    for (const [p, s, want] of cases) expect(compileLike(p, '\\', false)(s), `${s} LIKE ${p}`).toBe(want);
    expect(compileLike('%SPECIAL%', '\\', true)('a Special one')).toBe(true);
  });
});
