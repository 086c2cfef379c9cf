// The Cast dispatcher: picks the kernel by source family; same-type casts are free.

import { InternalError, dataTypeEquals, isNumeric, type DataType, type Vector } from '@flint/common';
import type { EvalMode } from '@flint/planner';
import type { EvalContext } from '../../functions/kernel.js';
import { allNull } from '../vectors.js';
import { castComplex } from './cast-complex.js';
import { castFromDatetime } from './cast-from-datetime.js';
import { castFromNumeric } from './cast-from-numeric.js';
import { castFromString } from './cast-from-string.js';
import { castToString } from './cast-to-string.js';
import { castToTime } from './cast-time.js';
import { mapValues } from './map-values.js';

export function castVector(v: Vector, to: DataType, mode: EvalMode, ctx: EvalContext): Vector {
  const from = v.type;
  if (dataTypeEquals(from, to, true)) return from === to ? v : { ...v, type: to };
  if (from.kind === 'null') return allNull(to, v.length);
  if (to.kind === 'string') return castToString(v, ctx);
  if (to.kind === 'time') return castToTime(v, to, mode, ctx);
  if (from.kind === 'string') return castFromString(v, to, mode, ctx);
  if (from.kind === 'boolean' || isNumeric(from)) return castFromNumeric(v, to, mode);
  if (from.kind === 'date' || from.kind === 'timestamp' || from.kind === 'timestamp_ntz')
    return castFromDatetime(v, to, mode, ctx);
  if (from.kind === 'binary' && to.kind === 'binary') return v;
  if (from.kind === 'array' || from.kind === 'map' || from.kind === 'struct')
    return castComplex(v, to, mode, ctx, castVector);
  if (from.kind === 'year_month_interval' && to.kind === 'year_month_interval')
    return mapValues(v, to, (x: number) => x);
  if (from.kind === 'day_time_interval' && to.kind === 'day_time_interval')
    return mapValues(v, to, (x: bigint) => x);
  throw new InternalError(`cast ${from.kind} to ${to.kind} is not supported`);
}
