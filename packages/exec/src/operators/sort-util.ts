// Row ordering by SortOrders: direction, NULLS FIRST/LAST, Spark's ordering per type. Stable.

import type { Batch, Vector } from '@flint/common';
import type { AttributeRef, SortOrder } from '@flint/planner';
import { rowComparator } from '../eval/comparison.js';
import { compileExpression, type Evaluator } from '../eval/compile.js';
import type { Store } from '../eval/vectors.js';
import type { EvalContext } from '../functions/kernel.js';

export interface CompiledOrder {
  readonly evals: readonly Evaluator[];
  readonly order: readonly SortOrder[];
}

export function compileOrder(
  order: readonly SortOrder[],
  input: readonly AttributeRef[],
  ctx: EvalContext,
): CompiledOrder {
  return { evals: order.map((o) => compileExpression(o.child, input, ctx)), order };
}

/** Comparator of rows i, j given the evaluated key vectors. */
export function rowOrdering(
  order: readonly SortOrder[],
  keys: readonly Vector[],
): (i: number, j: number) => number {
  const parts = keys.map((k, c) => {
    const o = order[c]!;
    const cmp = rowComparator(k.type, k.type);
    const vals = k.values as unknown as Store;
    const nulls = k.nulls;
    const desc = o.direction === 'Descending';
    const nullsFirst = o.nullOrdering === 'NullsFirst';
    const isNullType = k.type.kind === 'null';
    return (i: number, j: number): number => {
      const ni = isNullType || (nulls !== null && nulls[i] === 1);
      const nj = isNullType || (nulls !== null && nulls[j] === 1);
      if (ni || nj) {
        if (ni && nj) return 0;
        return ni === nullsFirst ? -1 : 1;
      }
      const c = cmp(vals, i, vals, j);
      return desc ? -c : c;
    };
  });
  return (i, j) => {
    for (const p of parts) {
      const c = p(i, j);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** Stable sorted row order of one batch. */
export function sortIndices(batch: Batch, co: CompiledOrder): Int32Array {
  const keys = co.evals.map((f) => f(batch));
  const cmp = rowOrdering(co.order, keys);
  const idx = Array.from({ length: batch.numRows }, (_, i) => i);
  idx.sort((a, b) => cmp(a, b) || a - b);
  return Int32Array.from(idx);
}
