// Casts to STRING with Spark's rendering (common's 'cast' value renderer: Java numbers, plain decimals,
// dates and timestamps in the session time zone, nested values).

import { valueRenderer, type Vector } from '@flint/common';
import type { EvalContext } from '../../functions/kernel.js';
import { mapValues } from './map-values.js';

export function castToString(v: Vector, ctx: EvalContext): Vector {
  const render = valueRenderer(v.type, { timeZone: ctx.timeZone }, 'cast');
  return mapValues(v, { kind: 'string' }, (x) => render(x));
}
