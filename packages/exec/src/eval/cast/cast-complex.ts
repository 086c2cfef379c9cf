// Casts of ARRAY / MAP / STRUCT values, element-wise through the scalar cast.

import {
  InternalError,
  vectorFromValues,
  getValue,
  type DataType,
  type MapValue,
  type Value,
  type Vector,
} from '@flint/common';
import type { EvalMode } from '@flint/planner';
import type { EvalContext } from '../../functions/kernel.js';
import { mapValues } from './map-values.js';

type CastFn = (v: Vector, to: DataType, mode: EvalMode, ctx: EvalContext) => Vector;

/** Casts a list of row values of `from` to `to` through a temporary vector. */
function castList(
  values: readonly Value[],
  from: DataType,
  to: DataType,
  mode: EvalMode,
  ctx: EvalContext,
  cast: CastFn,
): Value[] {
  const v = cast(vectorFromValues(from, values), to, mode, ctx);
  const out: Value[] = [];
  for (let i = 0; i < v.length; i++) out.push(getValue(v, i));
  return out;
}

export function castComplex(v: Vector, to: DataType, mode: EvalMode, ctx: EvalContext, cast: CastFn): Vector {
  const from = v.type;
  if (from.kind === 'array' && to.kind === 'array') {
    return mapValues(v, to, (a: readonly Value[]) =>
      castList(a, from.elementType, to.elementType, mode, ctx, cast),
    );
  }
  if (from.kind === 'map' && to.kind === 'map') {
    return mapValues(v, to, (m: MapValue): MapValue => ({
      keys: castList(m.keys, from.keyType, to.keyType, mode, ctx, cast),
      values: castList(m.values, from.valueType, to.valueType, mode, ctx, cast),
    }));
  }
  if (from.kind === 'struct' && to.kind === 'struct' && from.fields.length === to.fields.length) {
    return mapValues(v, to, (s: readonly Value[]) =>
      from.fields.map(
        (f, i) => castList([s[i] ?? null], f.dataType, to.fields[i]!.dataType, mode, ctx, cast)[0] ?? null,
      ),
    );
  }
  throw new InternalError(`cast ${from.kind} to ${to.kind}`);
}
