// The partial-aggregation buffer types of an AggregateExpression, from what each aggregate registered.

import { InternalError, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { aggregateBufferTypeRegistry } from './define.js';
import './aggregate.js';

export function aggregateBufferTypesOf(agg: Extract<Expr, { kind: 'AggregateExpression' }>): DataType[] {
  const f = aggregateBufferTypeRegistry.get(agg.name);
  if (f === undefined) throw new InternalError(`no buffer types for aggregate ${agg.name}`);
  return f(agg);
}
