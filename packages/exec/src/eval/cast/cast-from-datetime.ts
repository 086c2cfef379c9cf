// Casts from DATE / TIMESTAMP / TIMESTAMP_NTZ: between each other (session time zone) and to numbers.

import {
  InternalError,
  daysToMicros,
  localMicrosToUtc,
  microsToDays,
  requireTimeZone,
  utcMicrosToLocal,
  type DataType,
  type Vector,
} from '@flint/common';
import type { EvalMode } from '@flint/planner';
import type { EvalContext } from '../../functions/kernel.js';
import { castOverflow } from '../errors.js';
import { mapValues } from './map-values.js';

const US_PER_DAY = 86_400_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function castFromDatetime(v: Vector, to: DataType, mode: EvalMode, ctx: EvalContext): Vector {
  const fk = v.type.kind;
  const tz = requireTimeZone(ctx.timeZone);
  if (fk === 'date') {
    switch (to.kind) {
      case 'timestamp':
        return mapValues(v, to, (d: number) => daysToMicros(d, tz));
      case 'timestamp_ntz':
        return mapValues(v, to, (d: number) => BigInt(d) * US_PER_DAY);
      default:
        // Spark allows date → numeric only in legacy mode, where the result is NULL.
        if (
          to.kind === 'boolean' ||
          to.kind === 'byte' ||
          to.kind === 'short' ||
          to.kind === 'integer' ||
          to.kind === 'long' ||
          to.kind === 'float' ||
          to.kind === 'double' ||
          to.kind === 'decimal'
        ) {
          return mapValues(v, to, () => undefined);
        }
        throw new InternalError(`cast date to ${to.kind}`);
    }
  }
  if (fk === 'timestamp') {
    switch (to.kind) {
      case 'date':
        return mapValues(v, to, (t: bigint) => microsToDays(t, tz));
      case 'timestamp_ntz':
        return mapValues(v, to, (t: bigint) => utcMicrosToLocal(t, tz));
      case 'long':
        return mapValues(v, to, (t: bigint) => floorDiv(t, 1_000_000n));
      case 'byte':
      case 'short':
      case 'integer': {
        const bits = to.kind === 'byte' ? 8 : to.kind === 'short' ? 16 : 32;
        return mapValues(v, to, (t: bigint) => {
          const s = floorDiv(t, 1_000_000n);
          const w = BigInt.asIntN(bits, s);
          if (w !== s && mode === 'ANSI') throw castOverflow(`${s}L`, { kind: 'long' }, to);
          if (w !== s && mode === 'TRY') return undefined;
          return Number(w);
        });
      }
      case 'float':
        return mapValues(v, to, (t: bigint) => Math.fround(Number(t) / 1e6));
      case 'double':
        return mapValues(v, to, (t: bigint) => Number(t) / 1e6);
      case 'boolean':
        return mapValues(v, to, (t: bigint) => (t !== 0n ? 1 : 0));
      default:
        throw new InternalError(`cast timestamp to ${to.kind}`);
    }
  }
  if (fk === 'timestamp_ntz') {
    switch (to.kind) {
      case 'date':
        return mapValues(v, to, (t: bigint) => Number(floorDiv(t, US_PER_DAY)));
      case 'timestamp':
        return mapValues(v, to, (t: bigint) => localMicrosToUtc(t, tz));
      default:
        throw new InternalError(`cast timestamp_ntz to ${to.kind}`);
    }
  }
  throw new InternalError(`cast ${fk} to ${to.kind}`);
}
