// Casts into and out of TIME(p): from STRING (stringToTime), between precisions (truncation), from
// TIMESTAMP / TIMESTAMP_NTZ (the local time of day).

import {
  InternalError,
  NANOS_PER_MICRO_B,
  parseTime,
  requireTimeZone,
  truncateTime,
  utcMicrosToLocal,
  type TimeType,
  type Vector,
} from '@flint/common';
import type { EvalMode } from '@flint/planner';
import type { EvalContext } from '../../functions/kernel.js';
import { castInvalidInput, sqlStringLiteral } from '../errors.js';
import { mapValues } from './map-values.js';

const US_PER_DAY = 86_400_000_000n;

function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r < 0n ? r + b : r;
}

/** Casts `v` to TIME(p); STRING, TIME, TIMESTAMP and TIMESTAMP_NTZ sources. */
export function castToTime(v: Vector, to: TimeType, mode: EvalMode, ctx: EvalContext): Vector {
  const p = to.precision;
  switch (v.type.kind) {
    case 'string':
      return mapValues(v, to, (raw: string) => {
        const t = parseTime(raw);
        if (t !== null) return truncateTime(t, p);
        if (mode === 'ANSI') throw castInvalidInput(sqlStringLiteral(raw), v.type, to);
        return undefined;
      });
    case 'time':
      return mapValues(v, to, (x: bigint) => truncateTime(x, p));
    case 'timestamp': {
      const tz = requireTimeZone(ctx.timeZone);
      return mapValues(v, to, (us: bigint) =>
        truncateTime(floorMod(utcMicrosToLocal(us, tz), US_PER_DAY) * NANOS_PER_MICRO_B, p),
      );
    }
    case 'timestamp_ntz':
      return mapValues(v, to, (us: bigint) => truncateTime(floorMod(us, US_PER_DAY) * NANOS_PER_MICRO_B, p));
    default:
      throw new InternalError(`cast ${v.type.kind} to time is not supported`);
  }
}
