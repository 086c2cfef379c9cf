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
 * for 32-bit keys. Null when the key is not numeric.
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
      const hi = new Uint32Array(n);
      const lo = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        hi[i] = (w[2 * i + 1]! ^ 0x80000000) >>> 0;
        lo[i] = w[2 * i]!;
      }
      return { hi, lo };
    }
    default:
      return null;
  }
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
 * varying bits of a word get digit passes. The words still to be sorted by travel with the indexes,
 * so every pass reads them in sequence: reading a word through the permuted indexes is a cache miss
 * per row once the rows outgrow the caches (the H2O top-2 window sort of 1e6 rows spent 1.4 s so).
 * Null when a key is not numeric.
 */
function radixSort(keys: readonly Vector[], order: readonly SortOrder[], n: number): Int32Array | null {
  for (const k of keys) {
    if (k.type.kind === 'null' || RADIX_NUMERIC.has(k.type.kind)) continue;
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
  let idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (inOrder(words, inverts, n)) return idx;
  let idxOut = new Int32Array(n);
  // Digits as wide as the row count pays for: a pass costs n + 2^bits, so small sorts (one shuffle
  // partition) take 8-bit digits; wider digits scatter to more places at once, so 11 at most.
  const digitBits = n < 1 << 12 ? 8 : 11;
  const count = new Int32Array((1 << digitBits) + 1);
  const dest = new Int32Array(n);
  const spare: Uint32Array[] = [];
  for (let w = 0; w < words.length; w++) {
    const varying = varyings[w]!;
    const low = 31 - Math.clz32(varying & -varying);
    const high = 32 - Math.clz32(varying);
    for (let shift = low; shift < high; shift += digitBits) {
      const mask = (2 ** Math.min(digitBits, 32 - shift) - 1) >>> 0;
      if (!digitDestinations(words[w]!, shift, mask, inverts[w]! ? mask : 0, count, dest)) continue;
      for (let i = 0; i < n; i++) idxOut[dest[i]!] = idx[i]!;
      const t = idx;
      idx = idxOut;
      idxOut = t;
      // The words still needed move with the rows: this one if it has digits left, and the later ones.
      for (let v = shift + digitBits < high ? w : w + 1; v < words.length; v++) {
        const from = words[v]!;
        const to = spare.pop() ?? new Uint32Array(n);
        for (let i = 0; i < n; i++) to[dest[i]!] = from[i]!;
        words[v] = to;
        spare.push(from);
      }
    }
  }
  return idx;
}

/**
 * Whether the rows are already in order by the sort words (least significant first, `inverts` for
 * descending keys); stops at the first row out of order. (Merging a few sorted runs instead of radix
 * sorting was tried: in JavaScript, comparing word by word through the permutation made TPC-H Q21's
 * merge joins 1.5x slower than the radix passes.)
 */
function inOrder(words: readonly Uint32Array[], inverts: readonly boolean[], n: number): boolean {
  for (let i = 1; i < n; i++) {
    for (let w = words.length - 1; w >= 0; w--) {
      const x = words[w]![i - 1]!;
      const y = words[w]![i]!;
      if (x === y) continue;
      if (x < y === inverts[w]) return false;
      break;
    }
  }
  return true;
}

/**
 * Where each row goes in one stable counting pass by the digit `((word >>> shift) & mask) ^ flip`;
 * false (and nothing written) when all rows share the digit. `count` has mask + 2 slots.
 */
function digitDestinations(
  word: Uint32Array,
  shift: number,
  mask: number,
  flip: number,
  count: Int32Array,
  dest: Int32Array,
): boolean {
  const n = word.length;
  const buckets = mask + 1;
  count.fill(0, 0, buckets + 1);
  for (let i = 0; i < n; i++) count[(((word[i]! >>> shift) & mask) ^ flip) + 1]!++;
  for (let b = 1; b <= buckets; b++) if (count[b] === n) return false;
  for (let b = 1; b <= buckets; b++) count[b]! += count[b - 1]!;
  for (let i = 0; i < n; i++) dest[i] = count[((word[i]! >>> shift) & mask) ^ flip]!++;
  return true;
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
