// A filter's `column op literal` conjuncts as a selection kernel: it reads the column's values (a
// typed array, or strings for equality) at the rows still selected and writes the rows that pass, with
// no gathered copy of the column and no boolean vector between (TPC-H Q6's range tests, Q1's date cut,
// c_mktsegment = 'BUILDING'). Two adjacent tests of one column (a range, BETWEEN) run as one pass.

import type { Value, Vector } from '@flint/common';
import type { ComparisonOp } from '@flint/planner';
import { outcomes, scalarWords } from './comparison.js';
import { int32View, TWO_32 } from './vectors.js';

/** `column op value` for a non-NULL scalar of the column's type (see scalarComparable). */
export interface ScalarComparison {
  readonly op: ComparisonOp;
  readonly value: Value;
}

/** One test as the pair selectCompareScalar takes (a and b alike). */
function oneTest(op: ComparisonOp, value: Value): readonly [ScalarComparison, ScalarComparison] {
  const t = { op, value };
  return [t, t];
}

/** Decimals of at most this precision have unscaled values below 2^53: exact as doubles. */
const DOUBLE_EXACT_PRECISION = 15;

/**
 * `CAST(d AS DOUBLE) op x` for a decimal column d of this precision and scale and a finite double
 * x, as tests of d's unscaled values against integers (one test, or two for `=`), or null. The cast
 * is u / 10^scale correctly rounded (one division of exact operands: Spark's BigDecimal.doubleValue),
 * monotone in u, so `>= x` holds exactly from the first u whose cast is >= x on; that u is found by
 * trying the integers next to x * 10^scale. (A DataFrame's `col.between(0.05, 0.07)` over a decimal
 * column: the double tests made a double a row, 60% more than TPC-H Q6's whole decimal filter.)
 */
export function decimalAsDoubleTests(
  op: ComparisonOp,
  x: number,
  precision: number,
  scale: number,
): readonly [ScalarComparison, ScalarComparison] | null {
  const pow = 10 ** scale;
  if (op === 'EqualNullSafe' || precision > DOUBLE_EXACT_PRECISION || !Number.isFinite(x)) return null;
  if (Math.abs(x * pow) >= 2 ** 52) return null;
  // The first unscaled value whose cast is >= x (or > x when strict).
  const first = (strict: boolean): number => {
    const passes = (u: number): boolean => (strict ? u / pow > x : u / pow >= x);
    let u = Math.ceil(x * pow);
    while (!passes(u)) u++;
    while (passes(u - 1)) u--;
    return u;
  };
  switch (op) {
    case 'GreaterThanOrEqual':
      return oneTest('GreaterThanOrEqual', first(false));
    case 'GreaterThan':
      return oneTest('GreaterThanOrEqual', first(true));
    case 'LessThan':
      return oneTest('LessThan', first(false));
    case 'LessThanOrEqual':
      return oneTest('LessThan', first(true));
    case 'EqualTo':
      return [
        { op: 'GreaterThanOrEqual', value: first(false) },
        { op: 'LessThan', value: first(true) },
      ];
  }
}

/**
 * `CAST(d AS DECIMAL(p, s + k)) op x` for a decimal column d of scale s, whose cast keeps all its
 * integer digits (no overflow: it only multiplies by 10^k), and x unscaled at scale s + k: as tests of
 * d's own unscaled values u, u * 10^k op x being u op' x / 10^k rounded toward the side that keeps
 * the outcome (an integer u exceeds x / 10^k when it exceeds its floor). `=` is `>= ceil` and `<=
 * floor`, which no u meets when 10^k does not divide x. (TPC-H Q22's `c_acctbal > (SELECT avg(...))`,
 * the average at scale 6, tested every row's balance as a wide decimal.)
 */
export function widenedDecimalTests(
  op: ComparisonOp,
  x: bigint,
  k: number,
): readonly [ScalarComparison, ScalarComparison] | null {
  const pow = 10n ** BigInt(k);
  const truncated = x / pow;
  const inexact = x % pow !== 0n;
  const floor = inexact && x < 0n ? truncated - 1n : truncated;
  const ceil = inexact && x > 0n ? truncated + 1n : truncated;
  switch (op) {
    case 'GreaterThan':
      return oneTest('GreaterThan', floor);
    case 'GreaterThanOrEqual':
      return oneTest('GreaterThanOrEqual', ceil);
    case 'LessThan':
      return oneTest('LessThan', ceil);
    case 'LessThanOrEqual':
      return oneTest('LessThanOrEqual', floor);
    case 'EqualTo':
      return [
        { op: 'GreaterThanOrEqual', value: ceil },
        { op: 'LessThanOrEqual', value: floor },
      ];
    case 'EqualNullSafe':
      return null;
  }
}

/**
 * Writes to `out` the rows of `sel` (rows 0..count-1 when null), in order, where `v a` and `v b` are
 * both TRUE, or NULL, and returns how many; a NULL row is also marked in `dead` (given whenever v has
 * NULLs), as the filter drops it only after the later conjuncts ran on it (Spark's AND evaluates them,
 * and they may raise). -1 when v's storage has no loop here (wide decimals, strings compared for
 * order) or a dictionary column: the caller evaluates the tests. A single test is passed as both `a` and `b`. The tests
 * cannot raise.
 */
export function selectCompareScalar(
  a: ScalarComparison,
  b: ScalarComparison,
  v: Vector,
  sel: Int32Array | null,
  count: number,
  out: Int32Array,
  dead: Uint8Array | null,
): number {
  // A dictionary column is tested once per distinct value by the compiled conjunct (dictionary-eval).
  if (v.dictionary !== undefined) return -1;
  const xs = v.values;
  const nulls = v.nulls;
  const ta = outcomes(a.op);
  const tb = outcomes(b.op);
  // The loops write every row and advance past it only when it passes, and compute the outcome
  // index with arithmetic on comparisons: no branch on the data, which a filter keeping about half
  // its rows would mispredict on every other row.
  const range =
    (xs instanceof Int32Array || xs instanceof BigInt64Array) && nulls === null ? passingRange(a, b) : null;
  if (range !== null && range[1] < range[0]) return 0;
  if (xs instanceof Int32Array && range !== null) {
    const lo = Math.max(range[0], INT_MIN);
    const hi = Math.min(range[1], INT_MAX);
    if (hi < lo) return 0;
    return sel === null
      ? selectIntRange(xs, lo, hi - lo, count, out)
      : selectIntRangeAt(xs, sel, lo, hi - lo, count, out);
  }
  let k = 0;
  if (xs instanceof BigInt64Array) {
    const w = int32View(xs);
    const [lo, hi] = range ?? [NaN, NaN];
    // A range within the ints (or open at an end) tests the low word as an int, for values that are
    // ints: the high word is the low word's sign. Other values pass by the open end on their side.
    const inInts = (x: number): boolean => x >= INT_MIN && x <= INT_MAX;
    if ((lo === -Infinity || inInts(lo)) && (hi === Infinity || inInts(hi))) {
      const min = Math.max(lo, INT_MIN);
      const span = Math.min(hi, INT_MAX) - min;
      const below = lo === -Infinity ? 1 : 0;
      const above = hi === Infinity ? 1 : 0;
      return sel === null
        ? selectWordsInIntRange(w, min, span, below, above, count, out)
        : selectWordsInIntRangeAt(w, sel, min, span, below, above, count, out);
    }
    const da = exactDouble(a.value);
    const db = exactDouble(b.value);
    if (da !== null && db !== null)
      return selectWordsAsDoubles(w, ta, tb, da, db, nulls, sel, count, out, dead);
    const wa = scalarWords(a.value);
    const wb = scalarWords(b.value);
    if (wa === null || wb === null) return -1;
    return selectWords(w, ta, tb, wa, wb, nulls, sel, count, out, dead);
  }
  if (xs instanceof Float64Array || xs instanceof Float32Array) {
    const f32 = xs instanceof Float32Array;
    const da = f32 ? Math.fround(a.value as number) : (a.value as number);
    const db = f32 ? Math.fround(b.value as number) : (b.value as number);
    for (let i = 0; i < count; i++) {
      const r = sel === null ? i : sel[i]!;
      out[k] = r;
      if (nulls !== null && nulls[r] === 1) {
        dead![r] = 1;
        k++;
        continue;
      }
      const x = xs[r]!;
      // NaN is greater than every number (the literals are not NaN); -0.0 equals 0.0.
      const nan = +(x !== x);
      k += ta[(+(x > da) | nan) - +(x < da) + 1]! & tb[(+(x > db) | nan) - +(x < db) + 1]!;
    }
    return k;
  }
  if (xs instanceof Int32Array || xs instanceof Int16Array || xs instanceof Int8Array) {
    const da = a.value as number;
    const db = b.value as number;
    for (let i = 0; i < count; i++) {
      const r = sel === null ? i : sel[i]!;
      out[k] = r;
      if (nulls !== null && nulls[r] === 1) {
        dead![r] = 1;
        k++;
        continue;
      }
      const x = xs[r]!;
      k += ta[+(x > da) - +(x < da) + 1]! & tb[+(x > db) - +(x < db) + 1]!;
    }
    return k;
  }
  if (Array.isArray(xs) && a.op === 'EqualTo' && b.op === 'EqualTo' && typeof a.value === 'string') {
    // String equality (c_mktsegment = 'BUILDING'); ordering comparisons need UTF-8 order: the caller's.
    const ca = a.value;
    const cb = b.value;
    const ss = xs as string[];
    for (let i = 0; i < count; i++) {
      const r = sel === null ? i : sel[i]!;
      out[k] = r;
      if (nulls !== null && nulls[r] === 1) {
        dead![r] = 1;
        k++;
        continue;
      }
      const x = ss[r];
      k += +(x === ca) & +(x === cb);
    }
    return k;
  }
  return -1;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * The integers [lo, hi] that pass both tests (an end of ±Infinity is open; hi < lo: none), or null when
 * a value is not an integer within ±2^53 (exact as a number).
 */
function passingRange(a: ScalarComparison, b: ScalarComparison): [number, number] | null {
  let lo = -Infinity;
  let hi = Infinity;
  for (const { op, value } of [a, b]) {
    const v = typeof value === 'bigint' ? Number(value) : value;
    if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) >= 2 ** 53) return null;
    switch (op) {
      case 'EqualTo':
      case 'EqualNullSafe':
        lo = Math.max(lo, v);
        hi = Math.min(hi, v);
        break;
      case 'LessThan':
        hi = Math.min(hi, v - 1);
        break;
      case 'LessThanOrEqual':
        hi = Math.min(hi, v);
        break;
      case 'GreaterThan':
        lo = Math.max(lo, v + 1);
        break;
      case 'GreaterThanOrEqual':
        lo = Math.max(lo, v);
        break;
    }
  }
  return [lo, hi];
}

// An int x is in [lo, lo + span] when (x - lo) as an unsigned 32-bit number is at most span (one
// comparison a row: TPC-H's date cuts, a third of the time of the outcome-table loop). Each loop a
// function of its own (docs/architecture.md on row loops).

/** Rows 0..count-1 of xs within [lo, lo + span] into `out`; returns how many. */
function selectIntRange(xs: Int32Array, lo: number, span: number, count: number, out: Int32Array): number {
  let k = 0;
  for (let i = 0; i < count; i++) {
    out[k] = i;
    k += +((xs[i]! - lo) >>> 0 <= span);
  }
  return k;
}

/** selectIntRange over the rows of `sel`. */
function selectIntRangeAt(
  xs: Int32Array,
  sel: Int32Array,
  lo: number,
  span: number,
  count: number,
  out: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < count; i++) {
    const r = sel[i]!;
    out[k] = r;
    k += +((xs[r]! - lo) >>> 0 <= span);
  }
  return k;
}

/**
 * Rows 0..count-1 of 64-bit words `w` within [min, min + span] (an int range) into `out`, a value
 * outside the ints passing by `below` (negative) or `above`; returns how many. Ints compared as ints:
 * read as doubles (high word times 2^32 plus low), `l_quantity < 0` took 6.6 ns a row of cached
 * batches, 3.4 so (micro; TPC-H Q6's tests wait on memory more than on either).
 */
function selectWordsInIntRange(
  w: Int32Array,
  min: number,
  span: number,
  below: number,
  above: number,
  count: number,
  out: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < count; i++) {
    const lo = w[2 * i]!;
    const hi = w[2 * i + 1]!;
    const fits = +(hi === lo >> 31);
    out[k] = i;
    k += (+((lo - min) >>> 0 <= span) & fits) | ((hi < 0 ? below : above) & (fits ^ 1));
  }
  return k;
}

/** selectWordsInIntRange over the rows of `sel`. */
function selectWordsInIntRangeAt(
  w: Int32Array,
  sel: Int32Array,
  min: number,
  span: number,
  below: number,
  above: number,
  count: number,
  out: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < count; i++) {
    const r = sel[i]!;
    const lo = w[2 * r]!;
    const hi = w[2 * r + 1]!;
    const fits = +(hi === lo >> 31);
    out[k] = r;
    k += (+((lo - min) >>> 0 <= span) & fits) | ((hi < 0 ? below : above) & (fits ^ 1));
  }
  return k;
}

/**
 * Writes to `out` the rows of `sel` (rows 0..count-1 when null), in order, where `x op y` holds for
 * two int-stored columns (dates, ints) without NULLs, and returns how many; -1 for other columns (the
 * caller evaluates the comparison). No gathered copies of the two columns and no boolean vector
 * between (TPC-H Q12's l_shipdate < l_commitdate and l_commitdate < l_receiptdate, Q4's and Q21's).
 */
export function selectCompareIntColumns(
  op: ComparisonOp,
  x: Vector,
  y: Vector,
  sel: Int32Array | null,
  count: number,
  out: Int32Array,
): number {
  const xs = x.values;
  const ys = y.values;
  if (!(xs instanceof Int32Array) || !(ys instanceof Int32Array) || x.nulls !== null || y.nulls !== null)
    return -1;
  if (x.dictionary !== undefined || y.dictionary !== undefined) return -1;
  return sel === null
    ? selectIntPairs(outcomes(op), xs, ys, count, out)
    : selectIntPairsAt(outcomes(op), xs, ys, sel, count, out);
}

/** selectCompareIntColumns over rows 0..count-1: every row written, kept when its outcome is 1. */
function selectIntPairs(
  t: Uint8Array,
  xs: Int32Array,
  ys: Int32Array,
  count: number,
  out: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < count; i++) {
    const a = xs[i]!;
    const b = ys[i]!;
    out[k] = i;
    k += t[+(a > b) - +(a < b) + 1]!;
  }
  return k;
}

/** selectIntPairs over the rows of `sel`. */
function selectIntPairsAt(
  t: Uint8Array,
  xs: Int32Array,
  ys: Int32Array,
  sel: Int32Array,
  count: number,
  out: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < count; i++) {
    const r = sel[i]!;
    const a = xs[r]!;
    const b = ys[r]!;
    out[k] = r;
    k += t[+(a > b) - +(a < b) + 1]!;
  }
  return k;
}

/** The literal as a double when it is an integer within ±2^53 (exact there), else null. */
function exactDouble(value: Value): number | null {
  const x = typeof value === 'bigint' ? Number(value) : value;
  return typeof x === 'number' && Number.isInteger(x) && Math.abs(x) < 2 ** 53 ? x : null;
}

/**
 * selectCompareScalar over 64-bit words read as doubles, both literals within ±2^53: a value past
 * 2^53 may round, but never to the other side of a literal below it, so every outcome is exact. One
 * comparison of doubles a test instead of the words' two (TPC-H Q6's discount and quantity tests), in
 * a function of its own (docs/architecture.md on row loops).
 */
function selectWordsAsDoubles(
  w: Int32Array,
  ta: Uint8Array,
  tb: Uint8Array,
  da: number,
  db: number,
  nulls: Uint8Array | null,
  sel: Int32Array | null,
  count: number,
  out: Int32Array,
  dead: Uint8Array | null,
): number {
  let k = 0;
  for (let i = 0; i < count; i++) {
    const r = sel === null ? i : sel[i]!;
    out[k] = r;
    if (nulls !== null && nulls[r] === 1) {
      dead![r] = 1;
      k++;
      continue;
    }
    const x = w[2 * r + 1]! * TWO_32 + (w[2 * r]! >>> 0);
    k += ta[+(x > da) - +(x < da) + 1]! & tb[+(x > db) - +(x < db) + 1]!;
  }
  return k;
}

/** selectCompareScalar over 64-bit words by the signs of the high and low words' comparisons. */
function selectWords(
  w: Int32Array,
  ta: Uint8Array,
  tb: Uint8Array,
  wa: { hi: number; lo: number },
  wb: { hi: number; lo: number },
  nulls: Uint8Array | null,
  sel: Int32Array | null,
  count: number,
  out: Int32Array,
  dead: Uint8Array | null,
): number {
  const { hi: ahi, lo: alo } = wa;
  const { hi: bhi, lo: blo } = wb;
  // 2·sign(high words) + sign(low words) has the sign of the 64-bit comparison: tables from -3.
  const ta7 = new Uint8Array(7);
  const tb7 = new Uint8Array(7);
  for (let j = 0; j < 7; j++) {
    ta7[j] = ta[Math.sign(j - 3) + 1]!;
    tb7[j] = tb[Math.sign(j - 3) + 1]!;
  }
  let k = 0;
  for (let i = 0; i < count; i++) {
    const r = sel === null ? i : sel[i]!;
    out[k] = r;
    if (nulls !== null && nulls[r] === 1) {
      dead![r] = 1;
      k++;
      continue;
    }
    const hi = w[2 * r + 1]!;
    const lo = w[2 * r]! >>> 0;
    const pa = ta7[2 * (+(hi > ahi) - +(hi < ahi)) + (+(lo > alo) - +(lo < alo)) + 3]!;
    const pb = tb7[2 * (+(hi > bhi) - +(hi < bhi)) + (+(lo > blo) - +(lo < blo)) + 3]!;
    k += pa & pb;
  }
  return k;
}
