// Casts from numeric and boolean sources: to other numerics, decimals, booleans and timestamps.

import { InternalError, type DataType, type DecimalType, type Vector } from '@flint/common';
import type { EvalMode } from '@flint/planner';
import { castOverflow, numericValueOutOfRange, sqlNumberLiteral } from '../errors.js';
import { decimalFromDouble, decimalToString, pow10, rescaleDown, toPrecision } from '../decimal.js';
import { int32View, makeVector, writeLongHalves } from '../vectors.js';
import { mapValues } from './map-values.js';

const BOUNDS: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};
const TWO32 = 4294967296;
const POW10_DOUBLES = Array.from({ length: 23 }, (_, k) => 10 ** k); // exact doubles up to 10^22
const LMIN = -(2n ** 63n);
const LMAX = 2n ** 63n - 1n;
const TWO63 = 9223372036854775807; // as a double this is 2^63, as in Java's `x <= Long.MaxValue`

function wrap(kind: string, x: bigint): number | bigint {
  switch (kind) {
    case 'byte':
      return Number(BigInt.asIntN(8, x));
    case 'short':
      return Number(BigInt.asIntN(16, x));
    case 'integer':
      return Number(BigInt.asIntN(32, x));
    default:
      return BigInt.asIntN(64, x);
  }
}

/** Java's (int)/(long) conversion of a double: NaN → 0, saturating. */
function javaDoubleToLong(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= TWO63) return LMAX;
  if (x <= -TWO63) return LMIN;
  return BigInt(Math.trunc(x));
}
function javaDoubleToInt(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x >= 2147483647) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  return Math.trunc(x);
}

function isIntegralKind(k: string): boolean {
  return k === 'byte' || k === 'short' || k === 'integer' || k === 'long';
}

export function castFromNumeric(v: Vector, to: DataType, mode: EvalMode): Vector {
  const from = v.type;
  const fk = from.kind;
  const overflow = (x: number | bigint, rendered?: string): undefined => {
    if (mode === 'ANSI') throw castOverflow(rendered ?? sqlNumberLiteral(from, x), from, to);
    return undefined;
  };
  // boolean source
  if (fk === 'boolean') {
    switch (to.kind) {
      case 'byte':
      case 'short':
      case 'integer':
      case 'float':
      case 'double':
        return mapValues(v, to, (b: boolean) => (b ? 1 : 0));
      case 'long':
        return mapValues(v, to, (b: boolean) => (b ? 1n : 0n));
      case 'decimal':
        return mapValues(v, to, (b: boolean) => {
          const r = toPrecision(b ? 1n : 0n, 0, to.precision, to.scale);
          if (r === null) {
            if (mode === 'ANSI') throw numericValueOutOfRange(b ? '1' : '0', to.precision, to.scale);
            return undefined;
          }
          return r;
        });
      case 'timestamp':
        return mapValues(v, to, (b: boolean) => (b ? 1n : 0n));
      default:
        throw new InternalError(`cast boolean to ${to.kind}`);
    }
  }
  if (to.kind === 'boolean') {
    if (fk === 'decimal') return mapValues(v, to, (x: bigint) => (x !== 0n ? 1 : 0));
    return mapValues(v, to, (x: number | bigint) => (x != 0 ? 1 : 0));
  }
  // integral source
  if (isIntegralKind(fk)) {
    if (to.kind === 'long' || to.kind === 'double') {
      const widened = widenInts(v, to);
      if (widened !== null) return widened;
    }
    if (to.kind === 'decimal') {
      const widened = widenIntegralToDecimal(v, to);
      if (widened !== null) return widened;
    }
    if (isIntegralKind(to.kind)) {
      if (to.kind === 'long') return mapValues(v, to, (x: number | bigint) => BigInt(x));
      const [lo, hi] = BOUNDS[to.kind]!;
      return mapValues(v, to, (x: number | bigint) => {
        const n = Number(x);
        if (n >= lo && n <= hi) return n;
        if (mode === 'LEGACY') return wrap(to.kind, BigInt(x));
        return overflow(x);
      });
    }
    switch (to.kind) {
      case 'float':
        return mapValues(v, to, (x: number | bigint) => Math.fround(Number(x)));
      case 'double':
        return mapValues(v, to, (x: number | bigint) => Number(x));
      case 'decimal':
        return mapValues(v, to, (x: number | bigint) => {
          const r = BigInt(x) * pow10(to.scale);
          if (r >= pow10(to.precision) || r <= -pow10(to.precision)) {
            if (mode === 'ANSI')
              throw numericValueOutOfRange(decimalToString(r, to.scale), to.precision, to.scale);
            return undefined;
          }
          return r;
        });
      case 'timestamp': {
        return mapValues(v, to, (x: number | bigint) => {
          const r = BigInt(x) * 1_000_000n;
          return r > LMAX ? LMAX : r < LMIN ? LMIN : r;
        });
      }
      default:
        throw new InternalError(`cast ${fk} to ${to.kind}`);
    }
  }
  // floating source
  if (fk === 'float' || fk === 'double') {
    switch (to.kind) {
      case 'byte':
      case 'short':
      case 'integer': {
        const [lo, hi] = BOUNDS[to.kind]!;
        return mapValues(v, to, (x: number) => {
          if (Math.floor(x) <= hi && Math.ceil(x) >= lo) return Math.trunc(x);
          if (mode === 'LEGACY')
            return to.kind === 'integer' ? javaDoubleToInt(x) : wrap(to.kind, BigInt(javaDoubleToInt(x)));
          return overflow(x);
        });
      }
      case 'long':
        return mapValues(v, to, (x: number) => {
          if (Math.floor(x) <= TWO63 && Math.ceil(x) >= -TWO63) return javaDoubleToLong(x);
          if (mode === 'LEGACY') return javaDoubleToLong(x);
          return overflow(x);
        });
      case 'float':
        return mapValues(v, to, (x: number) => Math.fround(x));
      case 'double':
        // float → double widens the binary value exactly (0.1f → 0.10000000149011612).
        return mapValues(v, to, (x: number) => x);
      case 'decimal':
        return mapValues(v, to, (x: number) => {
          // Spark's Decimal(double) fails on NaN/Infinity with NumberFormatException, which Cast turns
          // into NULL in every mode.
          if (!Number.isFinite(x)) return undefined;
          const d = decimalFromDouble(fk === 'float' ? Number(Math.fround(x).toPrecision(9)) : x);
          const r = toPrecision(d.unscaled, d.scale, to.precision, to.scale);
          if (r === null) {
            if (mode === 'ANSI')
              throw numericValueOutOfRange(
                decimalToString(d.unscaled, Math.max(0, d.scale)),
                to.precision,
                to.scale,
              );
            return undefined;
          }
          return r;
        });
      case 'timestamp':
        return mapValues(v, to, (x: number) => {
          if (!Number.isFinite(x)) return overflow(x);
          return javaDoubleToLong(x * 1e6);
        });
      default:
        throw new InternalError(`cast ${fk} to ${to.kind}`);
    }
  }
  if (fk === 'decimal') {
    const s = from.scale;
    switch (to.kind) {
      case 'byte':
      case 'short':
      case 'integer':
      case 'long': {
        const lo = to.kind === 'long' ? LMIN : BigInt(BOUNDS[to.kind]![0]);
        const hi = to.kind === 'long' ? LMAX : BigInt(BOUNDS[to.kind]![1]);
        return mapValues(v, to, (x: bigint) => {
          const t = rescaleDown(x, s, 0);
          if (t >= lo && t <= hi) return to.kind === 'long' ? t : Number(t);
          if (mode === 'LEGACY') return wrap(to.kind, t);
          return overflow(x, `${decimalToString(x, s)}BD`);
        });
      }
      case 'float':
      case 'double':
        return decimalToFloating(v, s, to);
      case 'decimal':
        return mapValues(v, to, (x: bigint) => {
          const r = toPrecision(x, s, to.precision, to.scale);
          if (r === null) {
            if (mode === 'ANSI') throw numericValueOutOfRange(decimalToString(x, s), to.precision, to.scale);
            return undefined;
          }
          return r;
        });
      case 'timestamp':
        return mapValues(
          v,
          to,
          (x: bigint) => rescaleDown(x, s, 0) * 1_000_000n + (rescaleDown(x, s, 6) % 1_000_000n),
        );
      default:
        throw new InternalError(`cast decimal to ${to.kind}`);
    }
  }
  throw new InternalError(`cast ${fk} to ${to.kind}`);
}

/**
 * A decimal column as doubles (or floats, rounded from the double as before). Spark's value is the
 * decimal's digits read as a double; for |unscaled| < 2^53 and scale <= 22 that is unscaled / 10^scale,
 * one correctly rounded division of two exact doubles, read from the 64-bit words with no BigInt or
 * string per row. Other rows (and wide decimals) take the digits path.
 */
function decimalToFloating(v: Vector, scale: number, to: DataType): Vector {
  const viaDigits = (x: bigint): number => Number(decimalToString(x, scale));
  const xs = v.values;
  const d = POW10_DOUBLES[scale];
  if (!(xs instanceof BigInt64Array) || d === undefined)
    return mapValues(v, to, (x: bigint) => (to.kind === 'float' ? Math.fround(viaDigits(x)) : viaDigits(x)));
  const n = v.length;
  const out = to.kind === 'float' ? new Float32Array(n) : new Float64Array(n);
  const w = int32View(xs);
  const nulls = v.nulls;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const hi = w[2 * i + 1]!;
    // |x| < 2^53 exactly when the high word is within ±2^21.
    out[i] = hi < 2097152 && hi >= -2097152 ? (hi * TWO32 + (w[2 * i]! >>> 0)) / d : viaDigits(xs[i]!);
  }
  return makeVector(to, out, nulls === null ? null : nulls.slice(0, n), n);
}

/** Decimal digits of each integral type's largest magnitude (Spark's DecimalType.forType). */
const INTEGRAL_DIGITS: Record<string, number> = { byte: 3, short: 5, integer: 10, long: 19 };

/**
 * An integral column as a decimal that holds all its type's values (the cast Spark adds to
 * `decimal * bigint`: TPC-H Q11's ps_supplycost * ps_availqty) without a BigInt a row: a long at
 * scale 0 keeps its words (a decimal above 18 digits may live in a BigInt64Array, see
 * docs/architecture.md), a narrower int is scaled in doubles (exact: below 2^31 * 10^6 < 2^53).
 * Null when a value could overflow or the storage is another.
 */
function widenIntegralToDecimal(v: Vector, to: DecimalType): Vector | null {
  if (to.precision - to.scale < INTEGRAL_DIGITS[v.type.kind]!) return null;
  const src = v.values;
  const n = v.length;
  if (src instanceof BigInt64Array) return to.scale === 0 ? makeVector(to, src, v.nulls, n) : null;
  if (!(src instanceof Int32Array || src instanceof Int16Array || src instanceof Int8Array)) return null;
  if (to.scale > 6) return null;
  const factor = POW10_DOUBLES[to.scale]!;
  const out = new BigInt64Array(n);
  const w = int32View(out);
  for (let i = 0; i < n; i++) writeLongHalves(w, i, src[i]! * factor);
  return makeVector(to, out, v.nulls, n);
}

/**
 * Byte, short and int values widened to long or double in a plain loop, not a call a row; null for
 * other storage. (H2O q9's corr(v1, v2) casts two int columns of 10^7 rows to double.)
 */
function widenInts(v: Vector, to: DataType): Vector | null {
  const src = v.values;
  if (!(src instanceof Int32Array || src instanceof Int16Array || src instanceof Int8Array)) return null;
  const n = v.length;
  if (to.kind === 'double') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = src[i]!;
    return makeVector(to, out, v.nulls, n);
  }
  const out = new BigInt64Array(n);
  const w = int32View(out);
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    w[2 * i] = x;
    w[2 * i + 1] = x >> 31;
  }
  return makeVector(to, out, v.nulls, n);
}
