// The Partial WindowGroupLimit of row_number over rows in any order: each window partition's first
// `limit` rows by the order keys, kept per group of a hash table as the rows stream past. The sorted
// form sorts all of a map task's rows to keep a few per group (H2O q8: 5M rows a task, two kept per
// group, the sort most of the query). The rows come out in no particular order: the Final limit,
// after the shuffle, sorts. Ties keep the earlier row, as a stable sort would.

import { InternalError, type Batch, type DataType, type Vector } from '@flint/common';
import { windowPartitionOrder, type AttributeRef, type PhysicalPlan, type SortOrder } from '@flint/planner';
import { compareDouble } from '../eval/compare.js';
import { rowComparator } from '../eval/comparison.js';
import { gatherBatch, type Store } from '../eval/vectors.js';
import { batchBytes } from '../cluster/task-metrics.js';
import { grown } from '../functions/aggregate-typed.js';
import { storeKindOf } from '../hash/key-store.js';
import { createKeyTable, type KeyTable } from '../hash/key-table.js';
import { rowsWhere } from './join-core.js';
import { compileOrder } from './sort-util.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'WindowGroupLimitExec' }>;

/**
 * Held batches are compacted once they hold this many bytes and eight times the rows slots point at:
 * each compaction renumbers every slot, at a cache miss each once there are many groups (H2O q8's map
 * tasks, 5M rows of 12 bytes, compacted three times each at a fixed 2M rows: a fifth of their time).
 */
const COMPACT_MIN_BYTES = 64 * 2 ** 20;

/**
 * One order key's values in the groups' slots (slot = group * limit + rank - 1), compared with the
 * rows of the batch last loaded. Direction and NULL placement are folded into `compare`.
 */
interface OrderSlots {
  load(v: Vector): void;
  /** Negative when row i of the loaded batch comes before slot s's row, 0 on a tie. */
  compare(i: number, s: number): number;
  store(i: number, s: number): void;
  move(from: number, to: number): void;
  /** Makes room for this many slots. */
  reserve(slots: number): void;
  /**
   * The loaded rows' values as doubles in the key's direction (`sign * value`), NaN for NULL and NaN
   * rows; null for keys not numeric. Rounding to doubles keeps their order, ties aside.
   */
  ranks(): Float64Array | null;
  /**
   * For keys whose ranks order rows exactly as `compare` does (ints and doubles; a long's rounding may
   * tie two values): the array that holds each slot's rank, NaN for NULL and NaN values. A caller may
   * move ranks in it and store a row's rank there as `store` would, for slots and rows not NULL.
   */
  slotRanks(): Float64Array | null;
  /** Slot s's value as `ranks` gives it; Infinity when it has none (a row of a higher rank follows it). */
  rankOf(s: number): number;
}

const TWO32 = 4294967296;

const float = new Float32Array(1);
const floatBits = new Int32Array(float.buffer);

/** The least float not below x (NaN stays NaN). */
export function floatAtLeast(x: number): number {
  float[0] = x;
  const f = float[0]!;
  if (!(f < x)) return f;
  // Rounded down: the next float up (toward +Infinity) is the bits plus one above 0, minus one below.
  if (f === 0) floatBits[0] = 1;
  else floatBits[0] = f > 0 ? floatBits[0]! + 1 : floatBits[0]! - 1;
  return float[0]!;
}

/** The rows' numbers times `sign`. (A function of its own: docs/architecture.md on row loops.) */
function signedRanks(row: ArrayLike<number>, sign: number): Float64Array {
  const out = new Float64Array(row.length);
  for (let i = 0; i < out.length; i++) out[i] = sign * row[i]!;
  return out;
}

/** Whether a[from..to) holds no NaN. */
function allRanked(a: Float64Array, from: number, to: number): boolean {
  for (let s = from; s < to; s++) if (a[s] !== a[s]) return false;
  return true;
}

/**
 * The rows 0..n-1 whose rank is not past their group's threshold (NaN ranks included) into `out`,
 * without a branch a row (most rows of a large input stop here); returns how many.
 */
function rowsWithinThresholds(
  ids: Int32Array,
  ranks: Float64Array,
  thresholds: Float32Array,
  n: number,
  out: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    out[k] = i;
    k += +!(ranks[i]! > thresholds[ids[i]!]!);
  }
  return k;
}

function withNaNNulls(ranks: Float64Array, nulls: Uint8Array | null): Float64Array {
  if (nulls !== null) for (let i = 0; i < ranks.length; i++) if (nulls[i] === 1) ranks[i] = NaN;
  return ranks;
}

function orderSlots(type: DataType, o: SortOrder): OrderSlots {
  // The storage classes of KeyTable's columns: numbers, 64-bit integers (two words), anything else.
  const kind = storeKindOf(type);
  const sign = o.direction === 'Descending' ? -1 : 1;
  // Where a NULL row goes relative to a non-NULL one (direction does not move NULLs).
  const nullSide = o.nullOrdering === 'NullsFirst' ? -1 : 1;
  let slotNulls = new Uint8Array(64);
  let rowNulls: Uint8Array | null = null;
  /** The comparison when row i or slot s is NULL; undefined when neither is. */
  const nullCompare = (i: number, s: number): number | undefined => {
    const ni = rowNulls !== null && rowNulls[i] === 1;
    const ns = slotNulls[s] === 1;
    if (!ni && !ns) return undefined;
    return ni && ns ? 0 : ni ? nullSide : -nullSide;
  };
  const common = {
    storeNull(i: number, s: number): void {
      slotNulls[s] = rowNulls !== null && rowNulls[i] === 1 ? 1 : 0;
    },
    reserveNulls(n: number): void {
      slotNulls = grown(slotNulls, n, (m) => new Uint8Array(m));
    },
  };
  if (kind === 'int' || kind === 'double') {
    // The slots hold ranks (sign * value, NaN for NULL): compared with a row's in the key's direction.
    let slots = new Float64Array(64);
    let row: ArrayLike<number> = slots;
    return {
      load(v) {
        row = v.values as ArrayLike<number>;
        rowNulls = v.nulls;
      },
      ranks: () => withNaNNulls(signedRanks(row, sign), rowNulls),
      slotRanks: () => slots,
      rankOf(s) {
        const x = slots[s]!;
        return x !== x ? Infinity : x;
      },
      compare(i, s) {
        const n = nullCompare(i, s);
        if (n !== undefined) return n;
        const x = sign * row[i]!;
        const y = slots[s]!;
        if (x < y) return -1;
        if (x > y) return 1;
        // NaN values (NaN ranks) come after every other value.
        return x === y ? 0 : sign * compareDouble(x, y);
      },
      store(i, s) {
        slots[s] = rowNulls !== null && rowNulls[i] === 1 ? NaN : sign * row[i]!;
        common.storeNull(i, s);
      },
      move(from, to) {
        slots[to] = slots[from]!;
        slotNulls[to] = slotNulls[from]!;
      },
      reserve(n) {
        slots = grown(slots, n, (m) => new Float64Array(m));
        common.reserveNulls(n);
      },
    };
  }
  if (kind === 'long') {
    // Two 32-bit words a value: the high one signed, the low one unsigned.
    let slots = new Int32Array(128);
    let row: Int32Array<ArrayBufferLike> = new Int32Array(0);
    return {
      load(v) {
        const xs =
          v.values instanceof BigInt64Array ? v.values : BigInt64Array.from(v.values as ArrayLike<bigint>);
        row = new Int32Array(xs.buffer, xs.byteOffset, 2 * v.length);
        rowNulls = v.nulls;
      },
      ranks() {
        const out = new Float64Array(row.length >> 1);
        // One rounding of the exact value: monotonic.
        for (let i = 0; i < out.length; i++) out[i] = sign * (row[2 * i + 1]! * TWO32 + (row[2 * i]! >>> 0));
        return withNaNNulls(out, rowNulls);
      },
      slotRanks: () => null,
      rankOf(s) {
        return slotNulls[s] === 1 ? Infinity : sign * (slots[2 * s + 1]! * TWO32 + (slots[2 * s]! >>> 0));
      },
      compare(i, s) {
        const n = nullCompare(i, s);
        if (n !== undefined) return n;
        const xh = row[2 * i + 1]!;
        const yh = slots[2 * s + 1]!;
        if (xh !== yh) return xh < yh ? -sign : sign;
        const xl = row[2 * i]! >>> 0;
        const yl = slots[2 * s]! >>> 0;
        return xl === yl ? 0 : xl < yl ? -sign : sign;
      },
      store(i, s) {
        slots[2 * s] = row[2 * i]!;
        slots[2 * s + 1] = row[2 * i + 1]!;
        common.storeNull(i, s);
      },
      move(from, to) {
        slots[2 * to] = slots[2 * from]!;
        slots[2 * to + 1] = slots[2 * from + 1]!;
        slotNulls[to] = slotNulls[from]!;
      },
      reserve(n) {
        slots = grown(slots, 2 * n, (m) => new Int32Array(m));
        common.reserveNulls(n);
      },
    };
  }
  // Any other type: a slot holds its row's values and position, compared as Spark orders the type.
  let compareValues: ((x: Store, i: number, y: Store, j: number) => number) | null = null;
  const slotValues: Store[] = [];
  let slotRows = new Int32Array(64);
  let row: Store = [];
  return {
    load(v) {
      compareValues ??= rowComparator(v.type, v.type);
      row = v.values as unknown as Store;
      rowNulls = v.nulls;
    },
    ranks: () => null,
    slotRanks: () => null,
    rankOf: () => Infinity,
    compare(i, s) {
      const n = nullCompare(i, s);
      if (n !== undefined) return n;
      return sign * compareValues!(row, i, slotValues[s]!, slotRows[s]!);
    },
    store(i, s) {
      slotValues[s] = row;
      slotRows[s] = i;
      common.storeNull(i, s);
    },
    move(from, to) {
      slotValues[to] = slotValues[from]!;
      slotRows[to] = slotRows[from]!;
      slotNulls[to] = slotNulls[from]!;
    },
    reserve(n) {
      slotRows = grown(slotRows, n, (m) => new Int32Array(m));
      common.reserveNulls(n);
    },
  };
}

/** A batch some slot still points into; `live` counts those slots. */
interface Held {
  batch: Batch;
  live: number;
}

export async function* groupTopRows(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
  compactMinRows?: number,
): AsyncIterable<Batch> {
  if (node.mode !== 'Partial' || node.rankLikeFunction !== 'row_number') {
    throw new InternalError(
      `groupTopRows takes a Partial row_number limit, not ${node.mode} ${node.rankLikeFunction}`,
    );
  }
  const partitionKeys = compileOrder(windowPartitionOrder(node.partitionSpec), childOutput, tc.eval).evals;
  const orderKeys = compileOrder(node.orderSpec, childOutput, tc.eval).evals;
  const k = node.limit;
  let table: KeyTable | null = null;
  let ids = new Int32Array(0);
  let keys: OrderSlots[] | null = null;
  // Per group its number of kept rows; per slot the held batch and row it stands for.
  let counts = new Int32Array(64);
  // Per group, the first key's rank (see OrderSlots.ranks) past which a row cannot enter: Infinity
  // until the group is full. Most rows of a large input stop at this test, whose cost is the read of
  // a random group's threshold: kept as floats rounded up (400 KB for H2O q8's 10^5 groups, half of
  // what doubles take), the map stage of q8 took about two thirds of the time it took with doubles.
  let thresholds = new Float32Array(0);
  let slotHeld = new Int32Array(64);
  let slotRows = new Int32Array(64);
  /** keepRankedRows' rows of a batch that may enter their groups. */
  let candidates = new Int32Array(0);
  const held: (Held | null)[] = [];
  let heldRows = 0;
  let liveRows = 0;

  // The batch being read: its entry stays held while its rows are read, whatever its count.
  let current = -1;
  const release = (h: number): void => {
    const e = held[h]!;
    if (--e.live === 0 && h !== current) {
      heldRows -= e.batch.numRows;
      held[h] = null;
    }
  };

  /** Each held batch's rows that slots point at, in row order; `live` rows in all. */
  const liveRowsOf = (): (Int32Array | null)[] => {
    const marks = held.map((e) => (e === null ? null : new Uint8Array(e.batch.numRows)));
    const groups = table === null ? 0 : table.size;
    for (let g = 0; g < groups; g++) {
      for (let s = g * k; s < g * k + counts[g]!; s++) marks[slotHeld[s]!]![slotRows[s]!] = 1;
    }
    return marks.map((m) => (m === null ? null : rowsWhere(m, 1, m.length)));
  };

  /** Keeps only the rows slots point at of each held batch that is mostly dropped rows. */
  const compact = (): void => {
    const rows = liveRowsOf();
    const renumber: (Int32Array | null)[] = held.map((e, h) => {
      const live = rows[h];
      if (e === null || live === null || live === undefined || 2 * live.length > e.batch.numRows) return null;
      const to = new Int32Array(e.batch.numRows);
      for (let j = 0; j < live.length; j++) to[live[j]!] = j;
      heldRows -= e.batch.numRows - live.length;
      e.batch = gatherBatch(e.batch, live);
      return to;
    });
    const groups = table === null ? 0 : table.size;
    for (let g = 0; g < groups; g++) {
      for (let s = g * k; s < g * k + counts[g]!; s++) {
        const to = renumber[slotHeld[s]!];
        if (to !== null && to !== undefined) slotRows[s] = to[slotRows[s]!]!;
      }
    }
  };

  /**
   * Offers rows from..n-1 of the batch loaded into `ks` (held as number h) to their groups' slots. (A
   * function of its own: as a loop in the body of this async generator it ran unoptimised, H2O q8's
   * map tasks inserting at about 400 ns a row.)
   */
  const keepRows = (
    from: number,
    n: number,
    compare: (i: number, s: number) => number,
    ks: readonly OrderSlots[],
    ranks: Float64Array | null,
    h: number,
    entry: Held,
  ): void => {
    const first = ks[0];
    for (let i = from; i < n; i++) {
      const g = ids[i]!;
      if (ranks !== null && ranks[i]! > thresholds[g]!) continue;
      const base = g * k;
      const count = counts[g]!;
      // A full group keeps the row only when it comes strictly before the group's last kept row.
      if (count === k && compare(i, base + k - 1) >= 0) continue;
      let p = count === k ? k - 1 : count;
      if (count === k) release(slotHeld[base + p]!);
      else {
        counts[g] = count + 1;
        liveRows++;
      }
      for (; p > 0 && compare(i, base + p - 1) < 0; p--) {
        const from = base + p - 1;
        for (const key of ks) key.move(from, from + 1);
        moveSlot(from);
      }
      for (const key of ks) key.store(i, base + p);
      storeSlot(i, base + p, h, entry);
      if (counts[g] === k) thresholds[g] = floatAtLeast(first!.rankOf(base + k - 1));
    }
  };

  /** Slot `from`'s row moved up one slot, to from + 1 (its key values are the caller's to move). */
  const moveSlot = (from: number): void => {
    slotHeld[from + 1] = slotHeld[from]!;
    slotRows[from + 1] = slotRows[from]!;
  };

  /** Row i of held batch h (`entry`) into slot s (its key values are the caller's to store). */
  const storeSlot = (i: number, s: number, h: number, entry: Held): void => {
    slotHeld[s] = h;
    slotRows[s] = i;
    entry.live++;
  };

  /**
   * keepRows for one order key with exact ranks: rows are compared by rank, as the key compares them,
   * except rows without one (NULL, NaN) and rows of groups holding a row without one, which go
   * through keepRows. H2O q8's map tasks offer 5M rows to 10^5 groups; most stop at their group's
   * threshold, tested first for all rows without a branch (keepRows alone took about 30 ns a row).
   */
  const keepRankedRows = (
    n: number,
    compare: (i: number, s: number) => number,
    key: OrderSlots,
    ranks: Float64Array,
    slotRanks: Float64Array,
    h: number,
    entry: Held,
  ): void => {
    const ks = [key];
    if (candidates.length < n) candidates = new Int32Array(n);
    const rows = candidates;
    const numRows = rowsWithinThresholds(ids, ranks, thresholds, n, rows);
    for (let c = 0; c < numRows; c++) {
      const i = rows[c]!;
      const g = ids[i]!;
      const r = ranks[i]!;
      // (The threshold may have moved since: rows of this batch entered the group.)
      if (r > thresholds[g]!) continue;
      const base = g * k;
      const count = counts[g]!;
      if (r !== r || !allRanked(slotRanks, base, base + count)) {
        keepRows(i, i + 1, compare, ks, ranks, h, entry);
        continue;
      }
      let p = count;
      if (count === k) {
        if (!(r < slotRanks[base + k - 1]!)) continue;
        release(slotHeld[base + k - 1]!);
        p = k - 1;
      } else {
        counts[g] = count + 1;
        liveRows++;
      }
      // (No slot of the group, nor this row, is NULL: their ranks are all the key holds.)
      for (; p > 0 && r < slotRanks[base + p - 1]!; p--) {
        slotRanks[base + p] = slotRanks[base + p - 1]!;
        moveSlot(base + p - 1);
      }
      slotRanks[base + p] = r;
      storeSlot(i, base + p, h, entry);
      if (counts[g] === k) thresholds[g] = floatAtLeast(slotRanks[base + k - 1]!);
    }
  };

  for await (const b of input) {
    const n = b.numRows;
    if (n === 0) continue;
    const partition = partitionKeys.map((f) => f(b));
    const order = orderKeys.map((f) => f(b));
    table ??= createKeyTable(partition.map((v) => v.type));
    keys ??= order.map((v, c) => orderSlots(v.type, node.orderSpec[c]!));
    if (ids.length < n) ids = new Int32Array(n);
    if (partition.length > 0) table.insert(partition, n, ids);
    else ids.fill(0, 0, n);
    const groups = Math.max(table.size, 1);
    counts = grown(counts, groups, (m) => new Int32Array(m));
    if (thresholds.length < groups) {
      const t = new Float32Array(Math.max(groups, 2 * thresholds.length)).fill(Infinity);
      t.set(thresholds);
      thresholds = t;
    }
    slotHeld = grown(slotHeld, groups * k, (m) => new Int32Array(m));
    slotRows = grown(slotRows, groups * k, (m) => new Int32Array(m));
    for (let c = 0; c < keys.length; c++) {
      keys[c]!.reserve(groups * k);
      keys[c]!.load(order[c]!);
    }
    const only = keys.length === 1 ? keys[0]! : null;
    const ks = keys;
    const compare =
      only !== null
        ? (i: number, s: number) => only.compare(i, s)
        : (i: number, s: number) => {
            for (const key of ks) {
              const c = key.compare(i, s);
              if (c !== 0) return c;
            }
            return 0;
          };
    const first = keys[0];
    const ranks = first === undefined ? null : first.ranks();
    const h = held.length;
    current = h;
    const entry: Held = { batch: b, live: 0 };
    held.push(entry);
    heldRows += n;
    const slotRanks = only?.slotRanks() ?? null;
    if (slotRanks !== null && ranks !== null) keepRankedRows(n, compare, only!, ranks, slotRanks, h, entry);
    else keepRows(0, n, compare, ks, ranks, h, entry);
    if (entry.live === 0) {
      held[h] = null;
      heldRows -= n;
    } else tc.memory?.acquire(batchBytes(b));
    // The rows that make COMPACT_MIN_BYTES, at the first batch's bytes a row.
    compactMinRows ??= Math.floor(COMPACT_MIN_BYTES / Math.max(1, batchBytes(b) / n));
    if (heldRows > compactMinRows && heldRows > 8 * liveRows) compact();
  }
  const rows = liveRowsOf();
  for (let h = 0; h < held.length; h++) {
    const e = held[h];
    const live = rows[h];
    if (e === null || e === undefined || live === null || live === undefined) continue;
    yield live.length === e.batch.numRows ? e.batch : gatherBatch(e.batch, live);
  }
}
