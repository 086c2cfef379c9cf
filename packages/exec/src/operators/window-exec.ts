// WindowExec: sorts by partition and order keys, then computes each window expression per partition:
// ranking functions, lag/lead, first/last/nth_value over frames, and aggregates over ROWS/RANGE frames
// (whole-partition and running frames in O(n); other frames by recomputing per row).

import {
  InternalError,
  getValue,
  vectorFromValues,
  type Batch,
  type Value,
  type Vector,
} from '@flint/common';
import type {
  AttributeRef,
  Expr,
  FrameBoundary,
  PhysicalPlan,
  SortOrder,
  WindowFrameSpec,
} from '@flint/planner';
import { dataTypeOf, windowPartitionOrder } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { concatBatches, gather, gatherBatch } from '../eval/vectors.js';
import { lookupAggregate } from '../functions/index.js';
import type { EvalContext } from '../functions/kernel.js';
import { encodeRowKey } from './row-key.js';
import { compileOrder, rowOrdering, sortIndices } from './sort-util.js';
import { collectBatches, type TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'WindowExec' }>;
type WindowExpression = Extract<Expr, { kind: 'WindowExpression' }>;

function constant(e: Expr, ctx: EvalContext): Value {
  return getValue(compileExpression(e, [], ctx)({ numRows: 1, columns: [] }), 0);
}

function unwrapWindow(e: Expr): WindowExpression {
  let x = e;
  while (x.kind === 'Alias') x = x.child;
  if (x.kind !== 'WindowExpression')
    throw new InternalError(`WindowExec expression is ${x.kind}, expected WindowExpression`);
  return x;
}

interface Part {
  readonly start: number;
  readonly end: number; // exclusive
}

export async function* windowExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const ctx = tc.eval;
  const all = concatBatches(
    childOutput.map((a) => a.dataType),
    await collectBatches(input, tc),
  );
  if (all.numRows === 0) return;
  const partOrder = windowPartitionOrder(node.partitionSpec);
  const sorted = gatherBatch(
    all,
    sortIndices(all, compileOrder([...partOrder, ...node.orderSpec], childOutput, ctx)),
  );
  const n = sorted.numRows;
  const pkeys = node.partitionSpec.map((p) => compileExpression(p, childOutput, ctx)(sorted));
  const parts = partitionsOf(n, partitionKeysEqual(partOrder, pkeys));
  const cols: Vector[] = [...sorted.columns];
  for (const we of node.windowExprs) {
    const w = unwrapWindow(we);
    cols.push(computeWindow(w, sorted, childOutput, parts, ctx));
  }
  yield { numRows: n, columns: cols };
}

/**
 * The window partitions of n sorted rows: one ends where the keys change. (A function of its own: V8
 * runs a row loop in a generator's body unoptimised.)
 */
function partitionsOf(n: number, samePartition: (i: number, j: number) => boolean): Part[] {
  const parts: Part[] = [];
  let s = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || !samePartition(i - 1, i)) {
      parts.push({ start: s, end: i });
      s = i;
    }
  }
  return parts;
}

const NESTED_KEY_KINDS = new Set<string>(['calendar_interval', 'array', 'map', 'struct']);

/**
 * Whether rows i and j of the partition key columns are in the same window partition. Flat keys
 * compare in place (NaN = NaN and -0.0 = 0.0 as in grouping); nested or interval keys by their encoded
 * row keys.
 */
export function partitionKeysEqual(
  partOrder: readonly SortOrder[],
  pkeys: readonly Vector[],
): (i: number, j: number) => boolean {
  if (pkeys.length === 0) return () => true;
  if (pkeys.every((k) => !NESTED_KEY_KINDS.has(k.type.kind))) {
    const cmp = rowOrdering(partOrder, pkeys);
    return (i, j) => cmp(i, j) === 0;
  }
  return (i, j) => encodeRowKey(pkeys, i) === encodeRowKey(pkeys, j);
}

function computeWindow(
  w: WindowExpression,
  b: Batch,
  input: readonly AttributeRef[],
  parts: readonly Part[],
  ctx: EvalContext,
): Vector {
  const n = b.numRows;
  const okeys = w.orderSpec.map((o) => compileExpression(o.child, input, ctx)(b));
  const peerCmp = rowOrdering(w.orderSpec, okeys);
  const f = w.function;
  const out: Value[] = new Array<Value>(n).fill(null);
  const frames = frameBounds(w.frame, w.orderSpec, okeys, peerCmp, ctx);
  if (f.kind === 'WindowFunction') {
    const args = f.args.map((a) => compileExpression(a, input, ctx)(b));
    for (const p of parts) rankingOrOffset(f.name, f.args, args, f.ignoreNulls, p, peerCmp, frames, out, ctx);
    return vectorFromValues(f.dataType, out);
  }
  if (f.kind !== 'AggregateExpression') throw new InternalError(`window function ${f.kind}`);
  const impl = lookupAggregate(f.name);
  if (impl === undefined) throw new InternalError(`no aggregate implementation for ${f.name}`);
  const args = f.args.map((a) => compileExpression(a, input, ctx)(b));
  const filt = f.filter === null ? null : compileExpression(f.filter, input, ctx)(b);
  const mask =
    filt === null
      ? null
      : Uint8Array.from({ length: n }, (_, i) =>
          (filt.values as Uint8Array)[i] === 1 && (filt.nulls === null || filt.nulls[i] === 0) ? 1 : 0,
        );
  const sub = (rows: number[]): { args: Vector[]; mask: Uint8Array | null } => ({
    args: args.map((a) => gather(a, rows)),
    mask: mask === null ? null : Uint8Array.from(rows, (r) => mask[r]!),
  });
  const { lower, upper } = w.frame;
  for (const p of parts) {
    const size = p.end - p.start;
    if (lower.kind === 'UnboundedPreceding' && upper.kind === 'UnboundedFollowing') {
      const st = impl.createState(f, ctx);
      const rows = range(p.start, p.end);
      const x = sub(rows);
      st.update(new Int32Array(size), x.args, size, x.mask);
      const v = getValue(st.evaluate(1), 0);
      for (let i = p.start; i < p.end; i++) out[i] = v;
    } else if (lower.kind === 'UnboundedPreceding' && upper.kind === 'CurrentRow') {
      // Running frame: feed rows up to the current row (its last peer for RANGE) and read the value.
      const st = impl.createState(f, ctx);
      let fed = p.start;
      for (let i = p.start; i < p.end;) {
        const [, hi] = frames.bounds(i, p);
        const rows = range(fed, hi + 1);
        if (rows.length > 0) {
          const x = sub(rows);
          st.update(new Int32Array(rows.length), x.args, rows.length, x.mask);
        }
        fed = hi + 1;
        const v = getValue(st.evaluate(1), 0);
        const last = w.frame.frameType === 'RangeFrame' ? hi : i;
        for (let r = i; r <= last; r++) out[r] = v;
        i = last + 1;
      }
    } else {
      const st = impl.createState(f, ctx);
      const ids: number[] = [];
      const rows: number[] = [];
      for (let i = p.start; i < p.end; i++) {
        const [lo, hi] = frames.bounds(i, p);
        for (let j = lo; j <= hi; j++) {
          ids.push(i - p.start);
          rows.push(j);
        }
      }
      const x = sub(rows);
      st.update(Int32Array.from(ids), x.args, rows.length, x.mask);
      const res = st.evaluate(size);
      for (let i = p.start; i < p.end; i++) out[i] = getValue(res, i - p.start);
    }
  }
  return vectorFromValues(f.dataType, out);
}

function range(a: number, b: number): number[] {
  const r: number[] = [];
  for (let i = a; i < b; i++) r.push(i);
  return r;
}

/** Frame bounds [lo, hi] (inclusive, absolute rows; lo > hi = empty) of a row within its partition. */
interface FrameBounds {
  bounds(i: number, p: Part): [number, number];
}

function frameBounds(
  frame: WindowFrameSpec,
  order: readonly SortOrder[],
  keys: readonly Vector[],
  peerCmp: (i: number, j: number) => number,
  ctx: EvalContext,
): FrameBounds {
  const orderKind = order[0] ? dataTypeOf(order[0].child).kind : null;
  const lowerOff = offsetOf(frame.lower, ctx, orderKind);
  const upperOff = offsetOf(frame.upper, ctx, orderKind);
  const firstPeer = (i: number, p: Part): number => {
    let j = i;
    while (j > p.start && peerCmp(j - 1, i) === 0) j--;
    return j;
  };
  const lastPeer = (i: number, p: Part): number => {
    let j = i;
    while (j + 1 < p.end && peerCmp(j + 1, i) === 0) j++;
    return j;
  };
  /** RANGE offset: rows whose order key lies within key(i) + o (direction-aware); NULL keys frame their peers. */
  const rangeBound = (o: number, i: number, p: Part, isLower: boolean): number => {
    const key = keys[0];
    const desc = order[0]?.direction === 'Descending';
    if (key === undefined) return isLower ? p.start : p.end - 1;
    const isNull = (r: number): boolean => key.nulls !== null && key.nulls[r] === 1;
    if (isNull(i)) return isLower ? firstPeer(i, p) : lastPeer(i, p);
    const val = (r: number): number => Number((key.values as ArrayLike<number | bigint>)[r]);
    const target = desc ? val(i) - o : val(i) + o;
    const before = (r: number): boolean => (desc ? val(r) > target : val(r) < target);
    const after = (r: number): boolean => (desc ? val(r) < target : val(r) > target);
    if (isLower) {
      let j = p.start;
      while (j < p.end && (isNull(j) || before(j))) j++;
      return j;
    }
    let j = p.end - 1;
    while (j >= p.start && (isNull(j) || after(j))) j--;
    return j;
  };
  const bound = (b: FrameBoundary, off: number | null, i: number, p: Part, isLower: boolean): number => {
    switch (b.kind) {
      case 'UnboundedPreceding':
        return p.start;
      case 'UnboundedFollowing':
        return p.end - 1;
      case 'CurrentRow':
        if (frame.frameType === 'RowFrame') return i;
        return isLower ? firstPeer(i, p) : lastPeer(i, p);
      case 'Offset': {
        const o = off ?? 0;
        if (frame.frameType === 'RowFrame') {
          const r = i + o;
          return isLower ? Math.max(p.start, r) : Math.min(p.end - 1, r);
        }
        return rangeBound(o, i, p, isLower);
      }
    }
  };
  return {
    bounds: (i, p) => [bound(frame.lower, lowerOff, i, p, true), bound(frame.upper, upperOff, i, p, false)],
  };
}

function offsetOf(b: FrameBoundary, ctx: EvalContext, orderKind: string | null): number | null {
  if (b.kind !== 'Offset') return null;
  const v = constant(b.value, ctx);
  const n = v === null ? 0 : Number(v as number | bigint);
  // A day-time interval (microseconds) over a DATE order key (days): RANGE INTERVAL '5' DAY PRECEDING.
  const t = dataTypeOf(b.value);
  if (orderKind === 'date' && t.kind === 'day_time_interval') return n / 86_400_000_000;
  // A decimal offset (1.1 FOLLOWING) is stored unscaled.
  if (t.kind === 'decimal' && typeof v === 'bigint') return n / 10 ** t.scale;
  return n;
}

function rankingOrOffset(
  name: string,
  argExprs: readonly Expr[],
  args: readonly Vector[],
  ignoreNulls: boolean,
  p: Part,
  peerCmp: (i: number, j: number) => number,
  frames: FrameBounds,
  out: Value[],
  ctx: EvalContext,
): void {
  const size = p.end - p.start;
  const input = args[0];
  const valueAt = (r: number): Value => (input === undefined ? null : getValue(input, r));
  switch (name) {
    case 'row_number':
      for (let i = p.start; i < p.end; i++) out[i] = i - p.start + 1;
      return;
    case 'rank':
    case 'dense_rank':
    case 'percent_rank': {
      let rank = 1;
      let dense = 1;
      for (let i = p.start; i < p.end; i++) {
        if (i > p.start && peerCmp(i - 1, i) !== 0) {
          rank = i - p.start + 1;
          dense++;
        }
        out[i] =
          name === 'rank' ? rank : name === 'dense_rank' ? dense : size <= 1 ? 0 : (rank - 1) / (size - 1);
      }
      return;
    }
    case 'cume_dist': {
      for (let i = p.start; i < p.end;) {
        let j = i;
        while (j + 1 < p.end && peerCmp(j + 1, i) === 0) j++;
        const v = (j - p.start + 1) / size;
        for (let r = i; r <= j; r++) out[r] = v;
        i = j + 1;
      }
      return;
    }
    case 'ntile': {
      const k = Number(constant(argExprs[0]!, ctx) as number);
      const bucket = Math.floor(size / k);
      const rem = size % k;
      for (let i = p.start; i < p.end; i++) {
        const r = i - p.start;
        out[i] =
          r < rem * (bucket + 1)
            ? Math.floor(r / (bucket + 1)) + 1
            : Math.floor((r - rem * (bucket + 1)) / bucket) + rem + 1;
      }
      return;
    }
    case 'lag':
    case 'lead': {
      const offExpr = argExprs[1];
      let off = offExpr === undefined ? 1 : Number(constant(offExpr, ctx) as number);
      if (name === 'lag') off = -off;
      const def = args[2];
      for (let i = p.start; i < p.end; i++) {
        let v: Value = def === undefined ? null : getValue(def, i);
        if (!ignoreNulls || off === 0) {
          const j = i + off;
          if (j >= p.start && j < p.end) v = valueAt(j);
        } else {
          const step = off > 0 ? 1 : -1;
          let need = Math.abs(off);
          for (let j = i + step; j >= p.start && j < p.end; j += step) {
            if (valueAt(j) !== null && --need === 0) {
              v = valueAt(j);
              break;
            }
          }
        }
        out[i] = v;
      }
      return;
    }
    case 'first_value':
    case 'first':
    case 'last_value':
    case 'last':
    case 'nth_value': {
      const nth = name === 'nth_value' ? Number(constant(argExprs[1]!, ctx) as number) : 1;
      const fromEnd = name === 'last_value' || name === 'last';
      for (let i = p.start; i < p.end; i++) {
        const [lo, hi] = frames.bounds(i, p);
        let v: Value = null;
        let seen = 0;
        for (let k = 0; k <= hi - lo; k++) {
          const j = fromEnd ? hi - k : lo + k;
          const x = valueAt(j);
          if (ignoreNulls && x === null) continue;
          if (++seen === nth) {
            v = x;
            break;
          }
        }
        out[i] = v;
      }
      return;
    }
    default:
      throw new InternalError(`window function ${name} is not supported`);
  }
}
