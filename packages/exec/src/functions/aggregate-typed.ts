// Typed-array states for the common aggregates (count, sum, avg, min, max over numbers, longs and
// small decimals): update and merge loop over the raw column arrays, no row values are built.
// Exact integer sums run in doubles while |sum| <= 2^53 and move a group to BigInt beyond that.

import { allocValues, FlintError, type DataType, type Vector } from '@flint/common';
import { int32View, writeLongHalves, type Store } from '../eval/vectors.js';
import type { AggregateState, SumAndCountTarget } from './kernel.js';

const TWO31 = 2147483648;
const TWO32 = 4294967296;
const TWO52 = 2 ** 52;
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

/** How a column's values are read: plain numbers, 64-bit halves, or bigint objects. */
export type NumericLayout = 'number' | 'long' | 'bigint';

/**
 * The layout a vector's values are actually in: a wide decimal (declared 'bigint') computed by the
 * exact-double kernels is held in a BigInt64Array, read through 32-bit words like a long; reading it
 * as bigints would make a BigInt per row (TPC-H Q1's sum of decimal(38,6) charges).
 */
function storedLayout(declared: NumericLayout, v: Vector): NumericLayout {
  return declared === 'bigint' && v.values instanceof BigInt64Array ? 'long' : declared;
}

export function numericLayoutOf(t: DataType): NumericLayout | null {
  switch (t.kind) {
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
    case 'float':
    case 'double':
      return 'number';
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      return 'long';
    case 'decimal':
      return t.precision <= 18 ? 'long' : 'bigint';
    default:
      return null;
  }
}

function view32(v: Vector): Int32Array {
  return int32View(v.values as BigInt64Array);
}

/** One past the largest group id in groupIds[0..n), or `known` (a bound the caller has: its table size). */
export function groupsIn(groupIds: Int32Array, n: number, known: number | undefined): number {
  if (known !== undefined) return known;
  let m = -1;
  for (let i = 0; i < n; i++) if (groupIds[i]! > m) m = groupIds[i]!;
  return m + 1;
}

export function grown<A extends Float64Array | Uint8Array | Int32Array>(
  a: A,
  need: number,
  make: (n: number) => A,
): A {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

// ---------------------------------------------------------------- count

function countOnes(mask: Uint8Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) k += mask[i] === 1 ? 1 : 0;
  return k;
}

/** count(args): rows (past the FILTER mask) where no argument is NULL. */
export function typedCountState(): AggregateState {
  let counts = new Float64Array(16);
  const ensure = (n: number): void => {
    counts = grown(counts, n, (k) => new Float64Array(k));
  };
  const st: AggregateState = {
    update(groupIds, args, numRows, mask, numGroups) {
      ensure(groupsIn(groupIds, numRows, numGroups));
      const counts_ = counts;
      let anyNulls = false;
      for (const a of args) if (a.type.kind === 'null') return;
      for (const a of args) if (a.nulls !== null) anyNulls = true;
      if (!anyNulls && numGroups === 1) {
        // One group (a global aggregate): a count of the rows, not an add a row into one cell, each
        // waiting on the last (count(*) over cached lineitem: 2.7 ns a row).
        counts_[0]! += mask === null ? numRows : countOnes(mask, numRows);
        return;
      }
      if (!anyNulls) {
        for (let i = 0; i < numRows; i++) if (mask === null || mask[i] === 1) counts_[groupIds[i]!]! += 1;
        return;
      }
      for (let i = 0; i < numRows; i++) {
        if (mask !== null && mask[i] === 0) continue;
        let skip = false;
        for (let c = 0; c < args.length; c++) {
          const nl = args[c]!.nulls;
          if (nl !== null && nl[i] === 1) skip = true;
        }
        if (!skip) counts_[groupIds[i]!]! += 1;
      }
    },
    merge(groupIds, buffers, numRows, numGroups) {
      ensure(groupsIn(groupIds, numRows, numGroups));
      const b = buffers[0]!;
      const w = view32(b);
      const nl = b.nulls;
      for (let i = 0; i < numRows; i++) {
        if (nl !== null && nl[i] === 1) continue;
        counts[groupIds[i]!]! += w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
      }
    },
    buffers: (numGroups) => [st.evaluate(numGroups)],
    evaluate(numGroups) {
      ensure(numGroups);
      const values = new BigInt64Array(numGroups);
      const w = new Int32Array(values.buffer);
      for (let g = 0; g < numGroups; g++) writeLongHalves(w, g, counts[g]!);
      return { type: { kind: 'long' }, length: numGroups, values, nulls: null };
    },
    get byteSize() {
      return counts.byteLength;
    },
  };
  return st;
}

// ---------------------------------------------------------------- exact integer sums

/** Per-group exact sums of integers (longs, unscaled decimals) with Spark's overflow rules. */
interface ExactSums {
  ensure(n: number): void;
  /** Adds rows of a vector of the given layout (NULL rows and masked rows skipped). */
  add(groupIds: Int32Array, v: Vector, layout: NumericLayout, numRows: number, mask: Uint8Array | null): void;
  /** 1 where the group saw a value. */
  has(g: number): boolean;
  /** The group's sum, null when it saw no value or overflowed (non-ANSI decimal). */
  value(g: number): bigint | null;
  /**
   * Writes groups 0..numGroups-1 as 64-bit integers into `w` (two words a group) and flags those
   * without a value in `nulls`; returns how many those were, or -1 (leaving `w` partly written) when
   * some group's sum is held in BigInt or needs more than 64 bits.
   */
  intoWords(numGroups: number, w: Int32Array, nulls: Uint8Array): number;
  readonly byteSize: number;
}

// Chunked sums (addLongChunks): rows per chunk (2^12, so a chunk of values below 2^40 sums below
// 2^52) and the most groups, whose chunk sums are cleared and folded in at every chunk.
const CHUNK_ROWS = 4096;
/** Rows of ints below 2^31 summed per group before a fold: their sums stay below 2^52. */
const PENDING_ROWS_MAX = 2 ** 21;
const CHUNK_GROUPS_MAX = 64;
/** Partial sums per group (addLongChunks, sumAndCountInts), rows dealt to them in turn (their loops are written for 4). */
const BANKS = 4;

class ExactSumsTable implements ExactSums {
  // A limit beyond 2^53 is checked only when a carry reaches `highLimit` (then exactly, in BigInt);
  // a smaller one on every row, against `threshold`.
  private readonly wide: boolean;
  private readonly threshold: number;
  // While |high| < highLimit, |high * 2^32 + low| < highLimit * 2^32 + 2^52 stays within the limit.
  private readonly highLimit: number;
  // A group whose high part is within this of highLimit at a chunk's start cannot reach highLimit
  // during the chunk (the chunk moves its sum by less than 2^52), so no row of it would have gone exact.
  private readonly chunkHighLimit: number;
  private low: Float64Array = new Float64Array(16);
  private high: Float64Array = new Float64Array(16);
  private hasValue: Uint8Array = new Uint8Array(16);
  private exact: Uint8Array = new Uint8Array(16);
  private failed: Uint8Array = new Uint8Array(16);
  private readonly big: bigint[] = [];
  // Group ids are below `groups` (the largest count given to ensure); while every one of them has a
  // value, whole chunks of rows are added without marking their groups.
  private groups = 0;
  private everyGroupHas = false;
  private chunkSums: Float64Array = new Float64Array(0);
  // Small ints (|x| < 2^31) of batches without NULLs or a mask are first summed per group in
  // `pending`, with no test, for up to 2^21 rows (sums below 2^52, exact), then folded into the
  // sums. A group's pending sum is -0 until a row adds to it (-0 + x is never -0 for an integer x),
  // so that it tells whether the group saw a row. Row by row, a sum over 10^5 groups (H2O q5) paid a
  // cache miss on each of its per-group arrays (sum, flags) a row; this is one.
  private pending: Float64Array = new Float64Array(0);
  private pendingRows = 0;

  constructor(
    private readonly limit: bigint | null,
    private readonly ansi: boolean,
    private readonly error: () => FlintError,
  ) {
    this.wide = limit === null || limit > BigInt(TWO52) * 2n;
    this.threshold = this.wide ? TWO52 : Number(limit! - 1n);
    this.highLimit =
      limit === null
        ? 2 ** 30
        : this.wide
          ? Math.min(TWO52, Number((limit - BigInt(TWO52)) / BigInt(TWO32)) - 1)
          : 0;
    this.chunkHighLimit = this.highLimit - 2 ** 21;
  }

  private current(g: number): bigint {
    return this.exact[g] === 1 ? this.big[g]! : BigInt(this.high[g]!) * BigInt(TWO32) + BigInt(this.low[g]!);
  }

  private foldPending(): void {
    if (this.pendingRows === 0) return;
    const p = this.pending;
    for (let g = 0; g < this.groups; g++) {
      const x = p[g]!;
      if (x === 0 && 1 / x < 0) continue;
      this.hasValue[g] = 1;
      if (x === 0) continue;
      if (this.exact[g] === 1) this.slowAdd(g, BigInt(x));
      else {
        const r = this.low[g]! + x;
        if (r > this.threshold || r < -this.threshold) this.carry(g, x);
        else this.low[g] = r;
      }
    }
    p.fill(-0, 0, this.groups);
    this.pendingRows = 0;
  }

  /** Adds rows of small ints, no NULLs or mask, to `pending`; false when the batch is too long. */
  private addPending(
    groupIds: Int32Array,
    vals: Int32Array | Int16Array | Int8Array,
    numRows: number,
  ): boolean {
    if (numRows > PENDING_ROWS_MAX) return false;
    if (this.pendingRows + numRows > PENDING_ROWS_MAX) this.foldPending();
    addRowsToGroups(this.pending, groupIds, vals, numRows);
    this.pendingRows += numRows;
    return true;
  }

  /** Adds x exactly in BigInt, with the limit's overflow rule; the group stays in BigInt. */
  private slowAdd(g: number, x: bigint): void {
    if (this.failed[g] === 1) return;
    let r = this.current(g) + x;
    this.exact[g] = 1;
    this.low[g] = 0;
    this.high[g] = 0;
    if (this.limit === null) {
      if (r < LONG_MIN || r > LONG_MAX) {
        if (this.ansi) throw this.error();
        r = BigInt.asIntN(64, r);
      }
    } else if (r >= this.limit || r <= -this.limit) {
      if (this.ansi) throw this.error();
      this.failed[g] = 1;
    }
    this.big[g] = r;
  }

  /** low + x left ±threshold (x exact, below 2^52): carry, or go exact when the limit is near. */
  private carry(g: number, x: number): void {
    if (!this.wide) {
      this.slowAdd(g, BigInt(x));
      return;
    }
    const f = this.low[g]!;
    const cf = Math.floor(f / TWO32);
    const cx = Math.floor(x / TWO32);
    const h = this.high[g]! + cf + cx;
    this.low[g] = f - cf * TWO32 + (x - cx * TWO32);
    this.high[g] = h;
    if (h >= this.highLimit || h <= -this.highLimit) this.slowAdd(g, 0n);
  }

  /** Rows from..to-1 of 64-bit words `w` (values `vals`), one at a time. */
  private addLongRows(
    groupIds: Int32Array,
    w: Int32Array,
    vals: BigInt64Array,
    from: number,
    to: number,
    mask: Uint8Array | null,
    nulls: Uint8Array | null,
  ): void {
    // Locals, not the fields: the loops then keep them in registers (they call slowAdd and carry,
    // after which optimized code would load the fields again; those only write into the arrays).
    const low_ = this.low;
    const has_ = this.hasValue;
    const exact_ = this.exact;
    for (let i = from; i < to; i++) {
      if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
      const g = groupIds[i]!;
      has_[g] = 1;
      const hi = w[2 * i + 1]!;
      // |x| < 2^52 exactly when the high word is within ±2^20.
      if (exact_[g] === 1 || hi >= 0x100000 || hi < -0x100000) {
        this.slowAdd(g, vals[i]!);
        continue;
      }
      const x = hi * TWO32 + (w[2 * i]! >>> 0);
      const r = low_[g]! + x;
      if (r > this.threshold || r < -this.threshold) this.carry(g, x);
      else low_[g] = r;
    }
  }

  /**
   * Rows without NULLs or a mask, into few groups, CHUNK_ROWS at a time: each chunk is summed per
   * group in plain doubles (its values below 2^40 in magnitude, so those sums stay below 2^52 and
   * exact), then each group's chunk sum is added as one value. TPC-H Q1's seven sums ran at half the
   * speed row by row, each add carrying its checks and a store that the next row's add waits on.
   * Chunks with a larger value, or while a group is exact in BigInt or near highLimit, go row by row.
   */
  private addLongChunks(groupIds: Int32Array, w: Int32Array, vals: BigInt64Array, numRows: number): void {
    if (this.chunkSums.length < BANKS * this.groups) this.chunkSums = new Float64Array(BANKS * this.groups);
    const sums = this.chunkSums;
    const has_ = this.hasValue;
    let safe = this.groupsAreSafe();
    for (let from = 0; from < numRows; from += CHUNK_ROWS) {
      const to = Math.min(numRows, from + CHUNK_ROWS);
      if (!safe) {
        this.addLongRows(groupIds, w, vals, from, to, null, null);
        safe = this.groupsAreSafe();
        continue;
      }
      sums.fill(0, 0, BANKS * this.groups);
      // Nonzero when a high word is outside [-256, 256), that is |x| >= 2^40.
      let large = 0;
      if (this.everyGroupHas) {
        // Four rows at a time, each into a sum of its own per group (g * 4 + bank): with few groups,
        // rows in a row often share one, and each add then waited on the one before through memory.
        let i = from;
        for (; i + 3 < to; i += 4) {
          const h0 = w[2 * i + 1]!;
          const h1 = w[2 * i + 3]!;
          const h2 = w[2 * i + 5]!;
          const h3 = w[2 * i + 7]!;
          large |= ((h0 + 256) | (h1 + 256) | (h2 + 256) | (h3 + 256)) >>> 9;
          const g0 = BANKS * groupIds[i]!;
          const g1 = BANKS * groupIds[i + 1]! + 1;
          const g2 = BANKS * groupIds[i + 2]! + 2;
          const g3 = BANKS * groupIds[i + 3]! + 3;
          sums[g0] = sums[g0]! + h0 * TWO32 + (w[2 * i]! >>> 0);
          sums[g1] = sums[g1]! + h1 * TWO32 + (w[2 * i + 2]! >>> 0);
          sums[g2] = sums[g2]! + h2 * TWO32 + (w[2 * i + 4]! >>> 0);
          sums[g3] = sums[g3]! + h3 * TWO32 + (w[2 * i + 6]! >>> 0);
        }
        for (; i < to; i++) {
          const hi = w[2 * i + 1]!;
          large |= (hi + 256) >>> 9;
          const g = BANKS * groupIds[i]!;
          sums[g] = sums[g]! + hi * TWO32 + (w[2 * i]! >>> 0);
        }
      } else {
        for (let i = from; i < to; i++) {
          const g = groupIds[i]!;
          const hi = w[2 * i + 1]!;
          large |= (hi + 256) >>> 9;
          has_[g] = 1;
          sums[BANKS * g] = sums[BANKS * g]! + hi * TWO32 + (w[2 * i]! >>> 0);
        }
      }
      if (large !== 0) {
        this.addLongRows(groupIds, w, vals, from, to, null, null);
      } else {
        for (let g = 0; g < this.groups; g++) {
          // (Each bank's sum is exact below 2^52, as is the chunk's.)
          const x = sums[BANKS * g]! + sums[BANKS * g + 1]! + sums[BANKS * g + 2]! + sums[BANKS * g + 3]!;
          if (x === 0) continue;
          const r = this.low[g]! + x;
          if (r > this.threshold || r < -this.threshold) this.carry(g, x);
          else this.low[g] = r;
        }
      }
      safe = this.groupsAreSafe();
    }
    if (!this.everyGroupHas)
      this.everyGroupHas = this.hasValue.subarray(0, this.groups).every((h) => h === 1);
  }

  private groupsAreSafe(): boolean {
    for (let g = 0; g < this.groups; g++) {
      const h = this.high[g]!;
      if (this.exact[g] === 1 || h >= this.chunkHighLimit || h <= -this.chunkHighLimit) return false;
    }
    return true;
  }

  ensure(n: number): void {
    if (n > this.groups) {
      this.groups = n;
      this.everyGroupHas = false;
    }
    if (this.pending.length < n) {
      const p = new Float64Array(Math.max(n, 2 * this.pending.length)).fill(-0);
      p.set(this.pending);
      this.pending = p;
    }
    this.low = grown(this.low, n, (k) => new Float64Array(k));
    this.high = grown(this.high, n, (k) => new Float64Array(k));
    this.hasValue = grown(this.hasValue, n, (k) => new Uint8Array(k));
    this.exact = grown(this.exact, n, (k) => new Uint8Array(k));
    this.failed = grown(this.failed, n, (k) => new Uint8Array(k));
  }

  add(
    groupIds: Int32Array,
    v: Vector,
    declared: NumericLayout,
    numRows: number,
    mask: Uint8Array | null,
  ): void {
    const nulls = v.nulls;
    const layout = storedLayout(declared, v);
    // Locals, not the fields: the loops then keep them in registers (they call slowAdd and carry,
    // after which optimized code would load the fields again; those only write into the arrays).
    const low_ = this.low;
    const has_ = this.hasValue;
    const exact_ = this.exact;
    if (layout === 'number') {
      const vals = v.values as Float64Array;
      if (
        mask === null &&
        nulls === null &&
        this.wide &&
        (vals instanceof Int32Array || vals instanceof Int16Array || vals instanceof Int8Array) &&
        this.addPending(groupIds, vals, numRows)
      )
        return;
      for (let i = 0; i < numRows; i++) {
        if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
        const g = groupIds[i]!;
        has_[g] = 1;
        const x = +vals[i]!;
        if (exact_[g] === 1 || x >= TWO52 || x <= -TWO52) {
          this.slowAdd(g, BigInt(x));
          continue;
        }
        const r = low_[g]! + x;
        if (r > this.threshold || r < -this.threshold) this.carry(g, x);
        else low_[g] = r;
      }
    } else if (layout === 'long') {
      const w = view32(v);
      const vals = v.values as BigInt64Array;
      if (
        mask === null &&
        nulls === null &&
        this.wide &&
        this.groups <= CHUNK_GROUPS_MAX &&
        numRows >= CHUNK_ROWS
      )
        this.addLongChunks(groupIds, w, vals, numRows);
      else this.addLongRows(groupIds, w, vals, 0, numRows, mask, nulls);
    } else {
      const vals = v.values as bigint[];
      for (let i = 0; i < numRows; i++) {
        if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
        const g = groupIds[i]!;
        has_[g] = 1;
        const b = vals[i]!;
        const x = Number(b);
        if (exact_[g] === 1 || x >= TWO52 || x <= -TWO52) {
          this.slowAdd(g, b);
          continue;
        }
        const r = low_[g]! + x;
        if (r > this.threshold || r < -this.threshold) this.carry(g, x);
        else low_[g] = r;
      }
    }
  }

  has(g: number): boolean {
    this.foldPending();
    return this.hasValue[g] === 1;
  }

  value(g: number): bigint | null {
    this.foldPending();
    if (this.hasValue[g] !== 1 || this.failed[g] === 1) return null;
    return this.current(g);
  }

  intoWords(numGroups: number, w: Int32Array, nulls: Uint8Array): number {
    this.foldPending();
    let nullCount = 0;
    for (let g = 0; g < numGroups; g++) {
      if (this.hasValue[g] !== 1) {
        nulls[g] = 1;
        nullCount++;
        continue;
      }
      if (this.exact[g] === 1) return -1;
      // high * 2^32 + low, low folded into [0, 2^32) and its carry into the high word.
      const l = this.low[g]!;
      const carried = Math.floor(l / TWO32);
      const hi = this.high[g]! + carried;
      if (hi >= TWO31 || hi < -TWO31) return -1;
      w[2 * g] = (l - carried * TWO32) | 0;
      w[2 * g + 1] = hi;
    }
    return nullCount;
  }

  get byteSize(): number {
    return (
      this.low.byteLength +
      this.high.byteLength +
      this.pending.byteLength +
      3 * this.hasValue.byteLength +
      this.big.length * 8
    );
  }
}

/**
 * `limit`: the sum must stay below limit in magnitude (10^precision for decimals), null for a
 * long (64-bit range: overflow wraps when not ANSI). `error` builds the ANSI overflow error.
 *
 * A group's sum is high * 2^32 + low in two doubles: rows add into `low` while it stays within
 * ±2^52, where every sum of it and a value below 2^52 is exact; past that its multiples of 2^32
 * carry into `high`. A sum of decimal(38, 6) charges (TPC-H Q1: past 2^53 after a few thousand
 * rows) so stays in doubles; a group moves to BigInt only near the limit (or past ±2^84). A class,
 * not an object of closures: each sum's closures were compiled again (their loops by OSR first)
 * once V8 had dropped the last ones' code.
 */
function exactSums(limit: bigint | null, ansi: boolean, error: () => FlintError): ExactSums {
  return new ExactSumsTable(limit, ansi, error);
}

/** A vector of `type` (long, or decimal at any precision) from per-group exact sums. */
function exactSumVector(type: DataType, sums: ExactSums, numGroups: number): Vector {
  sums.ensure(numGroups);
  // Sums that all fit in 64 bits are written as words, a wide decimal's too (the exact-double
  // kernels hold those in a BigInt64Array as well): no BigInt per group (TPC-H Q18: 1.5M order sums).
  const words = new BigInt64Array(numGroups);
  let nulls: Uint8Array | null = new Uint8Array(numGroups);
  const nullCount = sums.intoWords(numGroups, new Int32Array(words.buffer), nulls);
  if (nullCount >= 0) return { type, length: numGroups, values: words, nulls: nullCount > 0 ? nulls : null };
  nulls = null;
  const values = allocValues(type, numGroups) as BigInt64Array | bigint[];
  for (let g = 0; g < numGroups; g++) {
    const v = sums.value(g);
    if (v === null) {
      nulls ??= new Uint8Array(numGroups);
      nulls[g] = 1;
    } else values[g] = v;
  }
  return { type, length: numGroups, values, nulls };
}

// ---------------------------------------------------------------- double sums

interface DoubleSums {
  sum: Float64Array;
  has: Uint8Array;
  ensure(n: number): void;
  add(groupIds: Int32Array, v: Vector, layout: NumericLayout, numRows: number, mask: Uint8Array | null): void;
}

/** Per-group sums in doubles. A class: a sum's closures were compiled again per sum (see ExactSumsTable). */
class DoubleSumsTable implements DoubleSums {
  sum: Float64Array = new Float64Array(16);
  has: Uint8Array = new Uint8Array(16);

  ensure(n: number): void {
    this.sum = grown(this.sum, n, (k) => new Float64Array(k));
    this.has = grown(this.has, n, (k) => new Uint8Array(k));
  }

  add(
    groupIds: Int32Array,
    v: Vector,
    declared: NumericLayout,
    numRows: number,
    mask: Uint8Array | null,
  ): void {
    const nulls = v.nulls;
    const layout = storedLayout(declared, v);
    const sum = this.sum;
    const has = this.has;
    if (layout === 'number') {
      const vals = v.values as Float64Array;
      if (mask === null && nulls === null) {
        // Every row counts: a loop with no tests (optimized code does not take them out of one).
        for (let i = 0; i < numRows; i++) {
          const g = groupIds[i]!;
          has[g] = 1;
          sum[g]! += vals[i]!;
        }
        return;
      }
      for (let i = 0; i < numRows; i++) {
        if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
        const g = groupIds[i]!;
        has[g] = 1;
        sum[g]! += vals[i]!;
      }
    } else if (layout === 'long') {
      // Number(long): the exact value rounded once, as hi * 2^32 + lo is.
      const w = view32(v);
      for (let i = 0; i < numRows; i++) {
        if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
        const g = groupIds[i]!;
        has[g] = 1;
        sum[g]! += w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
      }
    } else {
      const vals = v.values as bigint[];
      for (let i = 0; i < numRows; i++) {
        if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
        const g = groupIds[i]!;
        has[g] = 1;
        sum[g]! += Number(vals[i]!);
      }
    }
  }
}

function doubleSums(): DoubleSums {
  return new DoubleSumsTable();
}

function doubleVector(type: DataType, sum: Float64Array, has: Uint8Array, numGroups: number): Vector {
  const values = allocValues(type, numGroups) as unknown as Store;
  // (A NULL group's value is whatever its sum holds: 0.)
  copyGroups(values, sum, numGroups);
  return {
    type,
    length: numGroups,
    values: values as unknown as Vector['values'],
    nulls: nullsWhereMissing(has, numGroups),
  };
}

// ---------------------------------------------------------------- sum

/**
 * sum over numbers: `resultType` long, double or decimal; `inputLayout` the argument's layout.
 * Returns null when this combination has no typed state (the row state handles it).
 */
export function typedSumState(
  resultType: DataType,
  inputLayout: NumericLayout,
  ansi: boolean,
  error: () => FlintError,
): AggregateState | null {
  const bufferLayout = numericLayoutOf(resultType);
  if (bufferLayout === null) return null;
  if (resultType.kind === 'double') {
    const d = doubleSums();
    const st: AggregateState = {
      update(groupIds, args, numRows, mask, numGroups) {
        d.ensure(groupsIn(groupIds, numRows, numGroups));
        d.add(groupIds, args[0]!, inputLayout, numRows, mask);
      },
      merge(groupIds, buffers, numRows, numGroups) {
        d.ensure(groupsIn(groupIds, numRows, numGroups));
        d.add(groupIds, buffers[0]!, 'number', numRows, null);
      },
      buffers: (n) => [st.evaluate(n)],
      evaluate(n) {
        d.ensure(n);
        return doubleVector(resultType, d.sum, d.has, n);
      },
      get byteSize() {
        return d.sum.byteLength + d.has.byteLength;
      },
    };
    return st;
  }
  if (resultType.kind !== 'long' && resultType.kind !== 'decimal') return null;
  if (inputLayout === 'number' && resultType.kind === 'decimal') return null;
  const limit = resultType.kind === 'decimal' ? 10n ** BigInt(resultType.precision) : null;
  const sums = exactSums(limit, ansi, error);
  const st: AggregateState = {
    update(groupIds, args, numRows, mask, numGroups) {
      sums.ensure(groupsIn(groupIds, numRows, numGroups));
      sums.add(groupIds, args[0]!, inputLayout, numRows, mask);
    },
    merge(groupIds, buffers, numRows, numGroups) {
      sums.ensure(groupsIn(groupIds, numRows, numGroups));
      sums.add(groupIds, buffers[0]!, bufferLayout, numRows, null);
    },
    buffers: (n) => [st.evaluate(n)],
    evaluate: (n) => exactSumVector(resultType, sums, n),
    get byteSize() {
      return sums.byteSize;
    },
  };
  return st;
}

// ---------------------------------------------------------------- avg

function roundHalfUpDiv(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const aa = a < 0n ? -a : a;
  const bb = b < 0n ? -b : b;
  const q = (aa * 2n + bb) / (bb * 2n);
  return neg ? -q : q;
}

/** Adds the long count buffer column into per-group counts where the sum buffer is not NULL. */
function mergeCounts(
  counts: Float64Array,
  groupIds: Int32Array,
  sumBuf: Vector,
  countBuf: Vector,
  numRows: number,
): void {
  const w = view32(countBuf);
  const sn = sumBuf.nulls;
  const cn = countBuf.nulls;
  for (let i = 0; i < numRows; i++) {
    if ((sn !== null && sn[i] === 1) || (cn !== null && cn[i] === 1)) continue;
    counts[groupIds[i]!]! += w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
  }
}

function addCounts(
  counts: Float64Array,
  groupIds: Int32Array,
  v: Vector,
  numRows: number,
  mask: Uint8Array | null,
): void {
  const nulls = v.nulls;
  if (mask === null && nulls === null) {
    for (let i = 0; i < numRows; i++) counts[groupIds[i]!]! += 1;
    return;
  }
  for (let i = 0; i < numRows; i++) {
    if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
    counts[groupIds[i]!]! += 1;
  }
}

function countVector(counts: Float64Array, numGroups: number): Vector {
  const values = new BigInt64Array(numGroups);
  const w = new Int32Array(values.buffer);
  for (let g = 0; g < numGroups; g++) writeLongHalves(w, g, counts[g]!);
  return { type: { kind: 'long' }, length: numGroups, values, nulls: null };
}

/** sums[groupIds[i]] += vals[i] for rows 0..n-1. */
function addRowsToGroups(
  sums: Float64Array,
  groupIds: Int32Array,
  vals: Int32Array | Int16Array | Int8Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) sums[groupIds[i]!]! += vals[i]!;
}

// Adds rows' values and counts them per group: one function per array type, so that each loop's
// element reads stay monomorphic (H2O q4's averages of two int columns and a double spent about a
// fifth more time in one loop that read both kinds of array).
function sumAndCountDoubles(
  groupIds: Int32Array,
  vals: Float64Array,
  sum: Float64Array,
  counts: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = groupIds[i]!;
    sum[g]! += vals[i]!;
    counts[g]! += 1;
  }
}

/** Rows per group at least, for sumAndCountInts to sum into banks (folding them costs per group). */
const BANKED_ROWS_PER_GROUP = 64;
/** sumAndCountInts' banks: BANKS sums, then BANKS counts, per group. */
let intBanks = new Float64Array(0);

/**
 * Ints (exact in doubles in any order) go four rows at a time into four sums and counts a group,
 * folded into the group's at the end, when the groups are few: with H2O q4's 100, rows near one
 * another often share a group, and each add then waited on the one before through memory.
 */
function sumAndCountInts(
  groupIds: Int32Array,
  vals: Int32Array,
  sum: Float64Array,
  counts: Float64Array,
  n: number,
  numGroups: number,
): void {
  if (numGroups * BANKED_ROWS_PER_GROUP > n) {
    sumAndCount(groupIds, vals, sum, counts, n);
    return;
  }
  const size = BANKS * numGroups;
  if (intBanks.length < 2 * size) intBanks = new Float64Array(2 * size);
  else intBanks.fill(0, 0, 2 * size);
  // Each loop a function of its own (docs/architecture.md on row loops).
  const quads = bankQuads(groupIds, vals, intBanks, size, n);
  bankRows(groupIds, vals, intBanks, size, quads, n);
  foldBanks(intBanks, size, sum, counts, numGroups);
}

/** Rows four at a time into banks b (sums, then counts from `size`); returns the rows done. */
function bankQuads(groupIds: Int32Array, vals: Int32Array, b: Float64Array, size: number, n: number): number {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const g0 = BANKS * groupIds[i]!;
    const g1 = BANKS * groupIds[i + 1]! + 1;
    const g2 = BANKS * groupIds[i + 2]! + 2;
    const g3 = BANKS * groupIds[i + 3]! + 3;
    b[g0]! += vals[i]!;
    b[size + g0]! += 1;
    b[g1]! += vals[i + 1]!;
    b[size + g1]! += 1;
    b[g2]! += vals[i + 2]!;
    b[size + g2]! += 1;
    b[g3]! += vals[i + 3]!;
    b[size + g3]! += 1;
  }
  return i;
}

function bankRows(
  groupIds: Int32Array,
  vals: Int32Array,
  b: Float64Array,
  size: number,
  from: number,
  n: number,
): void {
  for (let i = from; i < n; i++) {
    const g = BANKS * groupIds[i]!;
    b[g]! += vals[i]!;
    b[size + g]! += 1;
  }
}

function foldBanks(
  b: Float64Array,
  size: number,
  sum: Float64Array,
  counts: Float64Array,
  numGroups: number,
): void {
  for (let g = 0; g < numGroups; g++) {
    const k = BANKS * g;
    sum[g]! += b[k]! + b[k + 1]! + b[k + 2]! + b[k + 3]!;
    counts[g]! += b[size + k]! + b[size + k + 1]! + b[size + k + 2]! + b[size + k + 3]!;
  }
}

function sumAndCount(
  groupIds: Int32Array,
  vals: ArrayLike<number>,
  sum: Float64Array,
  counts: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = groupIds[i]!;
    sum[g]! += vals[i]!;
    counts[g]! += 1;
  }
}

/** sumAndCountRows' rows per group of a batch, and counts it does not keep. */
let batchCounts = new Float64Array(0);
let ignoredCounts = new Float64Array(0);

/**
 * Adds the rows' numbers of each target to their groups' sums (each sum in row order, as the state's
 * own update adds them) in passes over the group ids that serve up to three targets, and counts the
 * rows once for all: H2O q4's three averages by one key took a pass, a sum and a count a row each.
 * Worth it when a batch has a few rows per group at least (the counts are added per group).
 */
export function sumAndCountRows(
  groupIds: Int32Array,
  targets: readonly SumAndCountTarget[],
  numRows: number,
  numGroups: number,
): void {
  batchCountsFor(numGroups);
  batchCounts.fill(0, 0, numGroups);
  const sideBySide = numGroups * SIDE_BY_SIDE_ROWS_PER_GROUP <= numRows;
  for (let t = 0; t < targets.length; t += 3) {
    const counts = t === 0 ? batchCounts : ignoredCounts;
    const [a, b, c] = [targets[t]!, targets[t + 1], targets[t + 2]];
    if (b !== undefined && sideBySide) {
      sumSideBySide(a, b, c, counts, numGroups, (sums) => {
        if (c !== undefined) sum3AndCountSideBySide(groupIds, a.values, b.values, c.values, sums, numRows);
        else sum2AndCountSideBySide(groupIds, a.values, b.values, sums, numRows);
        return true;
      });
    } else if (c !== undefined)
      sum3AndCount(groupIds, a.values, b!.values, c.values, a.sum, b!.sum, c.sum, counts, numRows);
    else if (b !== undefined) sum2AndCount(groupIds, a.values, b.values, a.sum, b.sum, counts, numRows);
    else sumAndCount(groupIds, a.values, a.sum, counts, numRows);
  }
  for (const target of targets) addCountsOfGroups(target.counts, batchCounts, numGroups);
}

/**
 * Rows per group of a batch from which sumAndCountRows sums its passes in a working copy holding each
 * group's sums and count side by side (one cache line a row, not four); loading and storing the copy
 * costs per group. H2O q4's pass: 31 -> 25 ms per 5M rows (micro).
 */
const SIDE_BY_SIDE_ROWS_PER_GROUP = 16;
/**
 * The working copy: group g's sums at 4g..4g+2, its count of the batch's rows at 4g+3; a power of two
 * long, with room past the groups for the rows sumAndCountCodedRows finds no group for.
 */
let groupSums = new Float64Array(0);

/** batchCounts and ignoredCounts, long enough for `numGroups` (batchCounts not cleared). */
function batchCountsFor(numGroups: number): void {
  if (batchCounts.length >= numGroups) return;
  batchCounts = new Float64Array(numGroups);
  ignoredCounts = new Float64Array(numGroups);
}

/**
 * Runs `pass` over the working copy loaded with the sums of a, b and c (c absent: ignoredCounts
 * stands in) and a zero count a group, and stores the sums back and the counts into `counts`, unless
 * `pass` returns false (it then has added nothing). The sums go on from where they are, row by row,
 * so they come out as in their own arrays.
 */
function sumSideBySide(
  a: SumAndCountTarget,
  b: SumAndCountTarget,
  c: SumAndCountTarget | undefined,
  counts: Float64Array,
  numGroups: number,
  pass: (sums: Float64Array) => boolean,
): boolean {
  if (groupSums.length < 4 * (numGroups + 1)) {
    let length = 4;
    while (length < 4 * (numGroups + 1)) length *= 2;
    groupSums = new Float64Array(length);
  }
  const sums = groupSums;
  const cSum = c?.sum ?? ignoredCounts;
  loadGroupSums(sums, a.sum, b.sum, cSum, numGroups);
  if (!pass(sums)) return false;
  storeGroupSums(sums, a.sum, b.sum, cSum, counts, numGroups);
  return true;
}

/**
 * As sumAndCountRows for two or three targets, each row's group read in the same pass from a single
 * int key's kept ids (ids[key - base]; keptKeyIds in hash/coded-keys.ts), so no array of group ids
 * is written and read back (H2O q4: three averages by a key of 100 values). Returns false, having
 * added nothing, when a row's key has no id yet or the groups are too many for the working copy: the
 * caller then finds the ids and sums as usual. (A row without a group is added to a slot past the
 * groups, and the working copy is then not stored back.)
 */
export function sumAndCountCodedRows(
  keys: Int32Array,
  base: number,
  ids: Int32Array,
  targets: readonly SumAndCountTarget[],
  numRows: number,
  numGroups: number,
): boolean {
  if (targets.length < 2 || targets.length > 3) return false;
  if (numGroups * SIDE_BY_SIDE_ROWS_PER_GROUP > numRows) return false;
  batchCountsFor(numGroups);
  const [a, b, c] = [targets[0]!, targets[1]!, targets[2]];
  // The last id is the NULL key's: the keys here have no NULLs.
  const range = ids.length - 1;
  const summed = sumSideBySide(a, b, c, batchCounts, numGroups, (sums) => {
    const mask = sums.length - 1;
    const missed =
      c !== undefined
        ? sum3AndCountCoded(keys, base, ids, range, a.values, b.values, c.values, sums, mask, numRows)
        : sum2AndCountCoded(keys, base, ids, range, a.values, b.values, sums, mask, numRows);
    return missed >= 0;
  });
  if (!summed) return false;
  for (const target of targets) addCountsOfGroups(target.counts, batchCounts, numGroups);
  return true;
}

/**
 * The rows' ids OR-ed together (negative when one had none); a row without one goes to the slot
 * (4 * -1) & mask, past the groups.
 */
function sum3AndCountCoded(
  keys: Int32Array,
  base: number,
  ids: Int32Array,
  range: number,
  a: Int32Array | Float64Array,
  b: Int32Array | Float64Array,
  c: Int32Array | Float64Array,
  sums: Float64Array,
  mask: number,
  n: number,
): number {
  let missed = 0;
  for (let i = 0; i < n; i++) {
    const code = (keys[i]! - base) >>> 0;
    const id = code < range ? ids[code]! : -1;
    missed |= id;
    const g = (4 * id) & mask;
    sums[g]! += a[i]!;
    sums[g + 1]! += b[i]!;
    sums[g + 2]! += c[i]!;
    sums[g + 3]! += 1;
  }
  return missed;
}

function sum2AndCountCoded(
  keys: Int32Array,
  base: number,
  ids: Int32Array,
  range: number,
  a: Int32Array | Float64Array,
  b: Int32Array | Float64Array,
  sums: Float64Array,
  mask: number,
  n: number,
): number {
  let missed = 0;
  for (let i = 0; i < n; i++) {
    const code = (keys[i]! - base) >>> 0;
    const id = code < range ? ids[code]! : -1;
    missed |= id;
    const g = (4 * id) & mask;
    sums[g]! += a[i]!;
    sums[g + 1]! += b[i]!;
    sums[g + 3]! += 1;
  }
  return missed;
}

function loadGroupSums(
  sums: Float64Array,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  numGroups: number,
): void {
  for (let g = 0; g < numGroups; g++) {
    sums[4 * g] = a[g]!;
    sums[4 * g + 1] = b[g]!;
    sums[4 * g + 2] = c[g]!;
    sums[4 * g + 3] = 0;
  }
}

function storeGroupSums(
  sums: Float64Array,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  counts: Float64Array,
  numGroups: number,
): void {
  for (let g = 0; g < numGroups; g++) {
    a[g] = sums[4 * g]!;
    b[g] = sums[4 * g + 1]!;
    c[g] = sums[4 * g + 2]!;
    counts[g] = sums[4 * g + 3]!;
  }
}

function sum3AndCountSideBySide(
  groupIds: Int32Array,
  a: Int32Array | Float64Array,
  b: Int32Array | Float64Array,
  c: Int32Array | Float64Array,
  sums: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = 4 * groupIds[i]!;
    sums[g]! += a[i]!;
    sums[g + 1]! += b[i]!;
    sums[g + 2]! += c[i]!;
    sums[g + 3]! += 1;
  }
}

function sum2AndCountSideBySide(
  groupIds: Int32Array,
  a: Int32Array | Float64Array,
  b: Int32Array | Float64Array,
  sums: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = 4 * groupIds[i]!;
    sums[g]! += a[i]!;
    sums[g + 1]! += b[i]!;
    sums[g + 3]! += 1;
  }
}

// sumAndCountRows' loops, functions of their own (docs/architecture.md on row loops).
function sum3AndCount(
  groupIds: Int32Array,
  a: Int32Array | Float64Array,
  b: Int32Array | Float64Array,
  c: Int32Array | Float64Array,
  sumA: Float64Array,
  sumB: Float64Array,
  sumC: Float64Array,
  counts: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = groupIds[i]!;
    sumA[g]! += a[i]!;
    sumB[g]! += b[i]!;
    sumC[g]! += c[i]!;
    counts[g]! += 1;
  }
}

function sum2AndCount(
  groupIds: Int32Array,
  a: Int32Array | Float64Array,
  b: Int32Array | Float64Array,
  sumA: Float64Array,
  sumB: Float64Array,
  counts: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = groupIds[i]!;
    sumA[g]! += a[i]!;
    sumB[g]! += b[i]!;
    counts[g]! += 1;
  }
}

function addCountsOfGroups(counts: Float64Array, batch: Float64Array, numGroups: number): void {
  for (let g = 0; g < numGroups; g++) counts[g]! += batch[g]!;
}

/**
 * avg: `sumType` the buffer's running-sum type (double or decimal), `resultType` double or decimal.
 * Returns null when this combination has no typed state.
 */
export function typedAvgState(
  sumType: DataType,
  resultType: DataType,
  inputLayout: NumericLayout,
  ansi: boolean,
  error: (precision: number, scale: number) => FlintError,
): AggregateState | null {
  let counts = new Float64Array(16);
  if (sumType.kind === 'double' && resultType.kind === 'double') {
    const d = doubleSums();
    const ensure = (n: number): void => {
      d.ensure(n);
      counts = grown(counts, n, (k) => new Float64Array(k));
    };
    // As Spark's Average, the sum starts at 0.0 and is never NULL: a group's count alone says whether
    // it saw a value, and `d.has` is not read.
    return {
      sumAndCountTarget(args, numRows, mask, numGroups) {
        const v = args[0]!;
        const values = v.values;
        if (mask !== null || v.nulls !== null || storedLayout(inputLayout, v) !== 'number') return null;
        if (!(values instanceof Float64Array || values instanceof Int32Array)) return null;
        ensure(numGroups);
        return { values, sum: d.sum, counts };
      },
      update(groupIds, args, numRows, mask, numGroups) {
        const groups = groupsIn(groupIds, numRows, numGroups);
        ensure(groups);
        const v = args[0]!;
        if (mask === null && v.nulls === null && storedLayout(inputLayout, v) === 'number') {
          // Sum and count in one loop with no tests (H2O q4: three averages over 10^7 rows).
          const vals = v.values;
          if (vals instanceof Float64Array) sumAndCountDoubles(groupIds, vals, d.sum, counts, numRows);
          else if (vals instanceof Int32Array)
            sumAndCountInts(groupIds, vals, d.sum, counts, numRows, groups);
          else sumAndCount(groupIds, vals as ArrayLike<number>, d.sum, counts, numRows);
          return;
        }
        d.add(groupIds, v, inputLayout, numRows, mask);
        addCounts(counts, groupIds, v, numRows, mask);
      },
      merge(groupIds, buffers, numRows, numGroups) {
        ensure(groupsIn(groupIds, numRows, numGroups));
        d.add(groupIds, buffers[0]!, 'number', numRows, null);
        mergeCounts(counts, groupIds, buffers[0]!, buffers[1]!, numRows);
      },
      buffers(n) {
        ensure(n);
        const sums: Vector = { type: sumType, length: n, values: d.sum.slice(0, n), nulls: null };
        return [sums, countVector(counts, n)];
      },
      evaluate(n) {
        ensure(n);
        const values = new Float64Array(n);
        let nulls: Uint8Array | null = null;
        for (let g = 0; g < n; g++) {
          if (counts[g] === 0) {
            nulls ??= new Uint8Array(n);
            nulls[g] = 1;
          } else values[g] = d.sum[g]! / counts[g]!;
        }
        return { type: resultType, length: n, values, nulls };
      },
      get byteSize() {
        return d.sum.byteLength + d.has.byteLength + counts.byteLength;
      },
    };
  }
  if (sumType.kind !== 'decimal' || resultType.kind !== 'decimal' || inputLayout === 'number') return null;
  const sums = exactSums(10n ** BigInt(sumType.precision), ansi, () =>
    error(sumType.precision, sumType.scale),
  );
  const sumLayout = numericLayoutOf(sumType)!;
  const ensure = (n: number): void => {
    sums.ensure(n);
    counts = grown(counts, n, (k) => new Float64Array(k));
  };
  const up = 10n ** BigInt(resultType.scale - sumType.scale);
  const limit = 10n ** BigInt(resultType.precision);
  return {
    update(groupIds, args, numRows, mask, numGroups) {
      ensure(groupsIn(groupIds, numRows, numGroups));
      sums.add(groupIds, args[0]!, inputLayout, numRows, mask);
      addCounts(counts, groupIds, args[0]!, numRows, mask);
    },
    merge(groupIds, buffers, numRows, numGroups) {
      ensure(groupsIn(groupIds, numRows, numGroups));
      sums.add(groupIds, buffers[0]!, sumLayout, numRows, null);
      mergeCounts(counts, groupIds, buffers[0]!, buffers[1]!, numRows);
    },
    buffers(n) {
      ensure(n);
      return [exactSumVector(sumType, sums, n), countVector(counts, n)];
    },
    evaluate(n) {
      ensure(n);
      const values = allocValues(resultType, n) as unknown as Store;
      let nulls: Uint8Array | null = null;
      for (let g = 0; g < n; g++) {
        const s = sums.value(g);
        let r: bigint | null = null;
        if (s !== null && counts[g]! > 0) {
          r = roundHalfUpDiv(s * up, BigInt(counts[g]!));
          if (r >= limit || r <= -limit) {
            if (ansi) throw error(resultType.precision, resultType.scale);
            r = null;
          }
        }
        if (r === null) {
          nulls ??= new Uint8Array(n);
          nulls[g] = 1;
        } else values[g] = r;
      }
      return { type: resultType, length: n, values: values as unknown as Vector['values'], nulls };
    },
    get byteSize() {
      return sums.byteSize + counts.byteLength;
    },
  };
}

// ---------------------------------------------------------------- min / max

/** min (sign -1) or max (sign 1) over numbers or longs; NaN is the largest double, ties keep the first. */
export function typedExtremumState(type: DataType, sign: 1 | -1): AggregateState | null {
  const layout = numericLayoutOf(type);
  if (layout === null || layout === 'bigint') return null;
  let has = new Uint8Array(16);
  let cur = new Float64Array(16);
  let curLong = new BigInt64Array(16);
  let cw = new Int32Array(curLong.buffer);
  const ensure = (n: number): void => {
    has = grown(has, n, (k) => new Uint8Array(k));
    if (layout === 'number') cur = grown(cur, n, (k) => new Float64Array(k));
    else if (n > curLong.length) {
      const b = new BigInt64Array(Math.max(n, curLong.length * 2));
      b.set(curLong);
      curLong = b;
      cw = new Int32Array(curLong.buffer);
    }
  };
  const fold = (
    groupIds: Int32Array,
    v: Vector,
    numRows: number,
    mask: Uint8Array | null,
    numGroups: number | undefined,
  ): void => {
    ensure(groupsIn(groupIds, numRows, numGroups));
    const nulls = v.nulls;
    // Locals, not the closure's reassignable bindings, so the loops keep them in registers.
    const has_ = has;
    const cur_ = cur;
    const cw_ = cw;
    if (layout === 'number') {
      const vals = v.values as Float64Array;
      for (let i = 0; i < numRows; i++) {
        if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
        const g = groupIds[i]!;
        const x = +vals[i]!;
        if (has_[g] !== 1) {
          has_[g] = 1;
          cur_[g] = x;
          continue;
        }
        const c = cur_[g]!;
        if (sign > 0 ? x > c || (x !== x && c === c) : x < c || (c !== c && x === x)) cur_[g] = x;
      }
      return;
    }
    const w = view32(v);
    for (let i = 0; i < numRows; i++) {
      if ((mask !== null && mask[i] === 0) || (nulls !== null && nulls[i] === 1)) continue;
      const g = groupIds[i]!;
      const lo = w[2 * i]!;
      const hi = w[2 * i + 1]!;
      if (has_[g] === 1) {
        const chi = cw_[2 * g + 1]!;
        const c =
          hi !== chi ? (hi > chi ? 1 : -1) : lo === cw_[2 * g] ? 0 : lo >>> 0 > cw_[2 * g]! >>> 0 ? 1 : -1;
        if (c !== sign) continue;
      }
      has_[g] = 1;
      cw_[2 * g] = lo;
      cw_[2 * g + 1] = hi;
    }
  };
  const st: AggregateState = {
    update: (groupIds, args, numRows, mask, numGroups) => fold(groupIds, args[0]!, numRows, mask, numGroups),
    merge: (groupIds, buffers, numRows, numGroups) => fold(groupIds, buffers[0]!, numRows, null, numGroups),
    buffers: (n) => [st.evaluate(n)],
    evaluate(n) {
      ensure(n);
      const nulls = nullsWhereMissing(has, n);
      if (layout === 'long') return { type, length: n, values: curLong.slice(0, n), nulls };
      const values = allocValues(type, n) as unknown as Store;
      copyGroups(values, cur, n);
      return { type, length: n, values: values as unknown as Vector['values'], nulls };
    },
    get byteSize() {
      return has.byteLength + cur.byteLength + curLong.byteLength;
    },
  };
  return st;
}

// Group loops of an evaluate, functions of their own (docs/architecture.md on row loops): code after
// them in the same function deoptimized on every call.

/** NULL for the groups 0..n-1 where `has` is not 1; null when there are none. */
function nullsWhereMissing(has: Uint8Array, n: number): Uint8Array | null {
  let nulls: Uint8Array | null = null;
  for (let g = 0; g < n; g++)
    if (has[g] !== 1) {
      nulls ??= new Uint8Array(n);
      nulls[g] = 1;
    }
  return nulls;
}

function copyGroups(values: Store, from: Store, n: number): void {
  for (let g = 0; g < n; g++) values[g] = from[g];
}
