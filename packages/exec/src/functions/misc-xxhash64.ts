// Spark's XXH64 (hashInt, hashLong, hashUnsafeBytes) and XxHash64 over typed values, for xxhash64().
// 64-bit arithmetic is done on bigint, wrapped to signed 64 bits as Java's long.

import type { DataType, Value } from '@flint/common';

const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const rotl = (x: bigint, r: number): bigint => {
  const v = u64(x);
  return u64((v << BigInt(r)) | (v >> BigInt(64 - r)));
};

function fmix(h: bigint): bigint {
  h = u64(h);
  h ^= h >> 33n;
  h = u64(h * P2);
  h ^= h >> 29n;
  h = u64(h * P3);
  h ^= h >> 32n;
  return BigInt.asIntN(64, h);
}

export function xxHashInt(input: number, seed: bigint): bigint {
  let h = u64(seed + P5 + 4n);
  h ^= u64(BigInt(input >>> 0) * P1);
  h = u64(rotl(h, 23) * P2 + P3);
  return fmix(h);
}

export function xxHashLong(input: bigint, seed: bigint): bigint {
  let h = u64(seed + P5 + 8n);
  h ^= u64(rotl(u64(input) * P2, 31) * P1);
  h = u64(rotl(h, 27) * P1 + P4);
  return fmix(h);
}

export function xxHashBytes(b: Uint8Array, seed: bigint): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const length = b.length;
  let off = 0;
  let h: bigint;
  if (length >= 32) {
    const limit = length - 32;
    let v1 = u64(seed + P1 + P2);
    let v2 = u64(seed + P2);
    let v3 = u64(seed);
    let v4 = u64(seed - P1);
    const round = (v: bigint, at: number): bigint =>
      u64(rotl(u64(v + u64(dv.getBigUint64(at, true) * P2)), 31) * P1);
    do {
      v1 = round(v1, off);
      v2 = round(v2, off + 8);
      v3 = round(v3, off + 16);
      v4 = round(v4, off + 24);
      off += 32;
    } while (off <= limit);
    h = u64(rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18));
    for (const v of [v1, v2, v3, v4]) {
      h ^= u64(rotl(u64(v * P2), 31) * P1);
      h = u64(h * P1 + P4);
    }
  } else {
    h = u64(seed + P5);
  }
  h = u64(h + BigInt(length));
  while (off <= length - 8) {
    const k1 = dv.getBigUint64(off, true);
    h ^= u64(rotl(u64(k1 * P2), 31) * P1);
    h = u64(rotl(h, 27) * P1 + P4);
    off += 8;
  }
  if (off + 4 <= length) {
    h ^= u64(BigInt(dv.getUint32(off, true)) * P1);
    h = u64(rotl(h, 23) * P2 + P3);
    off += 4;
  }
  while (off < length) {
    h ^= u64(BigInt(b[off]!) * P5);
    h = u64(rotl(h, 11) * P1);
    off++;
  }
  return fmix(h);
}

const encoder = new TextEncoder();
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** java.math.BigInteger.toByteArray: minimal two's complement, big-endian. */
function javaBigIntegerBytes(v: bigint): Uint8Array {
  const bytes: number[] = [];
  let x = v;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, x));
    bytes.unshift(byte);
    x >>= 8n;
    if ((x === 0n && (byte & 0x80) === 0) || (x === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(bytes);
}

/** XxHash64 of one non-null value with the running hash as seed (HashExpression's per-type rules). */
export function xxhash64Value(t: DataType, x: Value, seed: bigint): bigint {
  switch (t.kind) {
    case 'boolean':
      return xxHashInt(x === true || x === 1 ? 1 : 0, seed);
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
      return xxHashInt(x as number, seed);
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      return xxHashLong(BigInt(x as bigint), seed);
    case 'float': {
      const f = x as number;
      if (f === 0) return xxHashInt(0, seed);
      f32[0] = f;
      return xxHashInt(Number.isNaN(f) ? 0x7fc00000 : i32[0]!, seed);
    }
    case 'double': {
      const d = x as number;
      if (d === 0) return xxHashLong(0n, seed);
      if (Number.isNaN(d)) return xxHashLong(0x7ff8000000000000n, seed);
      f64[0] = d;
      return xxHashLong(i64[0]!, seed);
    }
    case 'decimal':
      if (t.precision <= 18) return xxHashLong(BigInt(x as bigint), seed);
      return xxHashBytes(javaBigIntegerBytes(BigInt(x as bigint)), seed);
    case 'string':
      return xxHashBytes(encoder.encode(x as string), seed);
    case 'binary':
      return xxHashBytes(x as Uint8Array, seed);
    case 'array': {
      let h = seed;
      for (const e of x as readonly Value[]) if (e !== null) h = xxhash64Value(t.elementType, e, h);
      return h;
    }
    case 'struct': {
      let h = seed;
      (x as readonly Value[]).forEach((e, i) => {
        if (e !== null) h = xxhash64Value(t.fields[i]!.dataType, e, h);
      });
      return h;
    }
    default:
      return xxHashBytes(
        encoder.encode(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
        seed,
      );
  }
}
