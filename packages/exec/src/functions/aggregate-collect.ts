// Aggregates that keep the values of a group: collect_list/set, approx_count_distinct (exact),
// mode, percentile/median/percentile_cont/percentile_disc/percentile_approx, max_by/min_by, listagg.

import { FlintError, getValue, vectorFromValues, type DataType, type Value } from '@flint/common';
import { aggregateBufferTypes, type Expr } from '@flint/planner';
import type { AggregateImpl, AggregateState, EvalContext } from './kernel.js';
import { compileExpression } from '../eval/compile.js';
import { rowAggregateImpl } from './aggregate-framework.js';
import { compareValues, valueKey } from './compare-values.js';

interface ListState {
  values: Value[];
}

function listAgg(unique: boolean): AggregateImpl {
  return rowAggregateImpl<ListState & { keys: Set<string> }>((expr) => {
    const add = (s: ListState & { keys: Set<string> }, v: Value): void => {
      if (unique) {
        const k = valueKey(v);
        if (s.keys.has(k)) return;
        s.keys.add(k);
      }
      s.values.push(v);
    };
    return {
      bufferTypes: aggregateBufferTypes(expr),
      init: () => ({ values: [], keys: new Set() }),
      update(s, args) {
        add(s, args[0]!);
        return s;
      },
      merge(s, b) {
        for (const v of (b[0] as readonly Value[] | null) ?? []) add(s, v);
        return s;
      },
      toBuffer: (s) => [s.values],
      result: (s) => s.values,
    };
  });
}

const approxCountDistinct = rowAggregateImpl<{ values: Value[]; keys: Set<string> }>((expr) => ({
  bufferTypes: aggregateBufferTypes(expr),
  init: () => ({ values: [], keys: new Set() }),
  update(s, args) {
    const k = valueKey(args[0]!);
    if (!s.keys.has(k)) {
      s.keys.add(k);
      s.values.push(args[0]!);
    }
    return s;
  },
  merge(s, b) {
    for (const v of (b[0] as readonly Value[] | null) ?? []) {
      const k = valueKey(v);
      if (!s.keys.has(k)) {
        s.keys.add(k);
        s.values.push(v);
      }
    }
    return s;
  },
  toBuffer: (s) => [s.values],
  result: (s) => BigInt(s.keys.size),
}));

const mode = rowAggregateImpl<ListState>((expr) => ({
  bufferTypes: aggregateBufferTypes(expr),
  init: () => ({ values: [] }),
  update(s, args) {
    s.values.push(args[0]!);
    return s;
  },
  merge(s, b) {
    for (const v of (b[0] as readonly Value[] | null) ?? []) s.values.push(v);
    return s;
  },
  toBuffer: (s) => [s.values],
  result(s) {
    if (s.values.length === 0) return null;
    const counts = new Map<string, { v: Value; n: number }>();
    for (const v of s.values) {
      const k = valueKey(v);
      const e = counts.get(k);
      if (e) e.n++;
      else counts.set(k, { v, n: 1 });
    }
    // Ties go to the smallest value, so that the answer does not depend on partitioning.
    let best: { v: Value; n: number } | null = null;
    for (const e of counts.values())
      if (best === null || e.n > best.n || (e.n === best.n && compareValues(e.v, best.v) < 0)) best = e;
    return best!.v;
  },
}));

// ---------------------------------------------------------------- percentiles

function toNum(v: Value): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

function invalidPercentile(p: Value): FlintError {
  return new FlintError(
    'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE',
    `[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] The percentage must be between [0.0, 1.0], but got ${String(p)}.`,
    { exprName: 'percentage', valueRange: '[0.0, 1.0]', currentValue: String(p) },
    null,
    '42K09',
  );
}

function percentages(p: Value): { list: number[]; isArray: boolean } {
  const list = Array.isArray(p) ? (p as Value[]).map(toNum) : [toNum(p)];
  for (const x of list) if (!(x >= 0 && x <= 1)) throw invalidPercentile(p);
  return { list, isArray: Array.isArray(p) };
}

/** Spark's Percentile: linear interpolation at position p * (n - 1) over the sorted, weighted values. */
/** Float64Array sort's order: -0 before 0, NaN after everything. */
function doubleBefore(a: number, b: number): boolean {
  if (a < b) return true;
  if (a > b || a !== a) return false;
  if (b !== b) return true;
  return a === 0 && b === 0 && 1 / a < 0 && 1 / b > 0;
}

/**
 * The value that would be at `k` if a[from..to) were sorted (doubleBefore's order), put there: a[from..k)
 * hold values not after it, a[k + 1..to) values not before it. Without NaNs and zeros, `<` is that
 * order, and the selection partitions without a branch a value (a random value's branch mispredicts
 * half the time: H2O q6's medians of 10^7 values took 4x as long that way).
 */
function selectKth(a: Float64Array, from: number, to: number, k: number): number {
  return hasNaNOrZero(a, from, to) ? selectKthOrdered(a, from, to, k) : selectKthPlain(a, from, to, k);
}

function hasNaNOrZero(a: Float64Array, from: number, to: number): boolean {
  let found = 0;
  for (let i = from; i < to; i++) {
    const v = a[i]!;
    found |= +(v !== v) | +(v === 0);
  }
  return found !== 0;
}

/** selectKth over values compared by `<` alone: a median-of-three pivot, then branch-free partitions. */
function selectKthPlain(a: Float64Array, from: number, to: number, k: number): number {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    const below = moveBelow(a, lo, hi, pivot);
    if (k < below) hi = below - 1;
    else if (below > lo) lo = below;
    else {
      // Nothing was below the pivot: split off the values equal to it, so that runs of equal values
      // still shrink the range.
      const equalEnd = moveNotAbove(a, lo, hi, pivot);
      if (k < equalEnd) return pivot;
      lo = equalEnd;
    }
  }
  return a[k]!;
}

/** Moves a[lo..hi]'s values below `pivot` to its front, without a branch a value; returns where the rest start. */
function moveBelow(a: Float64Array, lo: number, hi: number, pivot: number): number {
  let end = lo;
  for (let i = lo; i <= hi; i++) {
    const v = a[i]!;
    a[i] = a[end]!;
    a[end] = v;
    end += +(v < pivot);
  }
  return end;
}

/** moveBelow for the values not above `pivot`. */
function moveNotAbove(a: Float64Array, lo: number, hi: number, pivot: number): number {
  let end = lo;
  for (let i = lo; i <= hi; i++) {
    const v = a[i]!;
    a[i] = a[end]!;
    a[end] = v;
    end += +(v <= pivot);
  }
  return end;
}

/**
 * selectKth in doubleBefore's order: Hoare's selection with a median-of-three pivot and a three-way
 * split, so that runs of equal values do not make it quadratic.
 */
function selectKthOrdered(a: Float64Array, from: number, to: number, k: number): number {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = doubleBefore(x, y)
      ? doubleBefore(y, z)
        ? y
        : doubleBefore(x, z)
          ? z
          : x
      : doubleBefore(x, z)
        ? x
        : doubleBefore(y, z)
          ? z
          : y;
    // a[lo..lt) before the pivot, a[lt..gt] equal to it, a(gt..hi] after it.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i]!;
      if (doubleBefore(v, pivot)) swap(a, lt++, i++);
      else if (doubleBefore(pivot, v)) swap(a, i, gt--);
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else break;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function interpolate(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const lv = sorted[lo]!;
  const hv = sorted[hi]!;
  if (lo === hi) return lv;
  return (hi - pos) * lv + (pos - lo) * hv;
}

function discrete(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  const idx = Math.max(Math.ceil(p * n) - 1, 0);
  return sorted[Math.min(idx, n - 1)]!;
}

/** spark.sql.legacy.percentileDiscCalculation: the value at floor(p * (n - 1)). */
function discreteLegacy(sorted: readonly number[], p: number): number {
  return sorted[Math.min(Math.floor(p * (sorted.length - 1)), sorted.length - 1)]!;
}

/** The numbers of interval types come back as their storage (months: number, micros: bigint). */
function fromNum(x: number, kind: string): Value {
  if (kind === 'day_time_interval') return BigInt(Math.round(x));
  if (kind === 'year_month_interval') return Math.round(x);
  return x;
}

/** A constant argument's value (the percentage), for final states built only from merged buffers. */
function constArg(e: Expr | undefined, ctx: EvalContext): Value {
  if (e === undefined) return null;
  if (e.kind === 'Literal') return e.value;
  try {
    return getValue(compileExpression(e, [], ctx)({ numRows: 1, columns: [] }), 0);
  } catch {
    return null;
  }
}

/**
 * median's buffer (binary, as Spark's Percentile buffer is): the group's values as the bytes of a
 * Float64Array. A partial aggregation's groups are views of one SharedArrayBuffer, so that neither the
 * shuffle nor a thread crossing copies or clones them a value at a time (H2O q6: 10^7 values in 10^4
 * groups; as arrays of numbers they were most of the query).
 */
function medianBuffer(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** The values of a median buffer (copied when its bytes are not 8-byte aligned). */
function medianValues(buffer: Uint8Array | null): Float64Array {
  if (buffer === null) return new Float64Array(0);
  if (buffer.byteOffset % 8 === 0)
    return new Float64Array(buffer.buffer, buffer.byteOffset, buffer.byteLength >> 3);
  return new Float64Array(buffer.slice().buffer);
}

interface PctState {
  values: number[];
  p: Value;
}

function percentileImpl(which: 'percentile' | 'median' | 'cont' | 'disc' | 'approx'): AggregateImpl {
  return rowAggregateImpl<PctState & { raw: Value[] }>((expr, ctx) => {
    const resultType = expr.dataType;
    const elemKind = resultType.kind === 'array' ? resultType.elementType.kind : resultType.kind;
    const reverse = expr.options?.['reverse'] === true;
    return {
      bufferTypes: aggregateBufferTypes(expr),
      init: () => ({ values: [], raw: [], p: null }),
      update(s, args) {
        if (which !== 'median') s.p ??= args[1] ?? null;
        const freq =
          which === 'percentile' && args[2] !== undefined && args[2] !== null ? Number(args[2]) : 1;
        if (which === 'approx') s.raw.push(args[0]!);
        else for (let i = 0; i < freq; i++) s.values.push(toNum(args[0]!));
        return s;
      },
      merge(s, b) {
        if (which === 'median') {
          for (const x of medianValues(b[0] as Uint8Array | null)) s.values.push(x);
          return s;
        }
        for (const v of (b[0] as readonly Value[] | null) ?? []) {
          if (which === 'approx') s.raw.push(v);
          else s.values.push(toNum(v));
        }
        return s;
      },
      toBuffer: (s) =>
        which === 'percentile'
          ? [s.values, s.values.map(() => 1n)]
          : which === 'median'
            ? [medianBuffer(Float64Array.from(s.values))]
            : [which === 'approx' ? s.raw : s.values],
      result(s) {
        if (which === 'approx') {
          if (s.raw.length === 0) return null;
          const sorted = [...s.raw].sort(compareValues);
          const { list, isArray } = percentages(s.p ?? constArg(expr.args[1], ctx) ?? 0.5);
          const pick = (p: number): Value =>
            sorted[Math.min(Math.max(Math.ceil(p * sorted.length) - 1, 0), sorted.length - 1)]!;
          return isArray ? list.map(pick) : pick(list[0]!);
        }
        if (s.values.length === 0) return null;
        const sorted = Float64Array.from(s.values).sort();
        if (reverse) sorted.reverse();
        const arr = Array.from(sorted);
        const p = which === 'median' ? 0.5 : (s.p ?? constArg(expr.args[1], ctx));
        const { list, isArray } = percentages(p);
        const legacyDisc = ctx.conf.get('spark.sql.legacy.percentileDiscCalculation') === 'true';
        const f = which === 'disc' ? (legacyDisc ? discreteLegacy : discrete) : interpolate;
        const res = list.map((x) => fromNum(f(arr, x), elemKind));
        return isArray ? res : res[0]!;
      },
    };
  });
}

// Loops of typedMedianState's segments, functions of their own (docs/architecture.md on row loops).

/** offsets[g + 1] counts the rows of group g. */
function countGroups(groups: Int32Array, offsets: Int32Array): void {
  for (let i = 0; i < groups.length; i++) offsets[groups[i]! + 1]!++;
}

/** offsets[g + 1] += offsets[g], in order: counts to start offsets. */
function runningSums(offsets: Int32Array, numGroups: number): void {
  for (let g = 0; g < numGroups; g++) offsets[g + 1]! += offsets[g]!;
}

/** Each values[i] to grouped[next[groups[i]]++]. */
function scatterToGroups(
  groups: Int32Array,
  values: Float64Array,
  grouped: Float64Array,
  next: Int32Array,
): void {
  for (let i = 0; i < groups.length; i++) grouped[next[groups[i]!]!++] = values[i]!;
}

/**
 * median over doubles: the (group, value) arrays of each batch kept as they came (copies of the batch's,
 * or views of merged buffers), put in group order once by a counting sort; each group's two middle
 * values are then selected in Float64Array sort's order. Kept in arrays of numbers per group, H2O's
 * median of 10^7 values over 10^4 groups spent most of its time growing them and collecting them.
 * Answers as the row state does (the same order, then interpolate at 0.5).
 */
function typedMedianState(bufferType: DataType, resultType: DataType): AggregateState {
  // The values as they came: per input batch its rows' groups and values; per merged buffer one
  // group and a view of its values. Put in group order once, by `segments`, with no copies before.
  const chunks: { group: number; groups: Int32Array | null; values: Float64Array }[] = [];
  let count = 0;
  /** Each group's values as consecutive segments: grouped[offsets[g]..offsets[g + 1]). */
  const segments = (numGroups: number, shared: boolean): { grouped: Float64Array; offsets: Int32Array } => {
    const offsets = new Int32Array(numGroups + 1);
    for (const c of chunks) {
      if (c.groups === null) offsets[c.group + 1]! += c.values.length;
      else countGroups(c.groups, offsets);
    }
    runningSums(offsets, numGroups);
    const next = offsets.slice(0, numGroups);
    const grouped = shared ? new Float64Array(new SharedArrayBuffer(8 * count)) : new Float64Array(count);
    for (const c of chunks) {
      const values = c.values;
      if (c.groups === null) {
        grouped.set(values, next[c.group]!);
        next[c.group]! += values.length;
        continue;
      }
      scatterToGroups(c.groups, values, grouped, next);
    }
    return { grouped, offsets };
  };
  return {
    update(groupIds, args, numRows, mask) {
      const v = args[0]!;
      const xs = v.values as Float64Array;
      const nulls = v.nulls;
      if (mask === null && nulls === null) {
        chunks.push({ group: -1, groups: groupIds.slice(0, numRows), values: xs.slice(0, numRows) });
        count += numRows;
        return;
      }
      const groups = new Int32Array(numRows);
      const values = new Float64Array(numRows);
      let n = 0;
      for (let i = 0; i < numRows; i++) {
        if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
        groups[n] = groupIds[i]!;
        values[n++] = xs[i]!;
      }
      chunks.push({ group: -1, groups: groups.subarray(0, n), values: values.subarray(0, n) });
      count += n;
    },
    merge(groupIds, buffers, numRows) {
      const v = buffers[0]!;
      const bytes = v.values as Uint8Array[];
      for (let i = 0; i < numRows; i++) {
        if (v.nulls !== null && v.nulls[i] === 1) continue;
        const values = medianValues(bytes[i]!);
        chunks.push({ group: groupIds[i]!, groups: null, values });
        count += values.length;
      }
    },
    buffers(numGroups) {
      // A partial buffer's values go unsorted: the final state selects from them.
      const { grouped, offsets } = segments(numGroups, true);
      const views = Array.from({ length: numGroups }, (_, g) =>
        medianBuffer(grouped.subarray(offsets[g]!, offsets[g + 1]!)),
      );
      return [vectorFromValues(bufferType, views)];
    },
    evaluate(numGroups) {
      // The two middle values are selected, not sorted for (10^4 groups of 10^3 values: a sort each
      // was most of H2O q6's final stage).
      const { grouped, offsets } = segments(numGroups, false);
      const out: Value[] = [];
      for (let g = 0; g < numGroups; g++) {
        const from = offsets[g]!;
        const n = offsets[g + 1]! - from;
        if (n === 0) {
          out.push(null);
          continue;
        }
        const pos = 0.5 * (n - 1);
        const lo = Math.floor(pos);
        const lv = selectKth(grouped, from, from + n, from + lo);
        if (lo === pos) {
          out.push(lv);
          continue;
        }
        // The next value up is the least of those the selection left above the lower one.
        let hv = grouped[from + lo + 1]!;
        for (let i = from + lo + 2; i < from + n; i++) if (doubleBefore(grouped[i]!, hv)) hv = grouped[i]!;
        const hi = lo + 1;
        out.push((hi - pos) * lv + (pos - lo) * hv);
      }
      return vectorFromValues(resultType, out);
    },
    get byteSize() {
      // Four bytes of group id and eight of value per value (merged views: their values only).
      return 12 * count;
    },
  };
}

/** median: the typed state over doubles (not DISTINCT), else the row state. */
function medianImpl(): AggregateImpl {
  const rows = percentileImpl('median');
  return {
    createState(expr, ctx) {
      const arg = expr.args[0] as { dataType?: DataType } | undefined;
      if (expr.distinct || arg?.dataType?.kind !== 'double' || expr.options?.['reverse'] === true)
        return rows.createState(expr, ctx);
      return typedMedianState(aggregateBufferTypes(expr)[0]!, expr.dataType);
    },
  };
}

// ---------------------------------------------------------------- max_by / min_by

/** max_by/min_by with k: keeps the k best (x, ord) pairs, result ordered best first. */
function byAggK(sign: 1 | -1): AggregateImpl {
  return rowAggregateImpl<{ xs: Value[]; ords: Value[] }>((expr) => {
    const k = Number(expr.args[2]?.kind === 'Literal' ? expr.args[2].value : 1) || 1;
    // Insert keeping ords sorted best first; equal ords keep arrival order.
    const add = (s: { xs: Value[]; ords: Value[] }, x: Value, ord: Value): void => {
      if (ord === null) return;
      let i = s.ords.length;
      while (i > 0 && compareValues(ord, s.ords[i - 1]!) * sign > 0) i--;
      if (i >= k) return;
      s.xs.splice(i, 0, x);
      s.ords.splice(i, 0, ord);
      if (s.ords.length > k) {
        s.xs.pop();
        s.ords.pop();
      }
    };
    return {
      bufferTypes: aggregateBufferTypes(expr),
      skipNulls: 'none',
      init: () => ({ xs: [], ords: [] }),
      update(s, args) {
        add(s, args[0] ?? null, args[1] ?? null);
        return s;
      },
      merge(s, b) {
        const xs = (b[0] as readonly Value[] | null) ?? [];
        const ords = (b[1] as readonly Value[] | null) ?? [];
        for (let i = 0; i < ords.length; i++) add(s, xs[i] ?? null, ords[i] ?? null);
        return s;
      },
      toBuffer: (s) => [s.xs, s.ords],
      result: (s) => (s.ords.length === 0 ? null : s.xs),
    };
  });
}

function byAgg(sign: 1 | -1): AggregateImpl {
  const withK = byAggK(sign);
  const single = byAgg1(sign);
  return {
    createState: (expr, ctx) =>
      expr.args.length === 3 ? withK.createState(expr, ctx) : single.createState(expr, ctx),
  };
}

function byAgg1(sign: 1 | -1): AggregateImpl {
  return rowAggregateImpl<{ x: Value; ord: Value; set: boolean }>((expr) => ({
    bufferTypes: aggregateBufferTypes(expr),
    skipNulls: 'none',
    init: () => ({ x: null, ord: null, set: false }),
    update(s, args) {
      const ord = args[1] ?? null;
      if (ord === null) return s;
      if (!s.set || compareValues(ord, s.ord) * sign > 0) {
        s.x = args[0] ?? null;
        s.ord = ord;
        s.set = true;
      }
      return s;
    },
    merge(s, b) {
      const ord = b[1] ?? null;
      if (ord === null) return s;
      if (!s.set || compareValues(ord, s.ord) * sign > 0) {
        s.x = b[0] ?? null;
        s.ord = ord;
        s.set = true;
      }
      return s;
    },
    toBuffer: (s) => [s.x, s.ord],
    result: (s) => s.x,
  }));
}

// ---------------------------------------------------------------- listagg

const listagg = rowAggregateImpl<{ rows: Value[][]; sep: Value }>((expr) => {
  const dirs = ((expr.options?.['orderWithin'] as readonly string[] | undefined) ?? []).map((d) =>
    d.split(':'),
  );
  const isBinary = expr.dataType.kind === 'binary';
  const cmp = (a: readonly Value[], b: readonly Value[]): number => {
    for (let k = 0; k < dirs.length; k++) {
      const [dir, nulls] = dirs[k]!;
      const x = a[k + 2] ?? null;
      const y = b[k + 2] ?? null;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === (nulls === 'NullsFirst') ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c !== 0) return dir === 'Descending' ? -c : c;
    }
    return 0;
  };
  return {
    bufferTypes: aggregateBufferTypes(expr),
    init: () => ({ rows: [], sep: null }),
    update(s, args) {
      s.sep = args[1] ?? null;
      s.rows.push([...args]);
      return s;
    },
    merge(s, b) {
      for (const r of (b[0] as readonly Value[][] | null) ?? []) {
        s.rows.push([...r]);
        s.sep = r[1] ?? null;
      }
      return s;
    },
    toBuffer: (s) => [s.rows],
    result(s) {
      if (s.rows.length === 0) return null;
      const rows = dirs.length > 0 ? [...s.rows].sort(cmp) : s.rows;
      if (!isBinary) return rows.map((r) => String(r[0])).join(s.sep === null ? '' : String(s.sep));
      const sep = (s.sep as Uint8Array | null) ?? new Uint8Array(0);
      const parts: Uint8Array[] = [];
      rows.forEach((r, i) => {
        if (i > 0) parts.push(sep);
        parts.push(r[0] as Uint8Array);
      });
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    },
  };
});

export const collectAggregates: Record<string, AggregateImpl> = {
  collect_list: listAgg(false),
  collect_set: listAgg(true),
  approx_count_distinct: approxCountDistinct,
  mode,
  median: medianImpl(),
  percentile: percentileImpl('percentile'),
  percentile_cont: percentileImpl('cont'),
  percentile_disc: percentileImpl('disc'),
  percentile_approx: percentileImpl('approx'),
  max_by: byAgg(1),
  min_by: byAgg(-1),
  listagg,
};
