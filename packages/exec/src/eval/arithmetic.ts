// Vectorized binary arithmetic (+ - * / div % pmod) with Spark's ANSI / LEGACY / TRY behaviour.

import type { ArrayRecycler } from './array-recycler.js';
import { InternalError, allocValues, type DataType, type DecimalType, type Vector } from '@flint/common';
import { ARITH_SYMBOL, type ArithmeticOp, type EvalMode } from '@flint/planner';
import { divHalfUp, decimalToString, fitsPrecision, pow10, rescale } from './decimal.js';
import {
  arithmeticOverflow,
  binaryArithmeticOverflow,
  divideByZero,
  numericValueOutOfRange,
  remainderByZero,
} from './errors.js';
import { decimalArithmeticFast, longArithmeticFast } from './exact-double.js';
import { makeVector, unionNulls, type Store } from './vectors.js';

export type BinaryKernel = (a: Vector, b: Vector, n: number) => Vector;

const HINT: Record<ArithmeticOp, string> = {
  Add: 'try_add',
  Subtract: 'try_subtract',
  Multiply: 'try_multiply',
  Divide: 'try_divide',
  IntegralDivide: 'try_divide',
  Remainder: 'try_mod',
  Pmod: 'try_mod',
};

const INT_RANGE: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  year_month_interval: [-2147483648, 2147483647],
};

function zeroError(op: ArithmeticOp): Error {
  return op === 'Remainder' || op === 'Pmod' ? remainderByZero() : divideByZero();
}

function wrapInt(kind: string, x: number): number {
  if (kind === 'byte') return (x << 24) >> 24;
  if (kind === 'short') return (x << 16) >> 16;
  return x | 0;
}

export function arithmeticKernel(
  op: ArithmeticOp,
  leftType: DataType,
  rightType: DataType,
  resultType: DataType,
  mode: EvalMode,
  recycler?: ArrayRecycler,
): BinaryKernel {
  const lk = leftType.kind;
  if (lk === 'decimal' && rightType.kind === 'decimal') {
    return decimalKernel(op, leftType, rightType, resultType, mode, recycler);
  }
  if (op === 'IntegralDivide') return integralDivideKernel(leftType, mode);
  if (op === 'Divide' && lk !== 'float' && lk !== 'double') {
    throw new InternalError(`Divide over ${lk}: the planner casts operands to double or decimal`);
  }
  if (lk === 'date' && rightType.kind === 'date' && op === 'Subtract') return dateDiffKernel(resultType);
  switch (lk) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'year_month_interval':
      return int32Kernel(op, leftType, mode);
    case 'long':
    case 'day_time_interval':
    case 'timestamp':
    case 'timestamp_ntz':
      // timestamp ± day-time interval, timestamp - timestamp: microsecond arithmetic typed by the result.
      return int64Kernel(op, resultType, mode, recycler);
    case 'float':
    case 'double':
      return floatKernel(op, resultType, mode);
    default:
      throw new InternalError(`arithmetic ${op} on ${lk}`);
  }
}

function int32Kernel(op: ArithmeticOp, type: DataType, mode: EvalMode): BinaryKernel {
  const kind = type.kind;
  const [min, max] = INT_RANGE[kind]!;
  return (a, b, n) => {
    const x = a.values as Int32Array;
    const y = b.values as Int32Array;
    const nulls = unionNulls(a.nulls, b.nulls, n) ?? new Uint8Array(n);
    const out = allocValues(type, n) as Int32Array;
    for (let i = 0; i < n; i++) {
      if (nulls[i] === 1) continue;
      const p = x[i]!;
      const q = y[i]!;
      let r: number;
      switch (op) {
        case 'Add':
          r = p + q;
          break;
        case 'Subtract':
          r = p - q;
          break;
        case 'Multiply':
          r = p * q;
          break;
        case 'Remainder':
        case 'Pmod':
          if (q === 0) {
            if (mode === 'ANSI') throw zeroError(op);
            nulls[i] = 1;
            continue;
          }
          r = p % q;
          if (op === 'Pmod' && r < 0) r = (r + q) % q;
          r = r === 0 ? 0 : r;
          out[i] = r;
          continue;
        default:
          throw new InternalError(`int arithmetic ${op}`);
      }
      if (r < min || r > max) {
        if (mode === 'ANSI') {
          if (kind === 'byte' || kind === 'short')
            throw binaryArithmeticOverflow(type, p, ARITH_SYMBOL[op], q, HINT[op]);
          throw arithmeticOverflow(
            kind === 'year_month_interval' ? 'integer overflow' : 'overflow',
            HINT[op],
          );
        }
        if (mode === 'TRY') {
          nulls[i] = 1;
          continue;
        }
        r = op === 'Multiply' && kind === 'integer' ? Math.imul(p, q) : wrapInt(kind, r);
      }
      out[i] = r;
    }
    return makeVector(type, out, nulls, n);
  };
}

const LMIN = -(2n ** 63n);
const LMAX = 2n ** 63n - 1n;

function int64Kernel(
  op: ArithmeticOp,
  type: DataType,
  mode: EvalMode,
  recycler: ArrayRecycler | undefined,
): BinaryKernel {
  const exact = int64KernelExact(op, type, mode);
  if (op !== 'Add' && op !== 'Subtract' && op !== 'Multiply') return exact;
  const sameWidth = type.kind === 'long' || type.kind === 'day_time_interval';
  return (a, b, n) => (sameWidth ? longArithmeticFast(op, type, a, b, n, recycler) : null) ?? exact(a, b, n);
}

function int64KernelExact(op: ArithmeticOp, type: DataType, mode: EvalMode): BinaryKernel {
  return (a, b, n) => {
    const x = a.values as BigInt64Array;
    const y = b.values as BigInt64Array;
    const nulls = unionNulls(a.nulls, b.nulls, n) ?? new Uint8Array(n);
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      if (nulls[i] === 1) continue;
      const p = x[i]!;
      const q = y[i]!;
      let r: bigint;
      switch (op) {
        case 'Add':
          r = p + q;
          break;
        case 'Subtract':
          r = p - q;
          break;
        case 'Multiply':
          r = p * q;
          break;
        case 'Remainder':
        case 'Pmod':
          if (q === 0n) {
            if (mode === 'ANSI') throw zeroError(op);
            nulls[i] = 1;
            continue;
          }
          r = p % q;
          if (op === 'Pmod' && r < 0n) r = (r + q) % q;
          out[i] = r;
          continue;
        default:
          throw new InternalError(`long arithmetic ${op}`);
      }
      if (r < LMIN || r > LMAX) {
        if (mode === 'ANSI')
          throw arithmeticOverflow(
            type.kind === 'long' ? 'overflow' : 'long overflow',
            type.kind === 'long' ? HINT[op] : '',
          );
        if (mode === 'TRY') {
          nulls[i] = 1;
          continue;
        }
        r = BigInt.asIntN(64, r);
      }
      out[i] = r;
    }
    return makeVector(type, out, nulls, n);
  };
}

function floatKernel(op: ArithmeticOp, type: DataType, mode: EvalMode): BinaryKernel {
  const general = floatKernelGeneral(op, type, mode);
  if (type.kind !== 'double' || (op !== 'Add' && op !== 'Subtract' && op !== 'Multiply')) return general;
  return (a, b, n) => {
    const x = a.values;
    const y = b.values;
    if (!(x instanceof Float64Array && y instanceof Float64Array)) return general(a, b, n);
    // + - * never raise on doubles: one plain loop, NULL rows computed over whatever they hold.
    const out = new Float64Array(n);
    if (op === 'Add') for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
    else if (op === 'Subtract') for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
    else for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
    return makeVector(type, out, unionNulls(a.nulls, b.nulls, n), n);
  };
}

function floatKernelGeneral(op: ArithmeticOp, type: DataType, mode: EvalMode): BinaryKernel {
  return (a, b, n) => {
    const x = a.values as Float64Array;
    const y = b.values as Float64Array;
    const nulls = unionNulls(a.nulls, b.nulls, n) ?? new Uint8Array(n);
    const out = allocValues(type, n) as Float64Array;
    for (let i = 0; i < n; i++) {
      if (nulls[i] === 1) continue;
      const p = x[i]!;
      const q = y[i]!;
      switch (op) {
        case 'Add':
          out[i] = p + q;
          break;
        case 'Subtract':
          out[i] = p - q;
          break;
        case 'Multiply':
          out[i] = p * q;
          break;
        case 'Divide':
        case 'Remainder':
        case 'Pmod': {
          if (q === 0) {
            if (mode === 'ANSI') throw zeroError(op);
            nulls[i] = 1;
            continue;
          }
          if (op === 'Divide') out[i] = p / q;
          else {
            let r = p % q;
            if (op === 'Pmod' && r < 0) r = (r + q) % q;
            out[i] = r;
          }
          break;
        }
        default:
          throw new InternalError(`float arithmetic ${op}`);
      }
    }
    return makeVector(type, out, nulls, n);
  };
}

/** `div`: integral quotient truncated toward zero, as a long. */
function integralDivideKernel(type: DataType, mode: EvalMode): BinaryKernel {
  const isLong = type.kind === 'long';
  return (a, b, n) => {
    const x = a.values as unknown as Store;
    const y = b.values as unknown as Store;
    const nulls = unionNulls(a.nulls, b.nulls, n) ?? new Uint8Array(n);
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      if (nulls[i] === 1) continue;
      const p = BigInt(x[i]);
      const q = BigInt(y[i]);
      if (q === 0n) {
        if (mode === 'ANSI') throw divideByZero();
        nulls[i] = 1;
        continue;
      }
      if (isLong && p === LMIN && q === -1n) {
        if (mode === 'ANSI') throw arithmeticOverflow('Overflow in integral divide', 'try_divide');
        if (mode === 'TRY') {
          nulls[i] = 1;
          continue;
        }
        out[i] = LMIN;
        continue;
      }
      let r = p / q;
      // Narrow integral types divide in their own width (Java int MIN_VALUE / -1 wraps).
      if (type.kind === 'integer') r = BigInt(Number(r) | 0);
      out[i] = r;
    }
    return makeVector({ kind: 'long' }, out, nulls, n);
  };
}

function readDecimal(v: Vector): Store {
  return v.values as unknown as Store;
}

function decimalKernel(
  op: ArithmeticOp,
  lt: DecimalType,
  rt: DecimalType,
  resultType: DataType,
  mode: EvalMode,
  recycler: ArrayRecycler | undefined,
): BinaryKernel {
  const s1 = lt.scale;
  const s2 = rt.scale;
  if (op === 'IntegralDivide') {
    return (a, b, n) => {
      const x = readDecimal(a);
      const y = readDecimal(b);
      const nulls = unionNulls(a.nulls, b.nulls, n) ?? new Uint8Array(n);
      const out = new BigInt64Array(n);
      const s = Math.max(s1, s2);
      for (let i = 0; i < n; i++) {
        if (nulls[i] === 1) continue;
        const q = (y[i] as bigint) * pow10(s - s2);
        if (q === 0n) {
          if (mode === 'ANSI') throw divideByZero();
          nulls[i] = 1;
          continue;
        }
        const r = ((x[i] as bigint) * pow10(s - s1)) / q;
        if (r < LMIN || r > LMAX) {
          if (mode === 'ANSI') throw arithmeticOverflow('Overflow in integral divide', 'try_divide');
          nulls[i] = 1;
          continue;
        }
        out[i] = r;
      }
      return makeVector({ kind: 'long' }, out, nulls, n);
    };
  }
  if (resultType.kind !== 'decimal') throw new InternalError(`decimal ${op} typed ${resultType.kind}`);
  const { precision: p, scale: s } = resultType;
  const exact = decimalKernelExact(op, s1, s2, p, s, resultType, mode);
  if (op !== 'Add' && op !== 'Subtract' && op !== 'Multiply') return exact;
  return (a, b, n) => decimalArithmeticFast(op, lt, rt, resultType, a, b, n, recycler) ?? exact(a, b, n);
}

function decimalKernelExact(
  op: ArithmeticOp,
  s1: number,
  s2: number,
  p: number,
  s: number,
  resultType: DecimalType,
  mode: EvalMode,
): BinaryKernel {
  return (a, b, n) => {
    const x = readDecimal(a);
    const y = readDecimal(b);
    const nulls = unionNulls(a.nulls, b.nulls, n) ?? new Uint8Array(n);
    const out = allocValues(resultType, n) as unknown as Store;
    for (let i = 0; i < n; i++) {
      if (nulls[i] === 1) continue;
      const u = x[i] as bigint;
      const v = y[i] as bigint;
      let r: bigint;
      switch (op) {
        case 'Add':
        case 'Subtract': {
          const m = Math.max(s1, s2);
          const uu = u * pow10(m - s1);
          const vv = v * pow10(m - s2);
          r = rescale(op === 'Add' ? uu + vv : uu - vv, m, s);
          break;
        }
        case 'Multiply':
          r = rescale(u * v, s1 + s2, s);
          break;
        case 'Divide': {
          if (v === 0n) {
            if (mode === 'ANSI') throw divideByZero();
            nulls[i] = 1;
            continue;
          }
          // Spark: BigDecimal.divide to scale 39 HALF_UP, then rounded to the result scale HALF_UP.
          const num = u * pow10(39 - s1 + s2);
          r = rescale(divHalfUp(num, v), 39, s);
          break;
        }
        case 'Remainder':
        case 'Pmod': {
          if (v === 0n) {
            if (mode === 'ANSI') throw remainderByZero();
            nulls[i] = 1;
            continue;
          }
          const m = Math.max(s1, s2);
          const uu = u * pow10(m - s1);
          const vv = v * pow10(m - s2);
          let rr = uu % vv;
          if (op === 'Pmod' && rr < 0n) rr = (rr + vv) % vv;
          r = rescale(rr, m, s);
          break;
        }
        default:
          throw new InternalError(`decimal ${op}`);
      }
      if (!fitsPrecision(r, p)) {
        if (mode === 'ANSI') throw numericValueOutOfRange(decimalToString(r, s), p, s);
        nulls[i] = 1;
        continue;
      }
      out[i] = r;
    }
    return makeVector(resultType, out, nulls, n);
  };
}

/** date - date: the day difference as a day-time interval (micros) or as a number of days. */
function dateDiffKernel(resultType: DataType): BinaryKernel {
  return (a, b, n) => {
    const x = a.values as Int32Array;
    const y = b.values as Int32Array;
    const nulls = unionNulls(a.nulls, b.nulls, n);
    if (resultType.kind === 'day_time_interval') {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = BigInt(x[i]! - y[i]!) * 86_400_000_000n;
      return makeVector(resultType, out, nulls, n);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
    return makeVector(resultType, out, nulls, n);
  };
}
