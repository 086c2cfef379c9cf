// ANSI interval times / divided by a number (Spark's MultiplyYMInterval, MultiplyDTInterval,
// DivideYMInterval, DivideDTInterval), with their rounding, overflow and divide-by-zero rules.

import { FlintError, type DataType } from '@flint/common';
import { arithmeticOverflow } from '../eval/errors.js';
import type { ScalarKernel } from './kernel.js';
import { bigAt, mapRows, numAt } from './string-util.js';

const IMIN = -2147483648n;
const IMAX = 2147483647n;
const LMIN = -(2n ** 63n);
const LMAX = 2n ** 63n - 1n;

function intervalDividedByZero(): FlintError {
  return new FlintError(
    'INTERVAL_DIVIDED_BY_ZERO',
    '[INTERVAL_DIVIDED_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead.',
    {},
    null,
    '22012',
  );
}

function overflow(months: boolean): FlintError {
  return arithmeticOverflow(months ? 'integer overflow' : 'long overflow', '');
}

/** Rounds a JS double half to even (Guava's DoubleMath.roundToLong HALF_EVEN). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** a / b rounded half up (away from zero on ties), over bigints. */
function divHalfUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const bb = b < 0n ? -b : b;
  if (twice >= bb) return a < 0n !== b < 0n ? q - 1n : q + 1n;
  return q;
}

function checked(v: bigint, months: boolean): bigint {
  if (months ? v < IMIN || v > IMAX : v < LMIN || v > LMAX) throw overflow(months);
  return v;
}

/** interval (months or micros, as bigint) op number, for the number's type. */
function compute(
  months: boolean,
  multiply: boolean,
  iv: bigint,
  numType: DataType,
  num: () => number,
  dec: () => bigint,
): bigint {
  switch (numType.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      const k = dec();
      if (multiply) return checked(iv * k, months);
      if (k === 0n) throw intervalDividedByZero();
      return checked(divHalfUp(iv, k), months);
    }
    case 'float':
    case 'double': {
      const k = num();
      if (!multiply && k === 0) throw intervalDividedByZero();
      const x = multiply ? Number(iv) * k : Number(iv) / k;
      if (!Number.isFinite(x)) throw overflow(months);
      // Multiplication rounds half to even, division half up, as Spark's kernels do.
      const r = multiply ? roundHalfEven(x) : Math.sign(x) * Math.round(Math.abs(x));
      return checked(BigInt(r), months);
    }
    case 'decimal': {
      const unscaled = dec();
      const scale = 10n ** BigInt(numType.scale);
      if (multiply) return checked(divHalfUp(iv * unscaled, scale), months);
      if (unscaled === 0n) throw intervalDividedByZero();
      return checked(divHalfUp(iv * scale, unscaled), months);
    }
    default:
      throw overflow(months);
  }
}

function kernel(months: boolean, multiply: boolean): ScalarKernel {
  return (args, expr, _ctx, n) => {
    const iv = args[0]!;
    const nv = args[1]!;
    const tryMode = expr.options?.['try'] === true;
    return mapRows(args, n, expr.dataType, (i) => {
      try {
        const r = compute(
          months,
          multiply,
          bigAt(iv, i),
          nv.type,
          () => numAt(nv, i),
          () => bigAt(nv, i),
        );
        return months ? Number(r) : r;
      } catch (err) {
        if (tryMode && err instanceof FlintError) return null;
        throw err;
      }
    });
  };
}

export const intervalArithmeticKernels: Record<string, ScalarKernel> = {
  multiply_ym_interval: kernel(true, true),
  multiply_dt_interval: kernel(false, true),
  divide_ym_interval: kernel(true, false),
  divide_dt_interval: kernel(false, false),
};
