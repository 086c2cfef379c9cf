// Exact arithmetic on 64-bit integer columns (longs, unscaled decimals) in doubles: a batch whose values
// and results all stay within ±2^53 is computed without making a BigInt per row; otherwise callers fall
// back to their exact BigInt path. Decimal + and - of at most 18 digits run in 64-bit integers.

import { takeArray, type ArrayRecycler } from './array-recycler.js';
import type { DataType, DecimalType, Vector } from '@flint/common';
import type { ArithmeticOp } from '@flint/planner';
import { isConstantVector, makeVector, unionNulls, writeLongHalves } from './vectors.js';

const TWO32 = 4294967296;
/** Integers of magnitude below 2^53 are exact in doubles. */
const EXACT = 2 ** 53;

/**
 * The 64-bit values of `v` as 32-bit words (low, high per row), or null for other storage. A constant
 * vector (a literal) gives only its first row, read with stride 0.
 */
function wordsOf(v: Vector, n: number): Int32Array | null {
  const xs = v.values;
  if (!(xs instanceof BigInt64Array) || xs.length < n) return null;
  return new Int32Array(xs.buffer, xs.byteOffset, n > 0 && isConstantVector(v) ? 2 : n * 2);
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

const ADD = 0;
const SUBTRACT = 1;
const MULTIPLY = 2;

/**
 * out = (x * fx  op  y * fy) / d rounded HALF_UP, over 64-bit words, written as 64-bit words. False when
 * a non-NULL row leaves exact doubles (an operand, a scaled operand or the result reaching ±2^53: by
 * monotonic rounding a computed magnitude below 2^53 means the exact one is) or the result reaches
 * ±lim. NULL rows are written as 0.
 */
function combine(
  code: number,
  wx: Int32Array,
  wy: Int32Array,
  fx: number,
  fy: number,
  d: number,
  lim: number,
  nulls: Uint8Array | null,
  o: Int32Array,
  n: number,
): boolean {
  const half = d / 2;
  // Stride 0 reads a constant operand's single row for every i.
  const sx = wx.length === 2 * n ? 2 : 0;
  const sy = wy.length === 2 * n ? 2 : 0;
  if (d === 1 && nulls === null) {
    if (code === MULTIPLY && lim === Infinity && sx === 2 && sy === 2) return multiplyWords(wx, wy, o, n);
    if (code !== MULTIPLY) return addScaledWords(wx, wy, sx, sy, fx, code === ADD ? fy : -fy, lim, o, n);
  }
  for (let i = 0; i < n; i++) {
    const ix = sx * i;
    const iy = sy * i;
    const hx = wx[ix + 1]!;
    const hy = wy[iy + 1]!;
    let r = 0;
    // |x| < 2^53 exactly when its high word is within ±2^21.
    if (hx < 2097152 && hx >= -2097152 && hy < 2097152 && hy >= -2097152) {
      const x = hx * TWO32 + (wx[ix]! >>> 0);
      const y = hy * TWO32 + (wy[iy]! >>> 0);
      if (code === MULTIPLY) r = x * y;
      else {
        const p = x * fx;
        const q = y * fy;
        r = p > -EXACT && p < EXACT && q > -EXACT && q < EXACT ? (code === ADD ? p + q : p - q) : EXACT;
      }
    } else r = EXACT;
    if (!(r > -EXACT && r < EXACT)) {
      if (nulls === null || nulls[i] !== 1) return false;
      r = 0;
    }
    if (d !== 1) {
      const rem = r % d; // exact in doubles, with r's sign
      r = (r - rem) / d; // exact: r - rem is a multiple of d
      if (rem >= half) r += 1;
      else if (rem <= -half) r -= 1;
    }
    if (r >= lim || r <= -lim) {
      if (nulls === null || nulls[i] !== 1) return false;
      r = 0;
    }
    writeLongHalves(o, i, r);
  }
  return true;
}

/**
 * `combine` for the common product: two full columns, no NULLs, no rescale and no precision limit
 * below 2^53 (TPC-H's l_extendedprice * (1 - l_discount)); one loop with nothing else to decide.
 */
function multiplyWords(wx: Int32Array, wy: Int32Array, o: Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const hx = wx[2 * i + 1]!;
    const hy = wy[2 * i + 1]!;
    if (hx >= 2097152 || hx < -2097152 || hy >= 2097152 || hy < -2097152) return false;
    const r = (hx * TWO32 + (wx[2 * i]! >>> 0)) * (hy * TWO32 + (wy[2 * i]! >>> 0));
    if (!(r > -EXACT && r < EXACT)) return false;
    writeLongHalves(o, i, r);
  }
  return true;
}

/**
 * `combine` for x * fx + y * fy (fy negated for a subtraction) without NULLs or a rescale, one operand
 * possibly a constant (stride 0): TPC-H's 1 - l_discount and 1 + l_tax.
 */
function addScaledWords(
  wx: Int32Array,
  wy: Int32Array,
  sx: number,
  sy: number,
  fx: number,
  fy: number,
  lim: number,
  o: Int32Array,
  n: number,
): boolean {
  const bound = Math.min(lim, EXACT);
  for (let i = 0; i < n; i++) {
    const ix = sx * i;
    const iy = sy * i;
    const hx = wx[ix + 1]!;
    const hy = wy[iy + 1]!;
    if (hx >= 2097152 || hx < -2097152 || hy >= 2097152 || hy < -2097152) return false;
    const p = (hx * TWO32 + (wx[ix]! >>> 0)) * fx;
    const q = (hy * TWO32 + (wy[iy]! >>> 0)) * fy;
    if (!(p > -EXACT && p < EXACT && q > -EXACT && q < EXACT)) return false;
    const r = p + q;
    if (!(r > -bound && r < bound)) return false;
    writeLongHalves(o, i, r);
  }
  return true;
}

/**
 * Decimal + - * of two BigInt64Array-backed vectors into `resultType`, exactly as the BigInt path
 * (HALF_UP rescale), or null when the batch's bounds do not allow doubles or a result would overflow
 * the precision (the exact path then raises or nulls as the mode says).
 */
export function decimalArithmeticFast(
  op: ArithmeticOp,
  lt: DecimalType,
  rt: DecimalType,
  resultType: DecimalType,
  a: Vector,
  b: Vector,
  n: number,
  recycler?: ArrayRecycler,
): Vector | null {
  const code = opCode(op);
  if (code === null) return null;
  const s1 = lt.scale;
  const s2 = rt.scale;
  const { precision: p, scale: s } = resultType;
  const from = op === 'Multiply' ? s1 + s2 : Math.max(s1, s2);
  const fx = op === 'Multiply' ? 1 : POW10[from - s1];
  const fy = op === 'Multiply' ? 1 : POW10[from - s2];
  const d = POW10[from - s];
  if (fx === undefined || fy === undefined || d === undefined) return null;
  // Spark's type for + and - holds every exact result; a narrower one (given by a caller) is checked.
  const holdsSum = p > Math.max(lt.precision - s1, rt.precision - s2) + from;
  if (code !== MULTIPLY && d === 1 && lt.precision <= 18 && rt.precision <= 18 && holdsSum)
    return addSmallDecimals(resultType, a, b, n, BigInt(fx), BigInt(code === ADD ? fy : -fy), recycler);
  return combineVectors(code, resultType, a, b, n, fx, fy, d, p < 16 ? POW10[p]! : Infinity, recycler);
}

/**
 * x * fx + y * fy for decimals of at most 18 digits (fy negative for a subtraction), fx and fy
 * bringing both to the result's scale. Scaled, each operand is below 10^18, so the sum is below
 * 2 * 10^18 < 2^63: exact in 64 bits, and within a result precision that holds every sum. Optimized
 * code does this BigInt64Array arithmetic in machine words, making no BigInt: 3x the exact-double
 * loop on TPC-H Q1's 1 - l_discount. NULL rows may hold any value; their results wrap harmlessly.
 */
function addSmallDecimals(
  resultType: DataType,
  a: Vector,
  b: Vector,
  n: number,
  fx: bigint,
  fy: bigint,
  recycler: ArrayRecycler | undefined,
): Vector | null {
  const xs = a.values;
  const ys = b.values;
  if (!(xs instanceof BigInt64Array) || !(ys instanceof BigInt64Array) || xs.length < n || ys.length < n)
    return null;
  const out = takeArray(recycler, BigInt64Array, n);
  addScaled(out, xs, ys, n, fx, fy, n > 0 && isConstantVector(a), n > 0 && isConstantVector(b));
  return makeVector(resultType, out, unionNulls(a.nulls, b.nulls, n), n);
}

/**
 * out[i] = xs[i] * fx + ys[i] * fy (row 0 of a constant side for every row). A function of its own
 * (docs/architecture.md on row loops): after the loop in addSmallDecimals, V8 deoptimized every batch.
 */
function addScaled(
  out: BigInt64Array,
  xs: BigInt64Array,
  ys: BigInt64Array,
  n: number,
  fx: bigint,
  fy: bigint,
  constantX: boolean,
  constantY: boolean,
): void {
  if (constantX) {
    const x = xs[0]! * fx;
    for (let i = 0; i < n; i++) out[i] = x + ys[i]! * fy;
  } else if (constantY) {
    const y = ys[0]! * fy;
    for (let i = 0; i < n; i++) out[i] = xs[i]! * fx + y;
  } else {
    for (let i = 0; i < n; i++) out[i] = xs[i]! * fx + ys[i]! * fy;
  }
}

/**
 * long + - * of two BigInt64Array-backed vectors, or null when a result leaves ±2^53 (below that no
 * result can overflow a long, so no error is lost).
 */
export function longArithmeticFast(
  op: ArithmeticOp,
  resultType: DataType,
  a: Vector,
  b: Vector,
  n: number,
  recycler?: ArrayRecycler,
): Vector | null {
  const code = opCode(op);
  return code === null ? null : combineVectors(code, resultType, a, b, n, 1, 1, 1, Infinity, recycler);
}

function opCode(op: ArithmeticOp): number | null {
  return op === 'Add' ? ADD : op === 'Subtract' ? SUBTRACT : op === 'Multiply' ? MULTIPLY : null;
}

/** `combine` over two vectors' 64-bit words into a new vector of `resultType`, or null (see combine). */
function combineVectors(
  code: number,
  resultType: DataType,
  a: Vector,
  b: Vector,
  n: number,
  fx: number,
  fy: number,
  d: number,
  lim: number,
  recycler: ArrayRecycler | undefined,
): Vector | null {
  const wx = wordsOf(a, n);
  const wy = wordsOf(b, n);
  if (wx === null || wy === null) return null;
  const nulls = unionNulls(a.nulls, b.nulls, n);
  const out = takeArray(recycler, BigInt64Array, n);
  if (!combine(code, wx, wy, fx, fy, d, lim, nulls, new Int32Array(out.buffer, out.byteOffset, 2 * n), n))
    return null;
  return makeVector(resultType, out, nulls, n);
}
