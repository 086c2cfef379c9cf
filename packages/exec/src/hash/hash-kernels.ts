// Cheap 32-bit hashing of key values for the in-memory hash tables (not Spark's Murmur3: these
// hashes never leave the process, they only need to spread keys over power-of-two tables).

import { hashCharRange } from '@flint/common';

/** Hash of a NULL key value. */
export const NULL_HASH = 0x2f3a1b7d;
/** Hash of every NaN (all NaNs are one grouping key). */
export const NAN_HASH = 0x5bd1e995;

/** Murmur3's finalizer: every input bit affects every output bit, so low bits index well. */
export function fmix32(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Hash of a 64-bit value given as its two 32-bit halves. */
export function hashLongHalves(lo: number, hi: number): number {
  return fmix32(lo ^ Math.imul(hi ^ (hi >>> 15), 0x27d4eb2d));
}

/** FNV-1a over the UTF-16 code units, finalized; allocation-free. */
export function hashString(s: string): number {
  return hashChars(s, 0, s.length);
}

/** hashString of chars[from..to), without cutting it (a packed row hashes as its string does). */
export function hashChars(chars: string, from: number, to: number): number {
  return fmix32(hashCharRange(chars, from, to) ^ (to - from));
}

/** Folds the hash of a further key column into the running hash of the columns before it. */
export function combineHash(h: number, c: number): number {
  return (Math.imul(h, 0x01000193) ^ c) | 0;
}

// One scratch cell for reading a double's bits without allocating.
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

/** Hash of a double as a grouping key: -0.0 hashes as 0.0 and every NaN alike. */
export function hashDouble(x: number): number {
  if (x !== x) return NAN_HASH;
  f64[0] = x === 0 ? 0 : x;
  return hashLongHalves(i32[0]!, i32[1]!);
}
