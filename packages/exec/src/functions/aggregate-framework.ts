// The building blocks of aggregate implementations: a per-group state driven row by row, the
// DISTINCT wrapper (deduplicates argument tuples per group) and buffer/result vector assembly.

import { getValue, vectorFromValues, type DataType, type Value, type Vector } from '@flint/common';
import { aggregateBufferTypes } from '@flint/planner';
import type { AggregateExpr, AggregateImpl, AggregateState, EvalContext } from './kernel.js';
import { gather } from '../eval/vectors.js';
import { createKeyTable, type KeyTable } from '../hash/key-table.js';

/** One aggregate written per row: a mutable state per group. */
export interface RowAggregate<S> {
  init(): S;
  /** Called for each row that passes the FILTER mask and the null policy; returns the new state. */
  update(s: S, args: readonly Value[]): S;
  /**
   * `update` for a single double argument, given as a number: called instead of it when the argument
   * is a Float64Array, without making a row of values (stddev, median over H2O's 10^7 rows).
   */
  updateDouble?(s: S, x: number): S;
  /** `update` for two double arguments, for aggregates that skip rows with a NULL in either ('all'). */
  updateDoublePair?(s: S, x: number, y: number): S;
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
      const fast = agg.updateDouble;
      const pair = agg.updateDoublePair;
      const [a0, a1] = args;
      if (fast !== undefined && args.length === 1 && skip !== 'none' && a0!.values instanceof Float64Array) {
        const xs = a0!.values;
        const nulls = a0!.nulls;
        for (let i = 0; i < numRows; i++) {
          if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
          const g = groupIds[i]!;
          states[g] = fast(get(g), xs[i]!);
        }
        return;
      }
      if (
        pair !== undefined &&
        args.length === 2 &&
        skip === 'all' &&
        a0!.values instanceof Float64Array &&
        a1!.values instanceof Float64Array
      ) {
        const xs = a0!.values;
        const ys = a1!.values;
        const xn = a0!.nulls;
        const yn = a1!.nulls;
        for (let i = 0; i < numRows; i++) {
          if (
            (mask !== null && mask[i] === 0) ||
            (xn !== null && xn[i] === 1) ||
            (yn !== null && yn[i] === 1)
          )
            continue;
          const g = groupIds[i]!;
          states[g] = pair(get(g), xs[i]!, ys[i]!);
        }
        return;
      }
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
  let seen: KeyTable | null = null;
  return {
    update(groupIds, args, numRows, mask, numGroups) {
      seen ??= createKeyTable([{ kind: 'integer' }, ...args.map((a) => a.type)]);
      inner.update(groupIds, args, numRows, firstSeen(seen, groupIds, args, numRows, mask), numGroups);
    },
    // Partial buffers of a DISTINCT aggregate are already deduplicated per partition only; the
    // planner is expected to aggregate DISTINCT calls after a shuffle on the grouping keys.
    merge: (g, b, n, numGroups) => inner.merge(g, b, n, numGroups),
    buffers: (n) => inner.buffers(n),
    evaluate: (n) => inner.evaluate(n),
    get byteSize() {
      return (seen?.byteSize ?? 0) + (inner.byteSize ?? 0);
    },
  };
}

/**
 * The mask of rows (among those `mask` lets through) whose (group, args) tuple `seen` had not
 * held before; adds those tuples. A KeyTable numbers keys in order of first appearance, so a row
 * is new exactly when its id is the next unused one.
 */
export function firstSeen(
  seen: KeyTable,
  groupIds: Int32Array,
  args: readonly Vector[],
  numRows: number,
  mask: Uint8Array | null,
): Uint8Array {
  const out = new Uint8Array(numRows);
  let sel: Int32Array | null = null;
  let n = numRows;
  let cols: Vector[];
  if (mask !== null) {
    sel = new Int32Array(numRows);
    n = 0;
    for (let i = 0; i < numRows; i++) if (mask[i] !== 0) sel[n++] = i;
    const idx = sel.subarray(0, n);
    const g = new Int32Array(n);
    for (let k = 0; k < n; k++) g[k] = groupIds[idx[k]!]!;
    cols = [
      { type: { kind: 'integer' }, length: n, values: g, nulls: null },
      ...args.map((a) => gather(a, idx, n)),
    ];
  } else {
    cols = [{ type: { kind: 'integer' }, length: n, values: groupIds, nulls: null }, ...args];
  }
  let next = seen.size;
  const ids = seen.insert(cols, n);
  for (let k = 0; k < n; k++) {
    if (ids[k] !== next) continue;
    next++;
    out[sel === null ? k : sel[k]!] = 1;
  }
  return out;
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
