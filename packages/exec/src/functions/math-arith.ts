// Kernels of the exact-number math functions: round/bround/ceil/floor (RoundBase with Java's rounding
// modes), abs, signum and mod.

import { allocValues, type DataType, type Value, type Vector } from '@flint/common';
import type { EvalMode } from '@flint/planner';
import { arithmeticKernel } from '../eval/arithmetic.js';
import { decimalFromDouble, decimalToString, fitsPrecision, pow10 } from '../eval/decimal.js';
import { arithmeticOverflow, numericValueOutOfRange } from '../eval/errors.js';
import { allNull, makeVector, store } from '../eval/vectors.js';
import type { ScalarKernel } from './kernel.js';

export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'CEILING' | 'FLOOR';

/** a / b (b > 0) rounded as java.math.RoundingMode `mode`. */
export function roundDiv(a: bigint, b: bigint, mode: RoundingMode): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  switch (mode) {
    case 'FLOOR':
      return r < 0n ? q - 1n : q;
    case 'CEILING':
      return r > 0n ? q + 1n : q;
    case 'HALF_UP':
    case 'HALF_EVEN': {
      const twice = (r < 0n ? -r : r) * 2n;
      const away = twice > b || (twice === b && (mode === 'HALF_UP' || q % 2n !== 0n));
      return away ? (a < 0n ? q - 1n : q + 1n) : q;
    }
  }
}

/** An exact decimal (unscaled, scale) rounded to `newScale` digits (negative: left of the point), at scale max(newScale, 0). */
export function roundUnscaled(unscaled: bigint, scale: number, newScale: number, mode: RoundingMode): bigint {
  if (newScale >= scale) return unscaled * pow10(Math.max(newScale, 0) - scale);
  const q = roundDiv(unscaled, pow10(scale - newScale), mode);
  return newScale < 0 ? q * pow10(-newScale) : q;
}

/** BigDecimal(Double.toString(x)).setScale(scale, mode).toDouble, as Spark rounds doubles. */
export function roundDouble(x: number, scale: number, mode: RoundingMode): number {
  if (!Number.isFinite(x)) return x;
  const d = decimalFromDouble(x);
  if (scale >= d.scale) return x;
  const r = roundUnscaled(d.unscaled, d.scale, scale, mode);
  return Number(decimalToString(r, Math.max(scale, 0)));
}

/** Java's (long) cast of a double: truncation, saturating, NaN -> 0. */
function doubleToLong(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9223372036854775807) return 9223372036854775807n;
  if (x <= -9223372036854775808) return -9223372036854775808n;
  return BigInt(Math.trunc(x));
}

const INT_BOUNDS: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

/** One value per row through `f` (null stays null; `f` returning null makes the row NULL). */
export function mapRows(
  args: readonly Vector[],
  outType: DataType,
  n: number,
  f: (vals: Value[], i: number) => Value,
): Vector {
  const out = allocValues(outType, n) as unknown as { [i: number]: unknown };
  const nulls = new Uint8Array(n);
  const stores = args.map(store);
  const vals: Value[] = new Array<Value>(args.length);
  for (let i = 0; i < n; i++) {
    let isNull = false;
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      if (a.nulls !== null && a.nulls[i] === 1) {
        isNull = true;
        break;
      }
      vals[k] = stores[k]![i] as Value;
    }
    if (isNull) {
      nulls[i] = 1;
      continue;
    }
    const r = f(vals, i);
    if (r === null) nulls[i] = 1;
    else out[i] = outType.kind === 'boolean' ? (r ? 1 : 0) : r;
  }
  return makeVector(outType, out as never, nulls, n);
}

/** round, bround, ceil, floor: options {mode, scale, ansi, toLong?}. */
const roundKernel: ScalarKernel = (args, e, _ctx, n) => {
  const mode = e.options?.['mode'] as RoundingMode;
  const scale = e.options?.['scale'] as number | null;
  const ansi = e.options?.['ansi'] !== false;
  const out = e.dataType;
  if (scale === null) return allNull(out, n);
  const t = args[0]!.type;
  const input = [args[0]!];
  if (e.options?.['toLong'] === true) {
    // ceil/floor(x) without scale over double or bigint.
    if (t.kind === 'long') return args[0]!;
    const f = mode === 'CEILING' ? Math.ceil : Math.floor;
    return mapRows(input, out, n, ([x]) => doubleToLong(f(x as number)));
  }
  switch (t.kind) {
    case 'decimal': {
      if (out.kind !== 'decimal') return allNull(out, n);
      return mapRows(input, out, n, ([x]) => {
        const r = roundUnscaled(x as bigint, t.scale, Math.min(scale, t.scale), mode);
        const rs = Math.max(Math.min(scale, t.scale), 0);
        const v = rs === out.scale ? r : r * pow10(out.scale - rs);
        if (fitsPrecision(v, out.precision)) return v;
        if (ansi) throw numericValueOutOfRange(decimalToString(v, out.scale), out.precision, out.scale);
        return null;
      });
    }
    case 'double':
      return mapRows(input, out, n, ([x]) => roundDouble(x as number, scale, mode));
    case 'float':
      return mapRows(input, out, n, ([x]) => Math.fround(roundDouble(x as number, scale, mode)));
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      if (scale >= 0) return args[0]!;
      const [lo, hi] = INT_BOUNDS[t.kind]!;
      const big = t.kind === 'long';
      return mapRows(input, out, n, ([x]) => {
        const r = roundUnscaled(BigInt(x as number | bigint), 0, scale, mode);
        if (r < lo || r > hi) {
          if (ansi) throw arithmeticOverflow('Overflow', '');
          const w = BigInt.asIntN(
            t.kind === 'long' ? 64 : t.kind === 'integer' ? 32 : t.kind === 'short' ? 16 : 8,
            r,
          );
          return big ? w : Number(w);
        }
        return big ? r : Number(r);
      });
    }
    default:
      return args[0]!;
  }
};

const absKernel: ScalarKernel = (args, e, _ctx, n) => {
  const t = args[0]!.type;
  const ansi = e.options?.['ansi'] !== false;
  switch (t.kind) {
    case 'decimal':
    case 'long':
    case 'day_time_interval':
      return mapRows(args, t, n, ([x]) => {
        const v = x as bigint;
        if (t.kind !== 'decimal' && v === -9223372036854775808n) {
          if (ansi) throw arithmeticOverflow(`${t.kind === 'long' ? 'long' : 'interval'} overflow`, '');
          return v;
        }
        return v < 0n ? -v : v;
      });
    case 'byte':
    case 'short':
    case 'integer':
    case 'year_month_interval': {
      const [lo] = INT_BOUNDS[t.kind === 'year_month_interval' ? 'integer' : t.kind]!;
      return mapRows(args, t, n, ([x]) => {
        const v = x as number;
        if (v === Number(lo)) {
          if (ansi)
            throw arithmeticOverflow(`${t.kind === 'year_month_interval' ? 'integer' : t.kind} overflow`, '');
          return v;
        }
        return Math.abs(v);
      });
    }
    default:
      return mapRows(args, t, n, ([x]) => Math.abs(x as number));
  }
};

/** signum over double or an interval's months/microseconds, as a double. */
const signumKernel: ScalarKernel = (args, _e, _ctx, n) =>
  mapRows(args, { kind: 'double' }, n, ([x]) => {
    if (typeof x === 'bigint') return x > 0n ? 1 : x < 0n ? -1 : 0;
    return Math.sign(x as number);
  });

const modKernel: ScalarKernel = (args, e, _ctx, n) => {
  const mode = (e.options?.['evalMode'] ?? 'ANSI') as EvalMode;
  return arithmeticKernel('Remainder', args[0]!.type, args[1]!.type, e.dataType, mode)(args[0]!, args[1]!, n);
};

export const mathArithKernels: Record<string, ScalarKernel> = {
  round: roundKernel,
  bround: roundKernel,
  ceil: roundKernel,
  floor: roundKernel,
  abs: absKernel,
  signum: signumKernel,
  mod: modKernel,
};
