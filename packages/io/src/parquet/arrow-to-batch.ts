// Converts Arrow record batches (as parquet-wasm produces them) into Flint Batches of given Spark types,
// copying flat columns from the Arrow buffers and walking only nested columns value by value.

import {
  type Batch,
  type DataType,
  FlintError,
  type Value,
  type Vector,
  allocValues,
  vectorFromValues,
} from '@flint/common';
import { type Data, type RecordBatch, TimeUnit, Type, makeVector } from 'apache-arrow';
import { decodeUtf8 } from '../util/utf8.js';

function nullsOf(d: Data): Uint8Array | null {
  if (d.nullCount === 0 || d.nullBitmap === undefined || d.nullBitmap === null || d.nullBitmap.length === 0) {
    return d.typeId === Type.Null ? new Uint8Array(d.length).fill(1) : null;
  }
  const bm = d.nullBitmap;
  const n = d.length;
  const out = new Uint8Array(n);
  const off = d.offset;
  for (let i = 0; i < n; i++) {
    const j = off + i;
    out[i] = (bm[j >> 3]! >> (j & 7)) & 1 ? 0 : 1;
  }
  return out;
}

function microsFactor(unit: TimeUnit): { mul: bigint; div: bigint } {
  switch (unit) {
    case TimeUnit.SECOND:
      return { mul: 1_000_000n, div: 1n };
    case TimeUnit.MILLISECOND:
      return { mul: 1000n, div: 1n };
    case TimeUnit.MICROSECOND:
      return { mul: 1n, div: 1n };
    case TimeUnit.NANOSECOND:
      return { mul: 1n, div: 1000n };
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Signed 128/256-bit little-endian decimal words at value i as a bigint. */
function decimalAt(words: Uint32Array, i: number, wordsPer: number): bigint {
  let v = 0n;
  for (let w = wordsPer - 1; w >= 0; w--) v = (v << 32n) | BigInt(words[i * wordsPer + w]!);
  const bits = BigInt(wordsPer * 32);
  if (words[i * wordsPer + wordsPer - 1]! & 0x80000000) v -= 1n << bits;
  return v;
}

function unsupportedArrow(d: Data, type: DataType): FlintError {
  return new FlintError('INTERNAL_ERROR', `cannot convert Arrow ${String(d.type)} to ${type.kind}`, {});
}

/** Converts one Arrow column (a single Data chunk) to a Vector of the Spark `type`. */
export function arrowDataToVector(d: Data, type: DataType): Vector {
  const n = d.length;
  const off = d.offset;
  const nulls = nullsOf(d);
  const tid = d.typeId;
  const arrowType = d.type as { bitWidth?: number; unit?: TimeUnit; scale?: number };
  switch (type.kind) {
    case 'boolean': {
      if (tid !== Type.Bool) break;
      const bits = d.values as Uint8Array;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const j = off + i;
        out[i] = (bits[j >> 3]! >> (j & 7)) & 1;
      }
      return { type, length: n, values: out, nulls };
    }
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'float':
    case 'double': {
      if (tid !== Type.Int && tid !== Type.Float && tid !== Type.Date) break;
      const src = d.values as unknown as ArrayLike<number | bigint>;
      const out = allocValues(type, n) as Int32Array;
      if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
        for (let i = 0; i < n; i++) out[i] = Number(src[off + i]!);
      } else {
        out.set((src as Int32Array).subarray(off, off + n));
      }
      return { type, length: n, values: out, nulls };
    }
    case 'long': {
      if (tid !== Type.Int) break;
      const src = d.values as unknown as ArrayLike<number | bigint>;
      const out = new BigInt64Array(n);
      if (src instanceof BigInt64Array) out.set(src.subarray(off, off + n));
      else for (let i = 0; i < n; i++) out[i] = BigInt(src[off + i]!);
      return { type, length: n, values: out, nulls };
    }
    case 'decimal': {
      const out = allocValues(type, n) as BigInt64Array | bigint[];
      if (tid === Type.Decimal) {
        const words = d.values as unknown as Uint32Array;
        const wordsPer = (arrowType.bitWidth ?? 128) / 32;
        if (type.precision <= 18 && wordsPer === 4) {
          // The low 64 bits hold the whole value when precision <= 18: copy them as two 32-bit words
          // (no BigInt is created per value).
          const o = out as BigInt64Array;
          const dst = new Int32Array(o.buffer, o.byteOffset, n * 2);
          const src = words as unknown as Int32Array;
          for (let i = 0, j = off * 4; i < n * 2; i += 2, j += 4) {
            dst[i] = src[j]!;
            dst[i + 1] = src[j + 1]!;
          }
        } else {
          for (let i = 0; i < n; i++) out[i] = decimalAt(words, off + i, wordsPer);
        }
      } else if (tid === Type.Int) {
        const src = d.values as unknown as ArrayLike<number | bigint>;
        for (let i = 0; i < n; i++) out[i] = BigInt(src[off + i]!);
      } else break;
      return { type, length: n, values: out as Vector['values'], nulls };
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      if (tid !== Type.Timestamp) break;
      const src = d.values as unknown as BigInt64Array;
      const out = new BigInt64Array(n);
      const { mul, div } = microsFactor(arrowType.unit ?? TimeUnit.MICROSECOND);
      if (mul === 1n && div === 1n) out.set(src.subarray(off, off + n));
      else if (div === 1n) for (let i = 0; i < n; i++) out[i] = src[off + i]! * mul;
      else for (let i = 0; i < n; i++) out[i] = floorDiv(src[off + i]!, div);
      return { type, length: n, values: out, nulls };
    }
    case 'string':
    case 'binary': {
      if (tid !== Type.Utf8 && tid !== Type.Binary && tid !== Type.LargeUtf8 && tid !== Type.LargeBinary)
        break;
      const offsets = d.valueOffsets as unknown as ArrayLike<number | bigint>;
      const bytes = d.values as Uint8Array;
      if (type.kind === 'string') {
        const out = new Array<string>(n);
        for (let i = 0; i < n; i++) {
          if (nulls !== null && nulls[i] === 1) {
            out[i] = '';
            continue;
          }
          out[i] = decodeUtf8(bytes, Number(offsets[off + i]!), Number(offsets[off + i + 1]!));
        }
        return { type, length: n, values: out, nulls };
      }
      const out = new Array<Uint8Array>(n);
      for (let i = 0; i < n; i++)
        out[i] = bytes.slice(Number(offsets[off + i]!), Number(offsets[off + i + 1]!));
      return { type, length: n, values: out, nulls };
    }
    case 'null':
      return { type, length: n, values: new Array<unknown>(n).fill(null), nulls: new Uint8Array(n).fill(1) };
    case 'array':
    case 'map':
    case 'struct': {
      const vec = makeVector(d);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++)
        out[i] = nulls !== null && nulls[i] === 1 ? null : toValue(vec.get(i), type);
      return { type, length: n, values: out, nulls };
    }
    case 'year_month_interval':
    case 'day_time_interval':
    case 'calendar_interval':
      break;
  }
  // Dictionary-encoded or otherwise unusual columns: go value by value.
  if (tid === Type.Dictionary) {
    const vec = makeVector(d);
    const rows: Value[] = [];
    for (let i = 0; i < n; i++) rows.push(toValue(vec.get(i), type));
    return vectorFromValues(type, rows);
  }
  throw unsupportedArrow(d, type);
}

/** Converts an Arrow JS value (from Vector.get) to a Flint row value of `type`. */
function toValue(x: unknown, type: DataType): Value {
  if (x === null || x === undefined) return null;
  switch (type.kind) {
    case 'array': {
      const arr = x as { length: number; get(i: number): unknown } | unknown[];
      const out: Value[] = [];
      const len = arr.length;
      for (let i = 0; i < len; i++)
        out.push(
          toValue(
            Array.isArray(arr) ? arr[i] : (arr as { get(i: number): unknown }).get(i),
            type.elementType,
          ),
        );
      return out;
    }
    case 'struct': {
      const row = x as Record<string, unknown>;
      return type.fields.map((f) => toValue(row[f.name], f.dataType));
    }
    case 'map': {
      const m = x as Iterable<[unknown, unknown]>;
      const keys: Value[] = [];
      const values: Value[] = [];
      for (const [k, v] of m) {
        keys.push(toValue(k, type.keyType));
        values.push(toValue(v, type.valueType));
      }
      return { keys, values };
    }
    case 'boolean':
      return Boolean(x);
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
      return typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)) * (type.kind === 'long' ? 1 : 1000));
    case 'decimal': {
      if (typeof x === 'bigint') return x;
      if (x instanceof Uint32Array) return decimalAt(x, 0, x.length);
      return BigInt(String(x));
    }
    case 'date':
      // Arrow JS returns Date32 values as epoch milliseconds.
      return typeof x === 'number'
        ? Math.floor(x / 86_400_000)
        : Math.floor((x as Date).getTime() / 86_400_000);
    case 'binary':
      return x as Uint8Array;
    case 'string':
      return String(x);
    default:
      return x as Value;
  }
}

/** Converts an Arrow RecordBatch; output column i is Arrow column `order[i]` (default i) as `types[i]`. */
export function recordBatchToBatch(
  rb: RecordBatch,
  types: readonly DataType[],
  order?: readonly number[],
): Batch {
  const columns = types.map((t, i) => {
    const child = rb.data.children[order === undefined ? i : order[i]!];
    if (child === undefined) throw new FlintError('INTERNAL_ERROR', `missing column ${i} in Arrow batch`, {});
    return arrowDataToVector(child, t);
  });
  return { numRows: rb.numRows, columns };
}
