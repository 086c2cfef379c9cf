// HashAggregate: groups rows by key (NULL is its own group) and runs the aggregate states.
// Partial: raw rows → grouping columns + aggregation buffers. Final: buffers → merged → result exprs.
// Complete: raw rows → result exprs. Without grouping keys there is always exactly one group.

import { InternalError, type Batch, type Vector } from '@flint/common';
import { dataTypeOf, type AttributeRef, type Expr, type PhysicalPlan } from '@flint/planner';
import type { ArrayRecycler } from '../eval/array-recycler.js';
import { compileExpression, compileExpressions, type Evaluator } from '../eval/compile.js';
import { gather, int32View, selectionOf } from '../eval/vectors.js';
import { lookupAggregate } from '../functions/index.js';
import type { AggregateExpr, AggregateState, SumAndCountTarget } from '../functions/kernel.js';
import { sumAndCountCodedRows, sumAndCountRows } from '../functions/aggregate-typed.js';
import { toAttribute } from '../plan-output.js';
import { firstSeen } from '../functions/aggregate-framework.js';
import { storeKindOf } from '../hash/key-store.js';
import { createKeyTable, type KeyTable } from '../hash/key-table.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'HashAggregate' }>;

// Partial aggregation stops grouping when, from this many rows on, the rows of the latest window
// (at least half as many rows) were nearly all new groups: it would not shrink the shuffle, so the
// rows go on as one-row partial buffers. The share of new groups in the latest rows, not in all rows
// so far: 64k rows of 200k keys are 87% distinct, yet the next 64k rows bring only 63% new groups
// and 3M rows hold just 200k (TPC-H Q17 passed 6M rows on instead of 400k groups).
export const PARTIAL_SKIP_MIN_ROWS = 1 << 16;
const PARTIAL_SKIP_WINDOW = PARTIAL_SKIP_MIN_ROWS / 2;
const PARTIAL_SKIP_RATIO = 0.8;

// Partial aggregation over keys that arrive clustered (a table stored in key order, the output of a
// sort-merge join) hands its groups on and starts an empty table once it holds this many groups and
// no row since it started found a group older than the latest few: a group that is done never comes
// back, and a table that stays small stays in the caches (TPC-H Q18's partial sum by l_orderkey grew
// to 750k groups a task, most of its time cache misses and rehashes).
export const PARTIAL_FLUSH_MIN_GROUPS = 1 << 14;
const PARTIAL_FLUSH_RECENT_GROUPS = 64;

/**
 * A Final aggregation reserves its table for at most this many of its input's rows up front (4 MB
 * of slots for long keys): the input's rows bound its groups, but rows of many map tasks may share
 * them.
 */
const RESERVED_ROWS_MAX = 1 << 17;

/** Rows a group a batch must have at least for sumTogether (it adds the batch's counts group by group). */
const MIN_ROWS_PER_GROUP_SUMMED_TOGETHER = 4;

/** Aggregates whose states copy the flat values they read (typed sums, counts and extremes). */
const COPYING_AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max']);

/**
 * Whether the aggregation keeps none of its input batches' arrays, so that it can give them back to
 * the filters and projections below it (ArrayRecycler): its key table and states copy flat values.
 * (The batches whose rows it passes on ungrouped, see canSkip and runGroups, it does not give back.)
 */
export function givesInputBack(node: Node): boolean {
  const flat = (e: Expr): boolean => storeKindOf(dataTypeOf(e)) !== 'generic';
  // (Wide decimals are flat too: their states copy the values, whatever the storage.)
  const flatArgument = (e: Expr): boolean => flat(e) || dataTypeOf(e).kind === 'decimal';
  return (
    node.mode !== 'Final' &&
    node.groupingExprs.every(flat) &&
    node.aggregateExprs.every((e) => COPYING_AGGREGATES.has(e.name) && e.args.every(flatArgument))
  );
}

interface AggSlot {
  readonly expr: AggregateExpr;
  /** Replaced by a new state when a partial aggregation hands its groups on. */
  state: AggregateState;
  readonly args: readonly Evaluator[];
  readonly filter: Evaluator | null;
  /** Number of buffer columns this aggregate owns in partial output. */
  readonly bufferCount: number;
  /** DISTINCT (Complete mode): the (group, args) keys already fed, made at the first batch. */
  seen: KeyTable | null;
  readonly distinct: boolean;
}

export function aggregateResultAttr(e: AggregateExpr): AttributeRef {
  return {
    kind: 'AttributeReference',
    id: e.resultId,
    name: e.name,
    dataType: e.dataType,
    nullable: e.nullable,
    qualifier: [],
  };
}

/**
 * A float/double key column with -0.0 as 0.0 and one NaN, as grouped keys come out of a KeyTable,
 * so equal keys hash to the same shuffle partition.
 */
function normalizeFloatKey(v: Vector, n: number): Vector {
  // (Other types return before reading values, which would decode a dictionary column.)
  if (v.type.kind !== 'double' && v.type.kind !== 'float') return v;
  const src = v.values;
  if (!(src instanceof Float64Array) && !(src instanceof Float32Array)) return v;
  let dirty = false;
  for (let i = 0; i < n && !dirty; i++) {
    const x = src[i]!;
    if (x !== x || (x === 0 && 1 / x < 0)) dirty = true;
  }
  if (!dirty) return v;
  const out = src instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    out[i] = x !== x ? NaN : x === 0 ? 0 : x;
  }
  return { type: v.type, length: n, values: out, nulls: v.nulls };
}

/**
 * Rows of a batch whose group was not among the latest few made before them (ids are given in order
 * of first appearance, so the newest group so far is the largest id seen).
 */
function returningRows(groupIds: Int32Array, n: number, groupsBefore: number): number {
  let newest = groupsBefore - 1;
  let returning = 0;
  for (let i = 0; i < n; i++) {
    const g = groupIds[i]!;
    if (g > newest) newest = g;
    else if (g < newest - PARTIAL_FLUSH_RECENT_GROUPS) returning++;
  }
  return returning;
}

/**
 * Group ids of rows by runs of equal keys (int or long key columns; NULL equals NULL): `ids[i]` is
 * the run of row i, `firsts[r]` the first row of run r. Returns the number of runs.
 */
function equalKeyRuns(keys: readonly Vector[], n: number, ids: Int32Array, firsts: Int32Array): number {
  // same[i] = 1 while row i's keys equal row i-1's; one loop per column and width keeps each simple.
  const same = new Uint8Array(n);
  same.fill(1, 1);
  for (const v of keys) {
    const nulls = v.nulls;
    const long = v.values instanceof BigInt64Array;
    const w = long ? int32View(v.values as BigInt64Array) : (v.values as Int32Array);
    if (nulls !== null) {
      // NULL equals only NULL, whatever value its slot holds.
      for (let i = 1; i < n; i++) {
        const nl = nulls[i]!;
        if (nl !== nulls[i - 1]) same[i] = 0;
        else if (
          nl === 0 &&
          (long ? w[2 * i] !== w[2 * i - 2] || w[2 * i + 1] !== w[2 * i - 1] : w[i] !== w[i - 1])
        )
          same[i] = 0;
      }
    } else if (long) {
      // Without branches on the data: a new run every few rows (lineitem's orders) mispredicted
      // often (10 ns a row).
      for (let i = 1; i < n; i++)
        same[i]! &= +(((w[2 * i]! ^ w[2 * i - 2]!) | (w[2 * i + 1]! ^ w[2 * i - 1]!)) === 0);
    } else {
      for (let i = 1; i < n; i++) same[i]! &= +(w[i] === w[i - 1]);
    }
  }
  // Each row is written as the next run's first and kept there only when it starts one.
  let runs = 0;
  for (let i = 0; i < n; i++) {
    firsts[runs] = i;
    runs += 1 - same[i]!;
    ids[i] = runs - 1;
  }
  return runs;
}

export async function* hashAggregate(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
  recycler?: ArrayRecycler,
  inputRows?: number,
): AsyncIterable<Batch> {
  const ctx = tc.eval;
  const mergeInput = node.mode === 'Final';
  // Grouping keys, arguments and FILTERs are compiled together, sharing their common subexpressions.
  const argExprs = mergeInput ? [] : node.aggregateExprs.flatMap((e) => e.args);
  const filterExprs = mergeInput
    ? []
    : node.aggregateExprs.flatMap((e) => (e.filter === null ? [] : [e.filter]));
  const compiled = compileExpressions(
    [...node.groupingExprs, ...argExprs, ...filterExprs],
    childOutput,
    recycler === undefined ? ctx : { ...ctx, recycler },
  );
  const keyEvals = compiled.splice(0, node.groupingExprs.length);
  const argEvals = compiled.splice(0, argExprs.length);
  const keyAttrs = node.groupingExprs.map(toAttribute);
  const impls = node.aggregateExprs.map((e) => {
    const impl = lookupAggregate(e.name);
    if (impl === undefined) throw new InternalError(`no aggregate implementation for ${e.name}`);
    return impl;
  });
  const slots: AggSlot[] = node.aggregateExprs.map((e, k) => {
    const state = impls[k]!.createState(e, ctx);
    return {
      expr: e,
      state,
      args: mergeInput ? [] : argEvals.splice(0, e.args.length),
      filter: !mergeInput && e.filter !== null ? compiled.shift()! : null,
      bufferCount: state.buffers(0).length,
      seen: null,
      distinct: e.distinct && node.mode === 'Complete',
    };
  });
  // In Final mode the buffers follow the grouping columns in the child's output, aggregate by aggregate.
  const bufferStart: number[] = [];
  let pos = keyAttrs.length;
  for (const s of slots) {
    bufferStart.push(pos);
    pos += s.bufferCount;
  }

  // Group ids come from a KeyTable over the grouping columns; no grouping keys means one group.
  const newTable = (): KeyTable | null =>
    keyEvals.length > 0 ? createKeyTable(keyAttrs.map((a) => a.dataType)) : null;
  let table = newTable();
  // Partial results of many groups (Q18's 1.5M order sums) bring mostly new keys: a Final aggregation
  // makes room for its input's rows up front (up to RESERVED_ROWS_MAX; later, for a batch's rows
  // while they keep bringing mostly new keys), not moving its keys as the table doubles.
  if (mergeInput && inputRows !== undefined) table?.reserve(Math.min(inputRows, RESERVED_ROWS_MAX));
  let ids = new Int32Array(0);
  let zeros = new Int32Array(0);
  /** Approximate bytes held by the groups and their states (for a memory budget). */
  const byteSize = (): number => {
    let b = table?.byteSize ?? 0;
    for (const s of slots) b += (s.state.byteSize ?? 0) + (s.seen?.byteSize ?? 0);
    return b;
  };
  let reported = 0;

  const argMask = (s: AggSlot, b: Batch): Uint8Array | null => {
    if (s.filter === null) return null;
    const mask = new Uint8Array(b.numRows);
    for (const i of selectionOf(s.filter(b), b.numRows)) mask[i] = 1;
    return mask;
  };
  // Partial mode over keys that barely repeat: each row becomes its own group (no hashing); the
  // Final aggregation after the shuffle groups them. DISTINCT needs the per-partition dedupe, and
  // nested keys would need their floating-point values normalized for the shuffle. The same holds
  // for handing the groups on early (PARTIAL_FLUSH_MIN_GROUPS).
  const canSkip =
    node.mode === 'Partial' &&
    table !== null &&
    !slots.some((s) => s.expr.distinct) &&
    keyAttrs.every((a) => storeKindOf(a.dataType) !== 'generic');
  let skipping = false;
  let rowsSeen = 0;
  /** Whether the last batch inserted was at least half new keys (a Final aggregation then reserves). */
  let mostlyNew = true;
  /** Groups handed on by earlier flushes. */
  let groupsFlushed = 0;
  /** Rows since the table started that found an older group than the latest few (returningRows). */
  let returning = 0;
  // The latest window's start: rows and groups then.
  let windowRows = 0;
  let windowGroups = 0;
  /** Partial buffers of a batch's rows grouped by `groupIds` (0..numGroups-1) after their key columns. */
  const groupedOutput = (b: Batch, groupIds: Int32Array, cols: Vector[], numGroups: number): Batch => {
    slots.forEach((s, k) => {
      const st = impls[k]!.createState(s.expr, ctx);
      st.update(
        groupIds,
        s.args.map((f) => f(b)),
        b.numRows,
        argMask(s, b),
        numGroups,
      );
      cols.push(...st.buffers(numGroups));
    });
    return { numRows: numGroups, columns: cols };
  };
  const passThrough = (b: Batch): Batch => {
    const n = b.numRows;
    const identity = new Int32Array(n);
    for (let i = 0; i < n; i++) identity[i] = i;
    const keyCols = keyEvals.map((f) => normalizeFloatKey(f(b), n));
    return groupedOutput(b, identity, keyCols, n);
  };
  // Clustered keys (seen at the first flush) of ints and longs are then grouped by runs of equal
  // keys, batch by batch, with no table: a key split between runs is merged by the Final aggregation.
  const byRuns =
    canSkip && keyAttrs.every((a) => storeKindOf(a.dataType) === 'int' || storeKindOf(a.dataType) === 'long');
  let clustered = false;
  const runGroups = (b: Batch): Batch => {
    const n = b.numRows;
    const keys = keyEvals.map((f) => f(b));
    if (ids.length < n) ids = new Int32Array(n);
    const firsts = new Int32Array(n);
    const runs = equalKeyRuns(keys, n, ids, firsts);
    return groupedOutput(
      b,
      ids,
      keys.map((v) => gather(v, firsts, runs)),
      runs,
    );
  };
  /**
   * Updates the slots whose states can be summed and counted together (sumAndCountRows), when there
   * are two or more and the batch has a few rows per group; returns those slots. `argsOf` gives a
   * slot's arguments over the batch, evaluated once for this and the slot's own update.
   */
  // (A FILTER's mask would make the target null.)
  const summable = (s: AggSlot): boolean =>
    !s.distinct && s.filter === null && s.state.sumAndCountTarget !== undefined;
  const sumTogether = (
    argsOf: (s: AggSlot) => Vector[],
    groupIds: Int32Array,
    n: number,
    numGroups: number,
  ): Set<AggSlot> | null => {
    if (numGroups * MIN_ROWS_PER_GROUP_SUMMED_TOGETHER > n) return null;
    const together = slots.filter(summable);
    if (together.length < 2) return null;
    const targets: SumAndCountTarget[] = [];
    const done = new Set<AggSlot>();
    for (const s of together) {
      const target = s.state.sumAndCountTarget!(argsOf(s), n, null, numGroups);
      if (target === null) continue;
      targets.push(target);
      done.add(s);
    }
    if (targets.length < 2) return null;
    sumAndCountRows(groupIds, targets, n, numGroups);
    return done;
  };
  /**
   * Sums every slot by a single int key's kept ids when each slot can be summed together
   * (sumAndCountCodedRows) and every row's key already has its group; false when not (nothing added).
   */
  const sumAllByKeptIds = (
    t: KeyTable,
    keys: readonly Vector[],
    argsOf: (s: AggSlot) => Vector[],
    n: number,
  ): boolean => {
    const k = keys.length === 1 ? keys[0]! : null;
    if (k === null || k.nulls !== null || k.dictionary !== undefined || !(k.values instanceof Int32Array))
      return false;
    const kept = t.keptIntIds();
    if (kept === null || t.size >= PARTIAL_FLUSH_MIN_GROUPS || !slots.every(summable)) return false;
    const targets: SumAndCountTarget[] = [];
    for (const s of slots) {
      const target = s.state.sumAndCountTarget!(argsOf(s), n, null, t.size);
      if (target === null) return false;
      targets.push(target);
    }
    return sumAndCountCodedRows(k.values, kept.base, kept.ids, targets, n, t.size);
  };
  /** The partial output of the groups so far: key columns, then each aggregate's buffers. */
  const partialOutput = (): Batch => {
    const numGroups = table === null ? 1 : table.size;
    const cols: Vector[] = table === null ? [] : table.keyColumns();
    for (const s of slots) cols.push(...s.state.buffers(numGroups));
    return { numRows: numGroups, columns: cols };
  };

  for await (const b of input) {
    const n = b.numRows;
    if (n === 0) continue;
    // Rows passed on ungrouped may carry the batch's arrays.
    if (skipping) {
      recycler?.forget();
      yield passThrough(b);
      continue;
    }
    if (clustered) {
      recycler?.forget();
      yield runGroups(b);
      continue;
    }
    const evaluated = new Map<AggSlot, Vector[]>();
    const argsOf = (s: AggSlot): Vector[] => {
      let args = evaluated.get(s);
      if (args === undefined) {
        args = s.args.map((f) => f(b));
        evaluated.set(s, args);
      }
      return args;
    };
    const groupsBefore = table?.size ?? 0;
    const keys = table !== null ? keyEvals.map((f) => f(b)) : [];
    if (table !== null && !mergeInput && sumAllByKeptIds(table, keys, argsOf, n)) {
      // Every row's group was known and every slot summed: no ids, no new groups (and too few groups
      // for the table to be handed on early, which the ids would have decided).
      recycler?.reclaim();
      rowsSeen += n;
      continue;
    }
    let groupIds: Int32Array;
    if (table !== null) {
      if (ids.length < n) ids = new Int32Array(n);
      if (mergeInput && mostlyNew) table.reserve(n);
      groupIds = table.insert(keys, n, ids);
      mostlyNew = 2 * (table.size - groupsBefore) >= n;
    } else {
      if (zeros.length < n) zeros = new Int32Array(n);
      groupIds = zeros;
    }
    // Every id is below the table's size: the states need not scan the ids for it.
    const numGroups = table !== null ? table.size : 1;
    const summed = mergeInput ? null : sumTogether(argsOf, groupIds, n, numGroups);
    slots.forEach((s, k) => {
      if (mergeInput) {
        const start = bufferStart[k]!;
        s.state.merge(groupIds, b.columns.slice(start, start + s.bufferCount), n, numGroups);
        return;
      }
      if (summed?.has(s) === true) return;
      const args = argsOf(s);
      let mask = argMask(s, b);
      if (s.distinct) {
        s.seen ??= createKeyTable([{ kind: 'integer' }, ...args.map((a) => a.type)]);
        mask = firstSeen(s.seen, groupIds, args, n, mask);
      }
      s.state.update(groupIds, args, n, mask, numGroups);
    });
    recycler?.reclaim();
    rowsSeen += n;
    // The table and states only grow: their growth is drawn from the query's memory budget (a
    // flushed table's bytes stay counted, as the peak).
    const held = byteSize();
    if (held > reported) {
      tc.memory?.acquire(held - reported);
      reported = held;
    }
    if (!canSkip) continue;
    const groupsNow = groupsFlushed + numGroups;
    if (rowsSeen - windowRows >= PARTIAL_SKIP_WINDOW) {
      const newGroups = groupsNow - windowGroups;
      skipping =
        windowRows > 0 &&
        rowsSeen >= PARTIAL_SKIP_MIN_ROWS &&
        newGroups > (rowsSeen - windowRows) * PARTIAL_SKIP_RATIO;
      windowRows = rowsSeen;
      windowGroups = groupsNow;
    }
    // Once a row went back to an older group, this table is not handed on early: no more counting.
    if (returning === 0) returning = returningRows(groupIds, n, groupsBefore);
    if (numGroups >= PARTIAL_FLUSH_MIN_GROUPS && returning === 0) {
      yield partialOutput();
      groupsFlushed += numGroups;
      table?.release();
      table = newTable();
      slots.forEach((s, k) => (s.state = impls[k]!.createState(s.expr, ctx)));
      clustered = byRuns;
    }
  }

  recycler?.release();
  if (node.mode === 'Partial') {
    // A flushed partial aggregation with no rows since has nothing more to hand on.
    if (groupsFlushed === 0 || (table !== null && table.size > 0)) yield partialOutput();
    table?.release();
    return;
  }
  const numGroups = table === null ? 1 : table.size;
  const keyCols: Vector[] = table === null ? [] : table.keyColumns();
  table?.release();
  const results = slots.map((s) => s.state.evaluate(numGroups));
  const resultInput: AttributeRef[] = [...keyAttrs, ...node.aggregateExprs.map(aggregateResultAttr)];
  const batch: Batch = { numRows: numGroups, columns: [...keyCols, ...results] };
  const out = node.resultExprs.map((e: Expr) => compileExpression(e, resultInput, ctx)(batch));
  yield { numRows: numGroups, columns: out };
}
