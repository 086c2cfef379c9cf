// Dense integer join keys (a perfect hash, as DuckDB's perfect hash join): when a build side's one
// int or long key spans a range not much wider than its number of keys, key - min indexes an array
// (of the key's first build row, say). A probe then reads one array cell, with no hashing and no walk
// over a table's slots, which past the caches cost a miss each (TPC-H's customer, supplier and part
// keys are 1..n: a probe of 150,000 customer keys read an 8 MB table, then the key's row chain).

import type { Vector } from '@flint/common';
import { exactLongAt, int32View } from '../eval/vectors.js';

/** A number per key value: values[v - min] for key v, -1 where no build row has it. */
export interface DenseKeyMap {
  readonly min: number;
  readonly values: Int32Array;
}

/** The widest span of key values per build row for which the array is used, and the widest at all. */
const SPAN_PER_KEY = 4;
const MAX_SPAN = 1 << 24;

const TWO_32 = 4294967296;

/**
 * The map of build keys `key` (an int or long column) to `ids[i]` of a row i with that key, leaving
 * out rows where `skip` is 1; null when the keys are not dense enough, or beyond 2^53.
 */
export function denseKeyMap(
  key: Vector,
  ids: Int32Array,
  n: number,
  skip: Uint8Array | null,
): DenseKeyMap | null {
  const values = key.values;
  const words = values instanceof BigInt64Array ? int32View(values) : null;
  const ints = values instanceof Int32Array ? values : null;
  if (words === null && ints === null) return null;
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
  const span = max - min + 1;
  if (span > MAX_SPAN || span > SPAN_PER_KEY * keys + 1024) return null;
  const out = new Int32Array(span).fill(-1);
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) continue;
    out[at(i) - min] = ids[i]!;
  }
  return { min, values: out };
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
