// Row ordering by SortOrders: direction, NULLS FIRST/LAST, Spark's ordering per type. Stable.

import type { Batch, Vector } from '@flint/common';
import type { AttributeRef, SortOrder } from '@flint/planner';
import { compareDouble, compareUtf8 } from '../eval/compare.js';
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

type RowCompare = (i: number, j: number) => number;

const TWO32 = 4294967296;

/**
 * A key's non-NULL values as doubles that order exactly as Spark orders the key: integral types and
 * 64-bit values within ±2^53 (longs, timestamps, decimals of one scale) as their values, floats and
 * doubles as they are (NaN handled by the comparator). Null for other keys.
 */
function numericKeys(k: Vector): Float64Array | null {
  const xs = k.values;
  const n = k.length;
  switch (k.type.kind) {
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
    case 'float':
      return Float64Array.from(xs as ArrayLike<number>);
    case 'double':
      return xs as Float64Array;
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
    case 'decimal': {
      if (!(xs instanceof BigInt64Array)) return null;
      const w = new Int32Array(xs.buffer, xs.byteOffset, n * 2);
      const out = new Float64Array(n);
      const nulls = k.nulls;
      for (let i = 0; i < n; i++) {
        const hi = w[2 * i + 1]!;
        if (hi >= 2097152 || hi < -2097152) {
          if (nulls !== null && nulls[i] === 1) continue;
          return null;
        }
        out[i] = hi * TWO32 + (w[2 * i]! >>> 0);
      }
      return out;
    }
    default:
      return null;
  }
}

/** One key's comparator with direction and NULL placement folded in, over typed storage where it can. */
function keyComparator(k: Vector, o: SortOrder): RowCompare {
  const s = o.direction === 'Descending' ? -1 : 1;
  // Where a NULL row i goes relative to a non-NULL row j (direction does not move NULLs).
  const nullSide = o.nullOrdering === 'NullsFirst' ? -1 : 1;
  if (k.type.kind === 'null') return () => 0;
  const nulls = k.nulls;
  const num = numericKeys(k);
  let cmp: RowCompare;
  if (num !== null) {
    cmp = (i, j) => {
      const x = num[i]!;
      const y = num[j]!;
      if (x < y) return -s;
      if (x > y) return s;
      if (x === y) return 0;
      return s * compareDouble(x, y);
    };
  } else if (k.type.kind === 'string') {
    const strs = k.values as string[];
    cmp = (i, j) => s * compareUtf8(strs[i]!, strs[j]!);
  } else {
    const rc = rowComparator(k.type, k.type);
    const vals = k.values as unknown as Store;
    cmp = (i, j) => s * rc(vals, i, vals, j);
  }
  if (nulls === null) return cmp;
  return (i, j) => {
    const ni = nulls[i] === 1;
    const nj = nulls[j] === 1;
    if (ni || nj) {
      if (ni && nj) return 0;
      return ni ? nullSide : -nullSide;
    }
    return cmp(i, j);
  };
}

/** Comparator of rows i, j given the evaluated key vectors. */
export function rowOrdering(order: readonly SortOrder[], keys: readonly Vector[]): RowCompare {
  const parts = keys.map((k, c) => keyComparator(k, order[c]!));
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) {
    const a = parts[0]!;
    const b = parts[1]!;
    return (i, j) => a(i, j) || b(i, j);
  }
  return (i, j) => {
    for (const p of parts) {
      const c = p(i, j);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/**
 * A key as unsigned 32-bit words whose (hi, lo) order is Spark's order of the values: signed integers
 * with the sign bit flipped; doubles by their bits made monotonic (negatives inverted, positives with
 * the sign bit set), after mapping -0.0 to 0.0 and every NaN to one NaN above +Infinity. `lo` is null
 * for 32-bit keys, and for 64-bit keys whose high word every row shares (their low word orders them
 * alone). Null when the key is not numeric.
 */
function radixWords(k: Vector): { hi: Uint32Array; lo: Uint32Array | null } | null {
  const w = radixWordsOf(k);
  const nulls = k.nulls;
  if (w !== null && nulls !== null) {
    // NULL slots hold anything: equal words keep NULL rows in their earlier order.
    for (let i = 0; i < k.length; i++) {
      if (nulls[i] === 1) {
        w.hi[i] = 0;
        if (w.lo !== null) w.lo[i] = 0;
      }
    }
  }
  return w;
}

function radixWordsOf(k: Vector): { hi: Uint32Array; lo: Uint32Array | null } | null {
  const xs = k.values;
  const n = k.length;
  switch (k.type.kind) {
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval': {
      const hi = new Uint32Array(n);
      const src = xs as ArrayLike<number>;
      for (let i = 0; i < n; i++) hi[i] = (src[i]! ^ 0x80000000) >>> 0;
      return { hi, lo: null };
    }
    case 'float':
    case 'double': {
      const d = xs instanceof Float64Array ? xs.slice(0, n) : Float64Array.from(xs as Float32Array);
      for (let i = 0; i < n; i++) {
        const x = d[i]!;
        if (x === 0) d[i] = 0;
        else if (x !== x) d[i] = NaN;
      }
      const w = new Uint32Array(d.buffer);
      const hi = new Uint32Array(n);
      const lo = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const h = w[2 * i + 1]!;
        const l = w[2 * i]!;
        if (h & 0x80000000) {
          hi[i] = ~h >>> 0;
          lo[i] = ~l >>> 0;
        } else {
          hi[i] = (h | 0x80000000) >>> 0;
          lo[i] = l;
        }
      }
      return { hi, lo };
    }
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
    case 'decimal': {
      if (!(xs instanceof BigInt64Array)) return null;
      const w = new Uint32Array(xs.buffer, xs.byteOffset, n * 2);
      // Keys that fit one word (most join and grouping keys) share their high word: it orders
      // nothing, so it is not built (only without NULLs: NULL slots hold anything).
      if (k.nulls === null && n > 0) {
        const h0 = w[1]!;
        let varying = 0;
        for (let i = 1; i < n; i++) varying |= w[2 * i + 1]! ^ h0;
        if (varying === 0) {
          const lo = new Uint32Array(n);
          for (let i = 0; i < n; i++) lo[i] = w[2 * i]!;
          return { hi: lo, lo: null };
        }
      }
      const hi = new Uint32Array(n);
      const lo = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        hi[i] = (w[2 * i + 1]! ^ 0x80000000) >>> 0;
        lo[i] = w[2 * i]!;
      }
      return { hi, lo };
    }
    case 'string':
      return stringRanks(xs as readonly string[], k.nulls, n);
    default:
      return null;
  }
}

/**
 * Strings by their rank among the column's distinct values (sorted once, in UTF-8 order), when there
 * are at most half as many as rows: TPC-H Q16's 18k groups sort by 24 brands and 150 types, whose rows
 * a comparator sort compared at 650 ns a row. Null when most values are distinct: ranking them costs
 * the comparator sort itself.
 */
function stringRanks(
  strs: readonly string[],
  nulls: Uint8Array | null,
  n: number,
): { hi: Uint32Array; lo: null } | null {
  const rank = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    rank.set(strs[i]!, 0);
    if (rank.size > n / 2) return null;
  }
  const distinct = [...rank.keys()].sort(compareUtf8);
  for (let r = 0; r < distinct.length; r++) rank.set(distinct[r]!, r);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) hi[i] = rank.get(strs[i]!)!;
  return { hi, lo: null };
}

/** The bits of `word` that differ between rows: only their digits need a pass. */
function varyingBits(word: Uint32Array): number {
  if (word.length === 0) return 0;
  const first = word[0]!;
  let bits = 0;
  for (let i = 1; i < word.length; i++) bits |= word[i]! ^ first;
  return bits;
}

const RADIX_NUMERIC = new Set<string>([
  'boolean',
  'byte',
  'short',
  'integer',
  'date',
  'year_month_interval',
  'float',
  'double',
]);

/**
 * Stable LSD radix sort of row indexes by numeric keys (the last key first, so earlier keys decide):
 * each key is one or two 32-bit words, then a 1-bit word that puts its NULLs on their side. Only the
 * varying bits of a word get digit passes; a string key is its values' ranks (see stringRanks). The
 * words still to be sorted by travel with the indexes, so every pass reads them in sequence: reading a
 * word through the permuted indexes is a cache miss per row once the rows outgrow the caches (the H2O
 * top-2 window sort of 1e6 rows spent 1.4 s so). Null when a key is neither numeric nor a string
 * column of few distinct values.
 */
function radixSort(keys: readonly Vector[], order: readonly SortOrder[], n: number): Int32Array | null {
  for (const k of keys) {
    if (k.type.kind === 'null' || k.type.kind === 'string' || RADIX_NUMERIC.has(k.type.kind)) continue;
    if (!(k.values instanceof BigInt64Array)) return null;
  }
  // The words, least significant first, with their varying bits; `invert` for descending keys.
  const words: Uint32Array[] = [];
  const varyings: number[] = [];
  const inverts: boolean[] = [];
  const add = (word: Uint32Array, invert: boolean): void => {
    const varying = varyingBits(word);
    if (varying === 0) return;
    words.push(word);
    varyings.push(varying);
    inverts.push(invert);
  };
  for (let c = keys.length - 1; c >= 0; c--) {
    const key = keys[c]!;
    if (key.type.kind === 'null') continue; // a NULL-typed key orders nothing
    const w = radixWords(key);
    if (w === null) return null;
    const invert = order[c]!.direction === 'Descending';
    for (const word of w.lo !== null ? [w.lo, w.hi] : [w.hi]) add(word, invert);
    const nulls = key.nulls;
    if (nulls !== null) {
      const nullRank = order[c]!.nullOrdering === 'NullsFirst' ? 0 : 1;
      const word = new Uint32Array(n);
      for (let i = 0; i < n; i++) word[i] = nulls[i] === 1 ? nullRank : 1 - nullRank;
      add(word, false);
    }
  }
  return concatenatedRuns(words, inverts, n) ?? sortByWords(words, varyings, inverts, n);
}

/** One counting pass of the in-bucket sort: the digit `((word w >>> shift) & mask) ^ flip`. */
interface Digit {
  readonly w: number;
  readonly shift: number;
  readonly mask: number;
  readonly flip: number;
}

/** Digits of at most MAX_DIGIT_BITS covering bits [low, high) of word w, in as few passes as fit. */
function digitsOf(w: number, low: number, high: number, invert: boolean, out: Digit[]): void {
  if (high <= low) return;
  const passes = Math.ceil((high - low) / MAX_DIGIT_BITS);
  const bits = Math.ceil((high - low) / passes);
  for (let shift = low; shift < high; shift += bits) {
    const mask = (1 << Math.min(bits, high - shift)) - 1;
    out.push({ w, shift, mask, flip: invert ? mask : 0 });
  }
}

/**
 * 8-bit digits: a counting pass scatters rows to 256 places at once, which the caches and the TLB
 * still hold (11-bit digits over 1.8e6 rows cost twice as much per pass).
 */
const MAX_DIGIT_BITS = 8;

/** Sorts of this many rows or fewer keep their records (8 or more bytes a row, twice) in the caches. */
const CACHED_SORT_ROWS = 1 << 16;

/** Buckets this small are sorted by insertion: 256 counters per digit cost more than the rows. */
const INSERTION_SORT_ROWS = 48;

/**
 * The stable order of rows by their sort words (least significant first; `inverts` for descending).
 * Past CACHED_SORT_ROWS, one pass by the top digit of the most significant word splits the rows into
 * up to 256 buckets in order; each bucket (or the rows as one) is then sorted by its remaining digits,
 * least significant first, while it is in the caches. Each row travels as a record of its words and
 * its index, so that every pass reads in sequence and writes a row to one place. (LSD passes over all
 * rows, by 11-bit digits, scattered to 2048 places per pass over arrays larger than the caches:
 * 110-130 ns a row for TPC-H Q21's sorts of 1.8e6 order keys, against about 40 so.)
 */
function sortByWords(
  words: readonly Uint32Array[],
  varyings: readonly number[],
  inverts: readonly boolean[],
  n: number,
): Int32Array {
  const nw = words.length;
  const stride = nw + 1;
  const top = nw - 1;
  const topVarying = varyings[top]!;
  const topLow = 31 - Math.clz32(topVarying & -topVarying);
  const topHigh = 32 - Math.clz32(topVarying);
  // Rows that fit the caches are one bucket, sorted by all their digits.
  const topBits = n <= CACHED_SORT_ROWS ? 0 : Math.min(MAX_DIGIT_BITS, topHigh - topLow);
  const topShift = topHigh - topBits;
  const topMask = (1 << topBits) - 1;
  const topFlip = inverts[top]! ? topMask : 0;
  const topWord = words[top]!;
  const buckets = topMask + 1;
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) start[(((topWord[i]! >>> topShift) & topMask) ^ topFlip) + 1]!++;
  for (let b = 1; b <= buckets; b++) start[b]! += start[b - 1]!;
  const cursor = start.slice(0, buckets);
  const a = new Int32Array(stride * n);
  if (stride === 2) {
    for (let i = 0; i < n; i++) {
      const x = topWord[i]!;
      const t = 2 * cursor[((x >>> topShift) & topMask) ^ topFlip]!++;
      a[t] = x;
      a[t + 1] = i;
    }
  } else {
    const dest = new Int32Array(n);
    for (let i = 0; i < n; i++)
      dest[i] = stride * cursor[((topWord[i]! >>> topShift) & topMask) ^ topFlip]!++;
    for (let w = 0; w < nw; w++) {
      const word = words[w]!;
      for (let i = 0; i < n; i++) a[dest[i]! + w] = word[i]!;
    }
    for (let i = 0; i < n; i++) a[dest[i]! + nw] = i;
  }

  const digits: Digit[] = [];
  for (let w = 0; w < top; w++) {
    const v = varyings[w]!;
    digitsOf(w, 31 - Math.clz32(v & -v), 32 - Math.clz32(v), inverts[w]!, digits);
  }
  digitsOf(top, topLow, topShift, inverts[top]!, digits);
  if (digits.length > 0) {
    const b = new Int32Array(stride * n);
    const count = new Int32Array((1 << MAX_DIGIT_BITS) + 1);
    const flips = inverts.map((inv) => (inv ? -1 : 0));
    const rec = new Int32Array(stride);
    for (let k = 0; k < buckets; k++) {
      const s = start[k]!;
      const e = start[k + 1]!;
      if (e - s < 2) continue;
      if (e - s <= INSERTION_SORT_ROWS) insertionSortRecords(a, s, e, stride, flips, rec);
      else if (digits.length >= MSD_MIN_DIGITS)
        sortByTopDigits(a, b, s, e, stride, digits, digits.length, flips, rec);
      else if (sortBucket(a, b, s, e, stride, digits, count))
        a.set(b.subarray(stride * s, stride * e), stride * s);
    }
  }
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = a[stride * i + nw]!;
  return idx;
}

/**
 * Sorts records [s, e) of `a` by `digits`, least significant first, passing them between `a` and `b`;
 * true when the sorted records end in `b`.
 */
function sortBucket(
  a: Int32Array,
  b: Int32Array,
  s: number,
  e: number,
  stride: number,
  digits: readonly Digit[],
  count: Int32Array,
): boolean {
  let src = a;
  let dst = b;
  for (const digit of digits) {
    if (!countDigit(src, s, e, stride, digit, count)) continue;
    if (stride === 2) scatterPairs(src, dst, s, e, digit.shift, digit.mask, digit.flip, count);
    else scatterRecords(src, dst, s, e, stride, digit, count);
    const t = src;
    src = dst;
    dst = t;
  }
  return src !== a;
}

/**
 * Buckets of records sorted by this many digits or more are split by their most significant digit
 * first: H2O q8's final sort by (id6, v3) of 10^5 rows a task, about two rows per id6, made eight
 * passes over every bucket least significant digit first, where two passes by id6's digits leave
 * runs of a few rows for insertion sort.
 */
const MSD_MIN_DIGITS = 4;

/**
 * Sorts records [s, e) of `a` (equal in digits past d) by digits[0..d): one stable counting pass by
 * digit d - 1 into `b` and back, then each run of records that share it, by the digits below.
 */
function sortByTopDigits(
  a: Int32Array,
  b: Int32Array,
  s: number,
  e: number,
  stride: number,
  digits: readonly Digit[],
  d: number,
  flips: readonly number[],
  rec: Int32Array,
): void {
  for (; d > 0; d--) {
    if (e - s <= INSERTION_SORT_ROWS) {
      insertionSortRecords(a, s, e, stride, flips, rec);
      return;
    }
    const digit = digits[d - 1]!;
    const count = new Int32Array(digit.mask + 2);
    if (!countDigit(a, s, e, stride, digit, count)) continue;
    scatterRecords(a, b, s, e, stride, digit, count);
    a.set(b.subarray(stride * s, stride * e), stride * s);
    // The scatter advanced each value's start offset to its end. Most runs are a row or a few
    // (insertion sorted here, without a call a run that sorts nothing).
    let from = s;
    for (let v = 0; v <= digit.mask; v++) {
      const end = count[v]!;
      if (end - from > INSERTION_SORT_ROWS)
        sortByTopDigits(a, b, from, end, stride, digits, d - 1, flips, rec);
      else if (end - from > 1) insertionSortRecords(a, from, end, stride, flips, rec);
      from = end;
    }
    return;
  }
}

/**
 * Counts records [s, e) of `src` per value of `digit` and turns the counts into start offsets (from
 * s) in `count`; false, with `count` not turned, when all records share one value (no pass needed).
 */
function countDigit(
  src: Int32Array,
  s: number,
  e: number,
  stride: number,
  digit: Digit,
  count: Int32Array,
): boolean {
  const { w, shift, mask, flip } = digit;
  count.fill(0, 0, mask + 2);
  countDigitValues(src, s, e, stride, w, shift, mask, flip, count);
  for (let d = 1; d <= mask + 1; d++) if (count[d] === e - s) return false;
  count[0] = s;
  for (let d = 1; d <= mask + 1; d++) count[d]! += count[d - 1]!;
  return true;
}

/** count[digit + 1] += 1 for each record [s, e) of `src`. (Its own function: docs/architecture.md on row loops.) */
function countDigitValues(
  src: Int32Array,
  s: number,
  e: number,
  stride: number,
  w: number,
  shift: number,
  mask: number,
  flip: number,
  count: Int32Array,
): void {
  for (let i = s; i < e; i++) count[(((src[stride * i + w]! >>> shift) & mask) ^ flip) + 1]!++;
}

/** Records [s, e) of `src` to `dst` at their digit's next offset in `offsets`, in order. */
function scatterRecords(
  src: Int32Array,
  dst: Int32Array,
  s: number,
  e: number,
  stride: number,
  digit: Digit,
  offsets: Int32Array,
): void {
  const { w, shift, mask, flip } = digit;
  for (let i = s; i < e; i++) {
    const t = stride * offsets[((src[stride * i + w]! >>> shift) & mask) ^ flip]!++;
    for (let c = 0; c < stride; c++) dst[t + c] = src[stride * i + c]!;
  }
}

/** One counting pass over (word, index) records: the common case of a key of one varying word. */
function scatterPairs(
  src: Int32Array,
  dst: Int32Array,
  s: number,
  e: number,
  shift: number,
  mask: number,
  flip: number,
  offsets: Int32Array,
): void {
  for (let i = s; i < e; i++) {
    const x = src[2 * i]!;
    const t = 2 * offsets[((x >>> shift) & mask) ^ flip]!++;
    dst[t] = x;
    dst[t + 1] = src[2 * i + 1]!;
  }
}

/** Stable insertion sort of records [s, e) by their words, most significant (last) first; `rec` a record's scratch. */
function insertionSortRecords(
  a: Int32Array,
  s: number,
  e: number,
  stride: number,
  flips: readonly number[],
  rec: Int32Array,
): void {
  for (let i = s + 1; i < e; i++) {
    for (let c = 0; c < stride; c++) rec[c] = a[stride * i + c]!;
    let j = i - 1;
    while (j >= s && recordAfter(a, j, rec, stride, flips)) {
      for (let c = 0; c < stride; c++) a[stride * (j + 1) + c] = a[stride * j + c]!;
      j--;
    }
    for (let c = 0; c < stride; c++) a[stride * (j + 1) + c] = rec[c]!;
  }
}

/** Whether record j of `a` sorts strictly after `rec` (equal records keep their order). */
function recordAfter(
  a: Int32Array,
  j: number,
  rec: Int32Array,
  stride: number,
  flips: readonly number[],
): boolean {
  for (let w = stride - 2; w >= 0; w--) {
    const x = (a[stride * j + w]! ^ flips[w]!) >>> 0;
    const y = (rec[w]! ^ flips[w]!) >>> 0;
    if (x !== y) return x > y;
  }
  return false;
}

/** Compares rows i and j by the sort words (least significant first, `inverts` for descending keys). */
function compareWords(
  words: readonly Uint32Array[],
  inverts: readonly boolean[],
  i: number,
  j: number,
): number {
  for (let w = words.length - 1; w >= 0; w--) {
    const x = words[w]![i]!;
    const y = words[w]![j]!;
    if (x !== y) return x < y !== inverts[w] ? -1 : 1;
  }
  return 0;
}

/** Inputs of more sorted runs than this are radix sorted without looking at the runs further. */
const MAX_RUNS = 64;

/**
 * The rows' order when they come as a few sorted runs whose key ranges do not overlap: the runs in the
 * order of their keys, each as it is. A shuffle partition of data stored sorted (TPC-H's order keys,
 * rows clustered by date or id) is such a concatenation: one run per map task. Null otherwise.
 * (Merging overlapping runs instead of radix sorting was tried: in JavaScript, comparing word by word
 * through the permutation made TPC-H Q21's merge joins 1.5x slower than the radix passes.)
 */
function concatenatedRuns(
  words: readonly Uint32Array[],
  inverts: readonly boolean[],
  n: number,
): Int32Array | null {
  const starts = [0];
  for (let i = 1; i < n; i++) {
    if (compareWords(words, inverts, i - 1, i) <= 0) continue;
    if (starts.length === MAX_RUNS) return null;
    starts.push(i);
  }
  starts.push(n);
  const runs = Array.from({ length: starts.length - 1 }, (_, r) => r);
  runs.sort((r, q) => compareWords(words, inverts, starts[r]!, starts[q]!) || r - q);
  for (let x = 1; x < runs.length; x++) {
    const before = runs[x - 1]!;
    const after = runs[x]!;
    // Rows of equal keys keep their input order (the sort is stable).
    const c = compareWords(words, inverts, starts[before + 1]! - 1, starts[after]!);
    if (c > 0 || (c === 0 && before > after)) return null;
  }
  const idx = new Int32Array(n);
  let o = 0;
  for (const r of runs) for (let i = starts[r]!; i < starts[r + 1]!; i++) idx[o++] = i;
  return idx;
}

/** Stable sorted row order of one batch. */
export function sortIndices(batch: Batch, co: CompiledOrder): Int32Array {
  const n = batch.numRows;
  const keys = co.evals.map((f) => f(batch));
  const radix = radixSort(keys, co.order, n);
  if (radix !== null) return radix;
  const cmp = rowOrdering(co.order, keys);
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => cmp(a, b) || a - b);
  return Int32Array.from(idx);
}
