// Spark's Murmur3_x86_32 (hashInt, hashLong, hashUnsafeBytes) and Murmur3Hash over typed values,
// so that HashPartitioning puts rows in the same partitions as Spark.

import { getValue, type DataType, type Value, type Vector } from '@flint/common';
import { int32View } from '../eval/vectors.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k1: number): number {
  k1 = Math.imul(k1, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  return Math.imul(k1, C2);
}

function mixH1(h1: number, k1: number): number {
  h1 ^= k1;
  h1 = (h1 << 13) | (h1 >>> 19);
  return (Math.imul(h1, 5) + 0xe6546b64) | 0;
}

function fmix(h1: number, length: number): number {
  h1 ^= length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 | 0;
}

export function hashInt(input: number, seed: number): number {
  return fmix(mixH1(seed, mixK1(input | 0)), 4);
}

/** hashLong over the two 32-bit halves of a long (as read through an Int32Array view). */
export function hashLongHalves(low: number, high: number, seed: number): number {
  return fmix(mixH1(mixH1(seed, mixK1(low)), mixK1(high)), 8);
}

export function hashLong(input: bigint, seed: number): number {
  const low = Number(BigInt.asIntN(32, input));
  const high = Number(BigInt.asIntN(32, input >> 32n));
  let h1 = mixH1(seed, mixK1(low));
  h1 = mixH1(h1, mixK1(high));
  return fmix(h1, 8);
}

export function hashBytes(bytes: Uint8Array, seed: number): number {
  const n = bytes.length;
  const aligned = n - (n % 4);
  let h1 = seed;
  for (let i = 0; i < aligned; i += 4) {
    const word = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h1 = mixH1(h1, mixK1(word));
  }
  // Spark mixes each trailing byte (sign-extended) as a whole word.
  for (let i = aligned; i < n; i++) h1 = mixH1(h1, mixK1((bytes[i]! << 24) >> 24));
  return fmix(h1, n);
}

const encoder = new TextEncoder();
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Murmur3Hash of one non-null value with the running hash as seed. */
export function hashValue(t: DataType, x: Value, seed: number): number {
  switch (t.kind) {
    case 'boolean':
      return hashInt(x === true || x === 1 ? 1 : 0, seed);
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
      return hashInt(x as number, seed);
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      return hashLong(x as bigint, seed);
    case 'float': {
      const f = x as number;
      if (f === 0) return hashInt(0, seed);
      f32[0] = Number.isNaN(f) ? NaN : f;
      return hashInt(Number.isNaN(f) ? 0x7fc00000 : i32[0]!, seed);
    }
    case 'double': {
      const d = x as number;
      if (d === 0) return hashLong(0n, seed);
      if (Number.isNaN(d)) return hashLong(0x7ff8000000000000n, seed);
      f64[0] = d;
      return hashLong(i64[0]!, seed);
    }
    case 'decimal':
      if (t.precision <= 18) return hashLong(x as bigint, seed);
      return hashBytes(bigIntToJavaBytes(x as bigint), seed);
    case 'string':
      return hashUtf8(x as string, seed);
    case 'binary':
      return hashBytes(x as Uint8Array, seed);
    case 'array': {
      let h = seed;
      for (const e of x as readonly Value[]) if (e !== null) h = hashValue(t.elementType, e, h);
      return h;
    }
    case 'struct': {
      let h = seed;
      (x as readonly Value[]).forEach((e, i) => {
        if (e !== null) h = hashValue(t.fields[i]!.dataType, e, h);
      });
      return h;
    }
    default:
      return hashBytes(
        encoder.encode(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
        seed,
      );
  }
}

/** java.math.BigInteger.toByteArray: minimal two's complement, big-endian. */
function bigIntToJavaBytes(v: bigint): Uint8Array {
  const bytes: number[] = [];
  let x = v;
  for (;;) {
    const b = Number(BigInt.asUintN(8, x));
    bytes.unshift(b);
    x >>= 8n;
    if ((x === 0n && (b & 0x80) === 0) || (x === -1n && (b & 0x80) !== 0)) break;
  }
  return Uint8Array.from(bytes);
}

/**
 * hashUnsafeBytes over the UTF-8 bytes of a JS string, encoded on the fly (no allocation). A lone
 * surrogate becomes '?' as Java's String.getBytes(UTF_8) makes it.
 */
export function hashUtf8(s: string, seed: number): number {
  let h1 = seed;
  let word = 0;
  let nb = 0;
  let total = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    let bytes: number;
    let b0: number;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    if (c < 0x80) {
      // The common case: one byte straight into the word.
      word |= c << (nb << 3);
      total++;
      if (++nb === 4) {
        h1 = mixH1(h1, mixK1(word));
        word = 0;
        nb = 0;
      }
      continue;
    } else if (c < 0x800) {
      bytes = 2;
      b0 = 0xc0 | (c >> 6);
      b1 = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        bytes = 4;
        b0 = 0xf0 | (c >> 18);
        b1 = 0x80 | ((c >> 12) & 0x3f);
        b2 = 0x80 | ((c >> 6) & 0x3f);
        b3 = 0x80 | (c & 0x3f);
      } else {
        bytes = 1;
        b0 = 0x3f;
      }
    } else {
      bytes = 3;
      b0 = 0xe0 | (c >> 12);
      b1 = 0x80 | ((c >> 6) & 0x3f);
      b2 = 0x80 | (c & 0x3f);
    }
    for (let k = 0; k < bytes; k++) {
      const b = k === 0 ? b0 : k === 1 ? b1 : k === 2 ? b2 : b3;
      word |= b << (nb << 3);
      total++;
      if (++nb === 4) {
        h1 = mixH1(h1, mixK1(word));
        word = 0;
        nb = 0;
      }
    }
  }
  // Spark mixes each trailing byte (sign-extended) as a whole word.
  for (let k = 0; k < nb; k++) h1 = mixH1(h1, mixK1(((word >>> (k << 3)) << 24) >> 24));
  return fmix(h1, total);
}

/**
 * hashUnsafeBytes of a dictionary's values split at the seed: the mixed blocks (mixK1 of each 4-byte
 * word, then of each trailing byte) do not depend on it, so they are worked out once per value and
 * each row only mixes them into its running hash. Value v's blocks are ks[starts[v]..starts[v + 1]),
 * its UTF-8 length lengths[v].
 */
interface DictionaryBlocks {
  readonly ks: Int32Array;
  readonly starts: Int32Array;
  readonly lengths: Int32Array;
}

/** Most values of a dictionary whose blocks are worked out. */
const MAX_BLOCKS_DICTIONARY = 1 << 22;
const blocksByDictionary = new WeakMap<readonly string[], DictionaryBlocks | null>();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The blocks of a dictionary's values; null when one has a lone surrogate (hashUtf8's '?'). */
function dictionaryBlocks(values: readonly string[]): DictionaryBlocks | null {
  let blocks = blocksByDictionary.get(values);
  if (blocks !== undefined) return blocks;
  blocks = null;
  if (!values.some((x) => LONE_SURROGATE.test(x))) {
    const encoded = values.map((x) => encoder.encode(x));
    const starts = new Int32Array(values.length + 1);
    encoded.forEach((b, k) => (starts[k + 1] = starts[k]! + (b.length >> 2) + (b.length & 3)));
    const ks = new Int32Array(starts[values.length]!);
    const lengths = Int32Array.from(encoded, (b) => b.length);
    encoded.forEach((b, k) => {
      let at = starts[k]!;
      const words = b.length >> 2;
      for (let w = 0; w < words; w++)
        ks[at++] = mixK1(b[4 * w]! | (b[4 * w + 1]! << 8) | (b[4 * w + 2]! << 16) | (b[4 * w + 3]! << 24));
      // Each trailing byte sign-extended, as hashUtf8 mixes it.
      for (let t = 4 * words; t < b.length; t++) ks[at++] = mixK1((b[t]! << 24) >> 24);
    });
    blocks = { ks, starts, lengths };
  }
  blocksByDictionary.set(values, blocks);
  return blocks;
}

/**
 * Murmur3Hash of one key column for all rows: hashes[i] is the running hash of row i (the seed, 42, or
 * the hash of the previous key columns) and is replaced by the hash with this column; NULL leaves it.
 * Fixed-width types are read straight from their typed arrays (longs through an Int32Array view).
 */
export function hashVectorInto(v: Vector, hashes: Int32Array, numRows: number): void {
  const t = v.type;
  const nulls = v.nulls;
  switch (t.kind) {
    case 'null':
      return;
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval': {
      const vals = v.values as Uint8Array | Int8Array | Int16Array | Int32Array;
      for (let i = 0; i < numRows; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        hashes[i] = hashInt(vals[i]!, hashes[i]!);
      }
      return;
    }
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      hashLongs(v.values as BigInt64Array, nulls, hashes, numRows);
      return;
    case 'decimal':
      if (t.precision <= 18) {
        hashLongs(v.values as BigInt64Array, nulls, hashes, numRows);
        return;
      }
      break;
    case 'double': {
      const vals = v.values as Float64Array;
      const halves = int32View(vals);
      for (let i = 0; i < numRows; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        const d = vals[i]!;
        // -0.0 hashes as 0.0 and every NaN as the canonical NaN, as Spark normalises them.
        if (d === 0) hashes[i] = hashLongHalves(0, 0, hashes[i]!);
        else if (d !== d) hashes[i] = hashLongHalves(0, 0x7ff80000, hashes[i]!);
        else hashes[i] = hashLongHalves(halves[2 * i]!, halves[2 * i + 1]!, hashes[i]!);
      }
      return;
    }
    case 'float': {
      const vals = v.values as Float32Array;
      const bits = new Int32Array(vals.buffer, vals.byteOffset, vals.length);
      for (let i = 0; i < numRows; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        const f = vals[i]!;
        hashes[i] = hashInt(f === 0 ? 0 : f !== f ? 0x7fc00000 : bits[i]!, hashes[i]!);
      }
      return;
    }
    case 'string': {
      const d = v.dictionary;
      // Worked out once per dictionary, so worth it for a cached partition's, whatever the batch.
      const blocks =
        d !== undefined && d.values.length <= MAX_BLOCKS_DICTIONARY ? dictionaryBlocks(d.values) : null;
      if (blocks !== null) {
        // Each value's mixed blocks were worked out once; a row mixes them into its own seed.
        const { ks, starts, lengths } = blocks;
        const codes = d!.codes;
        for (let i = 0; i < numRows; i++) {
          if (nulls !== null && nulls[i] === 1) continue;
          const c = codes[i]!;
          let h1 = hashes[i]!;
          for (let j = starts[c]!; j < starts[c + 1]!; j++) h1 = mixH1(h1, ks[j]!);
          hashes[i] = fmix(h1, lengths[c]!);
        }
        return;
      }
      const vals = v.values as string[];
      for (let i = 0; i < numRows; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        hashes[i] = hashUtf8(vals[i]!, hashes[i]!);
      }
      return;
    }
    default:
      break;
  }
  for (let i = 0; i < numRows; i++) {
    const x = getValue(v, i);
    if (x !== null) hashes[i] = hashValue(t, x, hashes[i]!);
  }
}

function hashLongs(vals: BigInt64Array, nulls: Uint8Array | null, hashes: Int32Array, numRows: number): void {
  // Little-endian halves: no BigInt is made per row.
  const halves = int32View(vals);
  for (let i = 0; i < numRows; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    hashes[i] = hashLongHalves(halves[2 * i]!, halves[2 * i + 1]!, hashes[i]!);
  }
}
