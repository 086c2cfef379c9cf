// Dense integer join keys (a perfect hash, as DuckDB's perfect hash join): when a build side's one
// int or long key spans a range not much wider than its number of keys, key - min indexes an array
// (of the key's first build row, say). A probe then reads one array cell, with no hashing and no walk
// over a table's slots, which past the caches cost a miss each (TPC-H's customer, supplier and part
// keys are 1..n: a probe of 150,000 customer keys read an 8 MB table, then the key's row chain).

import type { Vector } from '@flint/common';
import type { RowScratch } from '../eval/row-scratch.js';
import { exactLongAt, int32View, TWO_32 } from '../eval/vectors.js';

/** A number per key value: values[v - min] for key v, -1 where no build row has it. */
export interface DenseKeyMap {
  readonly min: number;
  readonly values: Int32Array;
  /**
   * Bit v - min is set where values[v - min] is not -1: a probe tests a bit of a few kB before it
   * reads the values, which span up to 4 bytes a value (TPC-H Q8's 1,300 parts of one type, of keys
   * 1..200,000: 800 kB of values read at random for every lineitem row, against 25 kB of bits).
   */
  readonly present: Int32Array;
}

/**
 * The array is used when the keys span at most 1 MB of it whatever their number (a hash table's probe
 * of a key it lacks walks its slots, a mispredicted branch or two a row: TPC-H Q11's 396 German
 * supplier keys, of 1..10,000, cost 15 ns a probe), and beyond that up to SPAN_PER_KEY values a key,
 * to at most MAX_SPAN.
 */
const SPAN_ANY = 1 << 18;
const SPAN_PER_KEY = 4;
const MAX_SPAN = 1 << 24;

/** The values of an int or long key column over its rows that are not skipped. */
interface KeyRange {
  readonly min: number;
  readonly max: number;
  /**
   * Row i's value less min is ints[stride * i] - base, in int arithmetic with no call a row: an int
   * column or a long column's low words when every value is an int (base = min), else the rows'
   * offsets from min (stride 1, base 0).
   */
  readonly ints: Int32Array;
  readonly stride: number;
  readonly base: number;
  /** Rows not skipped. */
  readonly keys: number;
}

/** The range of rows 0..n-1 of `key`; null when it is not int or long, has no rows, or passes 2^53. */
function keyRange(key: Vector, n: number, skip: Uint8Array | null): KeyRange | null {
  const values = key.values;
  const words = values instanceof BigInt64Array ? int32View(values) : null;
  const ints = values instanceof Int32Array ? values : null;
  if (words === null && ints === null) return null;
  const fast = intRange(words ?? ints!, words !== null ? 2 : 1, n, skip);
  if (fast !== null) return fast;
  const at = (i: number): number => (words !== null ? exactLongAt(words, i) : ints![i]!);
  let min = Infinity;
  let max = -Infinity;
  let keys = 0;
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) continue;
    const v = at(i);
    if (v !== v) return null;
    if (v < min) min = v;
    if (v > max) max = v;
    keys++;
  }
  if (keys === 0) return null;
  // (A span past 2^31 wraps here; the callers refuse such spans.)
  const offsets = new Int32Array(n);
  for (let i = 0; i < n; i++) if (skip === null || skip[i] !== 1) offsets[i] = at(i) - min;
  return { min, max, ints: offsets, stride: 1, base: 0, keys };
}

/**
 * keyRange for keys that are all ints (TPC-H's: a long key's high word is its low word's sign), in
 * int arithmetic; null when one is not, or there are none. (A call a row through a value getter cost
 * a 727k-key runtime filter of TPC-H Q3 17 ns a key to build.)
 */
function intRange(w: Int32Array, stride: number, n: number, skip: Uint8Array | null): KeyRange | null {
  let min = 2147483647;
  let max = -2147483648;
  let keys = 0;
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) continue;
    const lo = w[stride * i]!;
    if (stride === 2 && w[2 * i + 1] !== lo >> 31) return null;
    if (lo < min) min = lo;
    if (lo > max) max = lo;
    keys++;
  }
  return keys === 0 ? null : { min, max, ints: w, stride, base: min, keys };
}

/** A build side's rows by their dense key: each value's first row, and each row's next of its value. */
export interface DenseRowChains {
  readonly first: DenseKeyMap;
  /** Whether no two rows share a value. */
  readonly unique: boolean;
}

/**
 * The rows 0..n-1 of build key `key` (an int or long column), less those where `skip` is 1, chained
 * by value: `first` maps each value to its first row, and next[i] is set to the following row of row
 * i's value (-1 ends). Null when the keys are not dense enough, or beyond 2^53; a hash table then
 * chains them. No hashing, and no table of keys at all: TPC-H Q14's broadcast of 200,000 part keys
 * took 40 ms a worker to insert into one.
 */
export function denseRowChains(
  key: Vector,
  n: number,
  skip: Uint8Array | null,
  next: Int32Array,
): DenseRowChains | null {
  const range = keyRange(key, n, skip);
  if (range === null) return null;
  const { min } = range;
  const span = range.max - min + 1;
  if (span > MAX_SPAN || (span > SPAN_ANY && span > SPAN_PER_KEY * range.keys)) return null;
  const first = new Int32Array(span).fill(-1);
  const unique = chainRows(range, n, skip, first, next);
  return { first: { min, values: first, present: presentBits(first) }, unique };
}

/** Bit x set where values[x] is not -1. */
function presentBits(values: Int32Array): Int32Array {
  const bits = new Int32Array((values.length + 31) >>> 5);
  for (let x = 0; x < values.length; x++) if (values[x]! >= 0) bits[x >>> 5]! |= 1 << (x & 31);
  return bits;
}

/** Chains rows by their value's offset in `range` (see denseRowChains); whether no two share one. */
function chainRows(
  range: KeyRange,
  n: number,
  skip: Uint8Array | null,
  first: Int32Array,
  next: Int32Array,
): boolean {
  const { ints, stride, base } = range;
  let unique = true;
  for (let i = n - 1; i >= 0; i--) {
    if (skip !== null && skip[i] === 1) continue;
    const x = (ints[stride * i]! - base) | 0;
    const j = first[x]!;
    if (j >= 0) unique = false;
    next[i] = j;
    first[x] = i;
  }
  return unique;
}

/** The key values of a set as bits: value v is in it when bit v - min is set. */
export interface DenseKeySet {
  readonly min: number;
  readonly span: number;
  readonly bits: Int32Array;
  /** Whether the keys are at most one in SPARSE_SET_SHARE of the span's values (see selectInDenseSet). */
  readonly sparse: boolean;
}

/**
 * A set of at most one key in this many of its span's values is tested with a branch a row: most rows
 * miss it, the branch is predicted and the rows that miss write nothing (TPC-H Q17's 200 parts of
 * 200,000, 4 ns a lineitem row without branches, 2 with).
 */
const SPARSE_SET_SHARE = 8;

/** A set over `bits` of a span from `min`, holding `keys` keys. */
export function denseSetOf(min: number, span: number, bits: Int32Array, keys: number): DenseKeySet {
  return { min, span, bits, sparse: keys * SPARSE_SET_SHARE <= span };
}

/**
 * A set may span 1 MB of bits whatever its number of keys (a hash table of 57k keys, TPC-H Q10's
 * orders of one quarter, takes 2 MB), and beyond that up to this many bits a key (eight times a
 * Bloom filter's 8, for no false positives and no hashing), to at most MAX_SET_SPAN bits (16 MB).
 */
const SET_SPAN_PER_KEY = 64;
const SET_SPAN_ANY = 1 << 23;
const MAX_SET_SPAN = 1 << 27;

/** 2^31: int keys are in [-INT_RANGE, INT_RANGE). */
const INT_RANGE = 2 ** 31;

/**
 * The set of the keys of rows 0..n-1 of `key` (an int or long column) that are not skipped, as bits
 * over their range; null when that range is over 1 MB and 64 bits a key, over 16 MB, or beyond 2^53.
 */
export function denseKeySet(key: Vector, n: number, skip: Uint8Array | null): DenseKeySet | null {
  const range = keyRange(key, n, skip);
  if (range === null) return null;
  const { min } = range;
  const span = range.max - min + 1;
  if (span > MAX_SET_SPAN || (span > SET_SPAN_ANY && span > SET_SPAN_PER_KEY * range.keys)) return null;
  const bits = new Int32Array((span + 31) >>> 5);
  setBits(range, n, skip, bits);
  return denseSetOf(min, span, bits, range.keys);
}

/** Sets the bit of each row's value's offset in `range`, for rows not skipped. */
function setBits(range: KeyRange, n: number, skip: Uint8Array | null, bits: Int32Array): void {
  const { ints, stride, base } = range;
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) continue;
    const x = (ints[stride * i]! - base) | 0;
    bits[x >>> 5]! |= 1 << (x & 31);
  }
}

/**
 * Into `out`, the rows (ascending) of rows 0..n-1 of `key` (of the set's keys' storage) whose value
 * is in the set, leaving out rows where `skip` is 1; returns how many. With `sel`, the rows tested are
 * sel[0..n) instead (ascending; `skip` still by row), in place: a filter's rows are not gathered first
 * (TPC-H Q3's runtime filter copied the order keys of the 1.6M lineitem rows a task that passed its
 * date, to keep 76k).
 */
export function selectInDenseSet(
  set: DenseKeySet,
  key: Vector,
  n: number,
  skip: Uint8Array | null,
  out: Int32Array,
  sel: Int32Array | null = null,
): number {
  const { min, span, bits } = set;
  const values = key.values;
  const longs = values instanceof BigInt64Array;
  if (set.sparse && sel === null) {
    if (!longs) return selectIntsInSparseSet(set, values as Int32Array, n, skip, out);
    if (min >= -INT_RANGE && min + span <= INT_RANGE)
      return selectLongsInSparseSet(set, int32View(values), n, skip, out);
  }
  // Keys that are ints, or longs of a set within the int range (TPC-H's), test in int arithmetic:
  // x = key - min wraps to at least 2^31 (unsigned) when outside the set's range, so one compare
  // checks both ends, and rows add 0 or 1 to the count without a branch (half of Q21's lineitem
  // rows passed, the other half missed a branch each; as doubles it was 8 ns a row, 1.5 so).
  if (!longs || (min >= -INT_RANGE && min + span <= INT_RANGE)) {
    const w = longs ? int32View(values) : null;
    const ints = longs ? null : (values as Int32Array);
    let k = 0;
    for (let s = 0; s < n; s++) {
      const i = sel === null ? s : sel[s]!;
      const lo = w !== null ? w[2 * i]! : ints![i]!;
      // A long whose high word is not the low word's sign is outside the int range, and the set.
      const inInts = w === null || w[2 * i + 1] === lo >> 31;
      const x = (lo - min) | 0;
      const word = inInts && x >>> 0 < span ? bits[x >>> 5]! : 0;
      const keep = skip === null || skip[i] === 0 ? 1 : 0;
      out[k] = i;
      k += (word >>> (x & 31)) & keep;
    }
    return k;
  }
  let k = 0;
  const w = int32View(values);
  // As in lookUpDense, a long past 2^53 lands outside the span.
  for (let s = 0; s < n; s++) {
    const i = sel === null ? s : sel[s]!;
    const x = w[2 * i + 1]! * TWO_32 + (w[2 * i]! >>> 0) - min;
    // Branch-free write: out[k] is overwritten until a row passes.
    out[k] = i;
    k +=
      x >= 0 && x < span && (bits[x >>> 5]! & (1 << (x & 31))) !== 0 && (skip === null || skip[i] === 0)
        ? 1
        : 0;
  }
  return k;
}

/**
 * selectInDenseSet over rows 0..n-1 of a sparse set's long keys, within the int range: a branch a row
 * (each width a loop of its own: one loop over both ran at 6 ns a row).
 */
function selectLongsInSparseSet(
  { min, span, bits }: DenseKeySet,
  w: Int32Array,
  n: number,
  skip: Uint8Array | null,
  out: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const lo = w[2 * i]!;
    const x = (lo - min) | 0;
    if (x >>> 0 >= span || (bits[x >>> 5]! & (1 << (x & 31))) === 0) continue;
    // A long outside the int range has a high word other than its low word's sign.
    if (w[2 * i + 1] !== lo >> 31 || (skip !== null && skip[i] === 1)) continue;
    out[k++] = i;
  }
  return k;
}

/** selectInDenseSet over rows 0..n-1 of a sparse set's int keys, a branch a row. */
function selectIntsInSparseSet(
  { min, span, bits }: DenseKeySet,
  ints: Int32Array,
  n: number,
  skip: Uint8Array | null,
  out: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = (ints[i]! - min) | 0;
    if (x >>> 0 >= span || (bits[x >>> 5]! & (1 << (x & 31))) === 0) continue;
    if (skip !== null && skip[i] === 1) continue;
    out[k++] = i;
  }
  return k;
}

/**
 * The rows of `sel` (null: rows 0..n-1) whose value of `key` is in the set, ascending, NULL rows left
 * out, in `scratch` (see RowScratch); null when that is all n rows.
 */
export function rowsInDenseSet(
  set: DenseKeySet,
  key: Vector,
  n: number,
  sel: Int32Array | null,
  scratch: RowScratch,
): Int32Array | null {
  const count = sel === null ? n : sel.length;
  const out = scratch.next(count, sel);
  const k = selectInDenseSet(set, key, count, key.nulls, out, sel);
  if (sel === null && k === n) return null;
  return out.subarray(0, k);
}

/** The number of bits set. */
export function countBits(bits: Int32Array): number {
  let count = 0;
  for (let i = 0; i < bits.length; i++) {
    let x = bits[i]! - ((bits[i]! >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    count += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return count;
}

/**
 * The numbers of the keys of rows 0..n-1 of key column `key` (of the build keys' storage), -1 where
 * absent. A NULL row's is unspecified: the caller drops NULL keys.
 */
export function lookUpDense(d: DenseKeyMap, key: Vector, n: number, out: Int32Array): Int32Array {
  const { min, values: ids } = d;
  const span = ids.length;
  const values = key.values;
  if (values instanceof BigInt64Array) {
    const w = int32View(values);
    if (min >= -INT_RANGE && min + span <= INT_RANGE) {
      // In int arithmetic, as selectInDenseSet: a long outside the int range has a high word other
      // than its low word's sign, and x wraps to at least 2^31 (unsigned) outside the span.
      for (let i = 0; i < n; i++) {
        const lo = w[2 * i]!;
        const x = (lo - min) | 0;
        out[i] = w[2 * i + 1] === lo >> 31 && x >>> 0 < span ? ids[x]! : -1;
      }
      return out;
    }
    // No exactness test (exactLongAt): a long past 2^53 lands outside the span either way.
    for (let i = 0; i < n; i++) {
      const x = w[2 * i + 1]! * TWO_32 + (w[2 * i]! >>> 0) - min;
      out[i] = x >= 0 && x < span ? ids[x]! : -1;
    }
  } else {
    const v = values as Int32Array;
    for (let i = 0; i < n; i++) {
      const x = v[i]! - min;
      out[i] = x >= 0 && x < span ? ids[x]! : -1;
    }
  }
  return out;
}

/**
 * Into si and bi, each row i of 0..n-1 of key column `key` (of the build keys' storage) whose value
 * has a number in `d`, and that number, leaving out rows where `skip` is 1; returns how many. One
 * pass, testing the map's bits before reading its values (lookUpDense then a pass for the rows found
 * read every row's value and wrote, then read, a number for each: two thirds of a selective join's
 * probe, TPC-H Q8's lineitem rows of one part type).
 */
export function lookUpDensePairs(
  d: DenseKeyMap,
  key: Vector,
  n: number,
  skip: Uint8Array | null,
  si: Int32Array,
  bi: Int32Array,
): number {
  const { min, values: ids, present } = d;
  const span = ids.length;
  const values = key.values;
  let k = 0;
  if (values instanceof BigInt64Array && min >= -INT_RANGE && min + span <= INT_RANGE) {
    // In int arithmetic, as lookUpDense.
    const w = int32View(values);
    for (let i = 0; i < n; i++) {
      const lo = w[2 * i]!;
      const x = (lo - min) | 0;
      if (w[2 * i + 1] !== lo >> 31 || x >>> 0 >= span) continue;
      if ((present[x >>> 5]! & (1 << (x & 31))) === 0 || (skip !== null && skip[i] === 1)) continue;
      si[k] = i;
      bi[k++] = ids[x]!;
    }
    return k;
  }
  if (values instanceof Int32Array) {
    for (let i = 0; i < n; i++) {
      const x = values[i]! - min;
      if (!(x >= 0 && x < span)) continue;
      if ((present[x >>> 5]! & (1 << (x & 31))) === 0 || (skip !== null && skip[i] === 1)) continue;
      si[k] = i;
      bi[k++] = ids[x]!;
    }
    return k;
  }
  // Longs past the int range, as lookUpDense (a long past 2^53 lands outside the span).
  const w = int32View(values as BigInt64Array);
  for (let i = 0; i < n; i++) {
    const x = w[2 * i + 1]! * TWO_32 + (w[2 * i]! >>> 0) - min;
    if (!(x >= 0 && x < span) || ids[x]! < 0 || (skip !== null && skip[i] === 1)) continue;
    si[k] = i;
    bi[k++] = ids[x]!;
  }
  return k;
}
