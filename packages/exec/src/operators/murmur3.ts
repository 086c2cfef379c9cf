// Spark's Murmur3_x86_32 (hashInt, hashLong, hashUnsafeBytes) and Murmur3Hash over typed values,
// so that HashPartitioning puts rows in the same partitions as Spark.

import type { DataType, Value } from '@flint/common';

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
      return hashBytes(encoder.encode(x as string), seed);
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
