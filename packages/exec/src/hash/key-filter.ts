// Tests of whether rows' keys are among a set of keys (a semi join's question without its pairs):
// runtime filters ask it of the streamed rows, a merge join of the rows of its much larger side.

import type { DataType, Vector } from '@flint/common';
import { bloomInsert, bloomSelect, createBloomFilter } from './bloom-filter.js';
import { denseKeySet, selectInDenseSet } from './dense-keys.js';
import { createKeyHasher, createKeyTable } from './key-table.js';

/** Into `out`, the rows of 0..n-1 whose keys may be in the set, not skipped, ascending; returns how many. */
export interface KeySelect {
  (keys: readonly Vector[], n: number, skip: Uint8Array | null, out: Int32Array): number;
  /**
   * For one key column, when it can: into `out`, the rows of `sel[0..count)` (ascending) whose key may
   * be in the set and is not NULL, tested in place (no gather of the key); returns how many.
   */
  readonly at?: (key: Vector, sel: Int32Array, count: number, out: Int32Array) => number;
}

/**
 * A set of more keys than this, unless they are dense, is tested by a Bloom filter when the test may
 * let other keys through.
 */
export const BLOOM_FILTER_MIN_KEYS = 1 << 16;

/**
 * The test of keys `keys` (rows 0..n-1, less the skipped; key column c of type keyTypes[c], and the
 * tested keys stored alike). One dense int or long key is tested against the set of its values (a
 * bit a value over their range: exact, no hashing). Otherwise the key is found in a KeyTable, unless
 * the test may let other keys through (`exact` false) and there are more than BLOOM_FILTER_MIN_KEYS:
 * then its hash is looked up in a Bloom filter, which lets a few percent of other keys through. A
 * hash table past the caches costs a miss a probed row, more than the dropped rows save (TPC-H Q8 at
 * SF 1: 457k order keys, 1.2 -> 1.9 s; Q5's 227k order keys probed by all 6M lineitem rows took
 * 0.8 s of task time, their bits 750 KB).
 */
export function keyFilterOf(
  keys: readonly Vector[],
  skip: Uint8Array | null,
  n: number,
  keyTypes: readonly DataType[],
  exact: boolean,
): KeySelect {
  const set = keys.length === 1 ? denseKeySet(keys[0]!, n, skip) : null;
  if (set !== null) {
    return Object.assign(
      (ks: readonly Vector[], m: number, sk: Uint8Array | null, out: Int32Array) =>
        selectInDenseSet(set, ks[0]!, m, sk, out),
      {
        at: (key: Vector, sel: Int32Array, count: number, out: Int32Array) =>
          selectInDenseSet(set, key, count, key.nulls, out, sel),
      },
    );
  }
  if (exact || n <= BLOOM_FILTER_MIN_KEYS) {
    const table = createKeyTable(keyTypes, n);
    table.insert(keys, n);
    // NULL keys, inserted as any key, are left to `skip`.
    return (ks, m, sk, out) => {
      const ids = table.find(ks, m);
      let k = 0;
      for (let i = 0; i < m; i++) {
        out[k] = i;
        k += ids[i]! >= 0 && (sk === null || sk[i] === 0) ? 1 : 0;
      }
      return k;
    };
  }
  const hashKeys = createKeyHasher(keyTypes);
  let hashes = new Int32Array(n);
  hashKeys(keys, n, hashes);
  const filter = createBloomFilter(n);
  bloomInsert(filter, hashes, n, skip);
  return (ks, m, sk, out) => {
    if (hashes.length < m) hashes = new Int32Array(m);
    hashKeys(ks, m, hashes);
    return bloomSelect(filter, hashes, m, sk, out);
  };
}

/** 1 at rows where a key that is not null-safe is NULL (such rows match nothing). */
export function nullKeyRows(
  keys: readonly Vector[],
  nullSafe: readonly boolean[],
  n: number,
): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (let c = 0; c < keys.length; c++) {
    if (nullSafe[c] === true) continue;
    const v = keys[c]!;
    if (v.type.kind === 'null') return new Uint8Array(n).fill(1);
    const nl = v.nulls;
    if (nl === null) continue;
    out ??= new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i]! |= nl[i]!;
  }
  return out;
}
