// The building blocks of aggregate implementations: a per-group state driven row by row, the
// DISTINCT wrapper (deduplicates argument tuples per group) and buffer/result vector assembly.

import { getValue, vectorFromValues, type DataType, type Value, type Vector } from '@flint/common';
import { aggregateBufferTypes } from '@flint/planner';
import type { AggregateExpr, AggregateImpl, AggregateState, EvalContext } from './kernel.js';
import { valueKey } from './compare-values.js';

/** One aggregate written per row: a mutable state per group. */
export interface RowAggregate<S> {
  init(): S;
  /** Called for each row that passes the FILTER mask and the null policy; returns the new state. */
  update(s: S, args: readonly Value[]): S;
  /** Merges one group's partial buffer values. */
  merge(s: S, buffer: readonly Value[]): S;
  toBuffer(s: S): Value[];
  result(s: S): Value;
  /** 'first': skip rows whose first argument is NULL (default); 'all': skip when any argument is NULL; 'none'. */
  readonly skipNulls?: 'first' | 'all' | 'none';
}

export type RowAggregateFactory<S> = (
  expr: AggregateExpr,
  ctx: EvalContext,
) => RowAggregate<S> & { readonly bufferTypes: readonly DataType[] };

function rowState<S>(
  agg: RowAggregate<S> & { readonly bufferTypes: readonly DataType[] },
  expr: AggregateExpr,
): AggregateState {
  const states: S[] = [];
  const skip = agg.skipNulls ?? 'first';
  const get = (g: number): S => {
    while (states.length <= g) states.push(agg.init());
    return states[g]!;
  };
  return {
    update(groupIds, args, numRows, mask) {
      const n = args.length;
      const row: Value[] = new Array<Value>(n).fill(null);
      for (let i = 0; i < numRows; i++) {
        if (mask !== null && mask[i] === 0) continue;
        let hasNull = false;
        for (let a = 0; a < n; a++) {
          const v = getValue(args[a]!, i);
          row[a] = v;
          if (v === null && (skip === 'all' || (skip === 'first' && a === 0))) hasNull = true;
        }
        if (hasNull) continue;
        const g = groupIds[i]!;
        states[g] = agg.update(get(g), row);
      }
    },
    merge(groupIds, buffers, numRows) {
      const row: Value[] = new Array<Value>(buffers.length).fill(null);
      for (let i = 0; i < numRows; i++) {
        for (let b = 0; b < buffers.length; b++) row[b] = getValue(buffers[b]!, i);
        const g = groupIds[i]!;
        states[g] = agg.merge(get(g), row);
      }
    },
    buffers(numGroups) {
      const cols: Value[][] = agg.bufferTypes.map(() => []);
      for (let g = 0; g < numGroups; g++) {
        const b = agg.toBuffer(get(g));
        for (let c = 0; c < cols.length; c++) cols[c]!.push(b[c] ?? null);
      }
      return agg.bufferTypes.map((t, c) => vectorFromValues(t, cols[c]!));
    },
    evaluate(numGroups) {
      const out: Value[] = [];
      for (let g = 0; g < numGroups; g++) out.push(agg.result(get(g)));
      return vectorFromValues(expr.dataType, out);
    },
  };
}

/** DISTINCT: a row reaches the inner state only the first time its argument tuple is seen in its group. */
function distinctState(inner: AggregateState): AggregateState {
  const seen: Set<string>[] = [];
  return {
    update(groupIds, args, numRows, mask) {
      const m = new Uint8Array(numRows);
      for (let i = 0; i < numRows; i++) {
        if (mask !== null && mask[i] === 0) continue;
        let key = '';
        for (const a of args) key += valueKey(getValue(a, i)) + '\u0001';
        const g = groupIds[i]!;
        while (seen.length <= g) seen.push(new Set());
        const s = seen[g]!;
        if (s.has(key)) continue;
        s.add(key);
        m[i] = 1;
      }
      inner.update(groupIds, args, numRows, m);
    },
    // Partial buffers of a DISTINCT aggregate are already deduplicated per partition only; the
    // planner is expected to aggregate DISTINCT calls after a shuffle on the grouping keys.
    merge: (g, b, n) => inner.merge(g, b, n),
    buffers: (n) => inner.buffers(n),
    evaluate: (n) => inner.evaluate(n),
  };
}

/** An AggregateImpl from a per-row factory, with DISTINCT support. */
export function rowAggregateImpl<S>(factory: RowAggregateFactory<S>): AggregateImpl {
  return {
    createState(expr, ctx) {
      const st = rowState(factory(expr, ctx), expr);
      return expr.distinct ? distinctState(st) : st;
    },
  };
}

/** A BIGINT count of the rows (past the null policy) for which `counts` holds: count_if, regr_count. */
export function countingAggregate(
  counts: (args: readonly Value[]) => boolean,
  skipNulls: 'first' | 'all' | 'none' = 'first',
): AggregateImpl {
  return rowAggregateImpl<{ n: bigint }>((expr) => ({
    bufferTypes: aggregateBufferTypes(expr),
    skipNulls,
    init: () => ({ n: 0n }),
    update(s, args) {
      if (counts(args)) s.n += 1n;
      return s;
    },
    merge(s, b) {
      s.n += BigInt((b[0] as bigint | null) ?? 0n);
      return s;
    },
    toBuffer: (s) => [s.n],
    result: (s) => s.n,
  }));
}

export function wrapDistinct(expr: AggregateExpr, st: AggregateState): AggregateState {
  return expr.distinct ? distinctState(st) : st;
}

export function vectorOf(type: DataType, values: readonly Value[]): Vector {
  return vectorFromValues(type, values);
}
