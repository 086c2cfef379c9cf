// Vectorized comparisons (= <=> < <= > >=) over any comparable type with Spark's ordering.

import type { DataType, Value, Vector } from '@flint/common';
import type { ComparisonOp } from '@flint/planner';
import { compareDecimal, compareDouble, compareUtf8, comparatorFor } from './compare.js';
import { unionNulls, type Store } from './vectors.js';

function test(op: ComparisonOp, c: number): number {
  switch (op) {
    case 'EqualTo':
    case 'EqualNullSafe':
      return c === 0 ? 1 : 0;
    case 'LessThan':
      return c < 0 ? 1 : 0;
    case 'LessThanOrEqual':
      return c <= 0 ? 1 : 0;
    case 'GreaterThan':
      return c > 0 ? 1 : 0;
    case 'GreaterThanOrEqual':
      return c >= 0 ? 1 : 0;
  }
}

/** Row comparator of a[i] vs b[j] for non-null entries. */
export function rowComparator(
  lt: DataType,
  rt: DataType,
): (x: Store, i: number, y: Store, j: number) => number {
  switch (lt.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      return (x, i, y, j) => (x[i] < y[j] ? -1 : x[i] > y[j] ? 1 : 0);
    case 'float':
    case 'double':
      return (x, i, y, j) => compareDouble(x[i] as number, y[j] as number);
    case 'boolean':
      return (x, i, y, j) => (x[i] as number) - (y[j] as number);
    case 'decimal': {
      const sa = lt.scale;
      const sb = rt.kind === 'decimal' ? rt.scale : sa;
      if (sa === sb) return (x, i, y, j) => (x[i] < y[j] ? -1 : x[i] > y[j] ? 1 : 0);
      return (x, i, y, j) => compareDecimal(x[i] as bigint, sa, y[j] as bigint, sb);
    }
    default: {
      const cmp = comparatorFor(lt);
      return (x, i, y, j) => cmp(x[i], y[j]);
    }
  }
}

/** Outcome table per op, indexed by comparison result + 1 (less, equal, greater). */
export function outcomes(op: ComparisonOp): Uint8Array {
  switch (op) {
    case 'EqualTo':
    case 'EqualNullSafe':
      return Uint8Array.of(0, 1, 0);
    case 'LessThan':
      return Uint8Array.of(1, 0, 0);
    case 'LessThanOrEqual':
      return Uint8Array.of(1, 1, 0);
    case 'GreaterThan':
      return Uint8Array.of(0, 0, 1);
    case 'GreaterThanOrEqual':
      return Uint8Array.of(0, 1, 1);
  }
}

/** A 64-bit scalar as its (signed high, unsigned low) 32-bit words, or null beyond 64 bits. */
export function scalarWords(c: Value): { hi: number; lo: number } | null {
  const big = typeof c === 'bigint' ? c : BigInt(c as number);
  if (big < -(2n ** 63n) || big >= 2n ** 63n) return null;
  return { hi: Number(BigInt.asIntN(32, big >> 32n)), lo: Number(BigInt.asUintN(32, big)) };
}

/** `a op b` as `b op' a`. */
export function flipComparison(op: ComparisonOp): ComparisonOp {
  switch (op) {
    case 'LessThan':
      return 'GreaterThan';
    case 'LessThanOrEqual':
      return 'GreaterThanOrEqual';
    case 'GreaterThan':
      return 'LessThan';
    case 'GreaterThanOrEqual':
      return 'LessThanOrEqual';
    default:
      return op;
  }
}

const INT_KINDS = new Set<DataType['kind']>(['byte', 'short', 'integer', 'date', 'year_month_interval']);
const LONG_KINDS = new Set<DataType['kind']>([
  'long',
  'timestamp',
  'timestamp_ntz',
  'time',
  'day_time_interval',
]);

/** Whether compareWithScalar handles a column of type `t` against a literal `value` of type `lt`. */
export function scalarComparable(t: DataType, lt: DataType, value: Value): boolean {
  if (t.kind !== lt.kind) return false;
  if (INT_KINDS.has(t.kind)) return typeof value === 'number';
  if (t.kind === 'double' || t.kind === 'float') return typeof value === 'number' && !Number.isNaN(value);
  if (LONG_KINDS.has(t.kind)) return typeof value === 'bigint' || typeof value === 'number';
  if (t.kind === 'decimal') {
    return (
      lt.kind === 'decimal' &&
      lt.scale === t.scale &&
      (typeof value === 'bigint' || typeof value === 'number')
    );
  }
  return t.kind === 'string' && typeof value === 'string';
}

/**
 * `v op c` for a non-NULL scalar `c` (see scalarComparable): one typed loop, the result's NULLs are
 * v's. 64-bit values are compared as (signed high word, unsigned low word) pairs, so no BigInt is made.
 */
export function compareWithScalar(op: ComparisonOp, v: Vector, c: Value, n: number): Vector {
  const out = new Uint8Array(n);
  const t = outcomes(op);
  const xs = v.values;
  const cw = xs instanceof BigInt64Array ? scalarWords(c) : null;
  if (xs instanceof BigInt64Array && cw !== null) {
    const { hi: chi, lo: clo } = cw;
    const w = new Int32Array(xs.buffer, xs.byteOffset, n * 2);
    for (let i = 0; i < n; i++) {
      const hi = w[2 * i + 1]!;
      const lo = w[2 * i]! >>> 0;
      const r = hi < chi ? 0 : hi > chi ? 2 : lo < clo ? 0 : lo > clo ? 2 : 1;
      out[i] = t[r]!;
    }
  } else if (xs instanceof Float64Array || xs instanceof Float32Array) {
    const d = xs instanceof Float32Array ? Math.fround(c as number) : (c as number);
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      // NaN is greater than every number; -0.0 equals 0.0.
      out[i] = t[x < d ? 0 : x === d ? 1 : 2]!;
    }
  } else if (xs instanceof Int32Array || xs instanceof Int16Array || xs instanceof Int8Array) {
    const d = c as number;
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      out[i] = t[x < d ? 0 : x > d ? 2 : 1]!;
    }
  } else if (typeof c === 'string') {
    const ss = xs as string[];
    const vn = v.nulls;
    if (op === 'EqualTo') {
      for (let i = 0; i < n; i++) out[i] = ss[i] === c ? 1 : 0;
    } else {
      // A NULL row's slot may hold anything: it is not compared.
      for (let i = 0; i < n; i++) if (vn === null || vn[i] === 0) out[i] = t[compareUtf8(ss[i]!, c) + 1]!;
    }
  } else {
    // Wide decimals (bigint[]) and anything unusual: exact bigint / value comparison.
    const xv = xs as unknown as Store;
    const y =
      typeof c === 'number' && (v.type.kind === 'decimal' || LONG_KINDS.has(v.type.kind)) ? BigInt(c) : c;
    const vn = v.nulls;
    for (let i = 0; i < n; i++) {
      if (vn !== null && vn[i] === 1) continue;
      const x = xv[i];
      out[i] = t[x < (y as bigint) ? 0 : x > (y as bigint) ? 2 : 1]!;
    }
  }
  if (v.type.kind === 'null')
    return { type: { kind: 'boolean' }, length: n, values: out, nulls: new Uint8Array(n).fill(1) };
  return {
    type: { kind: 'boolean' },
    length: n,
    values: out,
    nulls: unionNulls(v.nulls, null, n),
  };
}

// Two columns' rows compared without a branch on the outcome: (x > y) - (x < y) + 1 indexes the
// outcomes. Dates a filter compares (TPC-H Q4, Q12, Q21's commit and receipt dates) come out either
// way at random, and the branches of a chain of tests cost a misprediction every other row: 3M int
// pairs 27 -> 9 ms (micro). Functions of their own (docs/architecture.md on row loops).
function compareIntColumns(t: Uint8Array, xs: Int32Array, ys: Int32Array, out: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    out[i] = t[+(x > y) - +(x < y) + 1]!;
  }
}

/** As compareIntColumns; a pair with a NaN (rare, so the test is predicted) by Spark's ordering. */
function compareDoubleColumns(
  t: Uint8Array,
  xs: Float64Array,
  ys: Float64Array,
  out: Uint8Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    out[i] = x === x && y === y ? t[+(x > y) - +(x < y) + 1]! : t[compareDouble(x, y) + 1]!;
  }
}

/** Typed loop for two columns of one storage class, or null when there is none. */
function compareTyped(op: ComparisonOp, a: Vector, b: Vector, n: number): Uint8Array | null {
  const xs = a.values;
  const ys = b.values;
  const t = outcomes(op);
  if (xs instanceof Float64Array && ys instanceof Float64Array) {
    const out = new Uint8Array(n);
    compareDoubleColumns(t, xs, ys, out, n);
    return out;
  }
  if (xs instanceof Int32Array && ys instanceof Int32Array) {
    const out = new Uint8Array(n);
    compareIntColumns(t, xs, ys, out, n);
    return out;
  }
  if (xs instanceof BigInt64Array && ys instanceof BigInt64Array) {
    if (a.type.kind === 'decimal' && (b.type.kind !== 'decimal' || b.type.scale !== a.type.scale))
      return null;
    const out = new Uint8Array(n);
    const wx = new Int32Array(xs.buffer, xs.byteOffset, n * 2);
    const wy = new Int32Array(ys.buffer, ys.byteOffset, n * 2);
    for (let i = 0; i < n; i++) {
      const hx = wx[2 * i + 1]!;
      const hy = wy[2 * i + 1]!;
      let r: number;
      if (hx !== hy) r = hx < hy ? 0 : 2;
      else {
        const lx = wx[2 * i]! >>> 0;
        const ly = wy[2 * i]! >>> 0;
        r = lx < ly ? 0 : lx > ly ? 2 : 1;
      }
      out[i] = t[r]!;
    }
    return out;
  }
  if (a.type.kind === 'string' && b.type.kind === 'string') {
    const out = new Uint8Array(n);
    const xa = xs as string[];
    const ya = ys as string[];
    const an = a.nulls;
    const bn = b.nulls;
    if (op === 'EqualTo') for (let i = 0; i < n; i++) out[i] = xa[i] === ya[i] ? 1 : 0;
    else {
      // NULL rows' slots may hold anything: they are not compared.
      for (let i = 0; i < n; i++) {
        if ((an !== null && an[i] === 1) || (bn !== null && bn[i] === 1)) continue;
        out[i] = t[compareUtf8(xa[i]!, ya[i]!) + 1]!;
      }
    }
    return out;
  }
  return null;
}

export function compareVectors(op: ComparisonOp, a: Vector, b: Vector, n: number): Vector {
  if (op !== 'EqualNullSafe' && a.type.kind !== 'null' && b.type.kind !== 'null') {
    const typed = compareTyped(op, a, b, n);
    if (typed !== null) {
      return { type: { kind: 'boolean' }, length: n, values: typed, nulls: unionMasks(a.nulls, b.nulls, n) };
    }
  }
  const out = new Uint8Array(n);
  const x = a.values as unknown as Store;
  const y = b.values as unknown as Store;
  const an = a.nulls;
  const bn = b.nulls;
  const cmp = rowComparator(a.type, b.type);
  if (a.type.kind === 'null' || b.type.kind === 'null') {
    if (op === 'EqualNullSafe') {
      for (let i = 0; i < n; i++) {
        const xa = a.type.kind === 'null' || (an !== null && an[i] === 1);
        const xb = b.type.kind === 'null' || (bn !== null && bn[i] === 1);
        out[i] = xa && xb ? 1 : 0;
      }
      return { type: { kind: 'boolean' }, length: n, values: out, nulls: null };
    }
    return { type: { kind: 'boolean' }, length: n, values: out, nulls: new Uint8Array(n).fill(1) };
  }
  if (op === 'EqualNullSafe') {
    for (let i = 0; i < n; i++) {
      const xa = an !== null && an[i] === 1;
      const xb = bn !== null && bn[i] === 1;
      out[i] = xa || xb ? (xa && xb ? 1 : 0) : cmp(x, i, y, i) === 0 ? 1 : 0;
    }
    return { type: { kind: 'boolean' }, length: n, values: out, nulls: null };
  }
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if ((an !== null && an[i] === 1) || (bn !== null && bn[i] === 1)) {
      nulls ??= new Uint8Array(n);
      nulls[i] = 1;
      continue;
    }
    out[i] = test(op, cmp(x, i, y, i));
  }
  return { type: { kind: 'boolean' }, length: n, values: out, nulls };
}

function unionMasks(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null && b === null) return null;
  const out = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    const x = (a !== null ? a[i]! : 0) | (b !== null ? b[i]! : 0);
    out[i] = x;
    if (x === 1) any = true;
  }
  return any ? out : null;
}
