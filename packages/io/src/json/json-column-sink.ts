// The output columns of the JSON reader: typed storage filled row by row, written straight from the
// bytes by the record parser's fast path (longs through their 32-bit words, no BigInt), or with row
// Values on the general path.

import {
  type ColumnValues,
  type DataType,
  type Value,
  type Vector,
  allocValues,
  getValue,
} from '@flint/common';

/** How the fast path writes a column (W_GENERIC: through the type's converter and setValue). */
export const W_GENERIC = 0;
export const W_BOOL = 1;
export const W_INT = 2;
export const W_LONG = 3;
export const W_DOUBLE = 4;
export const W_FLOAT = 5;
export const W_STRING = 6;

export interface ColumnSink {
  readonly type: DataType;
  readonly code: number;
  /** The range of a W_INT column (byte, short or integer). */
  readonly lo: number;
  readonly hi: number;
  readonly capacity: number;
  values: ColumnValues;
  /** `values` as 32-bit words when it is a BigInt64Array, else empty. */
  words: Int32Array;
  nulls: Uint8Array | null;
}

const EMPTY_WORDS = new Int32Array(0);

function wordsOf(values: ColumnValues): Int32Array {
  return values instanceof BigInt64Array
    ? new Int32Array(values.buffer, values.byteOffset, values.length * 2)
    : EMPTY_WORDS;
}

function writeCode(t: DataType): number {
  switch (t.kind) {
    case 'boolean':
      return W_BOOL;
    case 'byte':
    case 'short':
    case 'integer':
      return W_INT;
    case 'long':
      return W_LONG;
    case 'double':
      return W_DOUBLE;
    case 'float':
      return W_FLOAT;
    case 'string':
      return W_STRING;
    default:
      return W_GENERIC;
  }
}

const INT_RANGE: Record<string, readonly [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};

export function newColumnSink(type: DataType, capacity: number): ColumnSink {
  const values = allocValues(type, capacity);
  const range = INT_RANGE[type.kind] ?? [0, 0];
  return {
    type,
    code: writeCode(type),
    lo: range[0],
    hi: range[1],
    capacity,
    values,
    words: wordsOf(values),
    nulls: null,
  };
}

export function setNull(k: ColumnSink, row: number): void {
  k.nulls ??= new Uint8Array(k.capacity);
  k.nulls[row] = 1;
}

/** Stores a row Value (null included) at `row`. */
export function setValue(k: ColumnSink, row: number, v: Value): void {
  if (v === null) {
    setNull(k, row);
    return;
  }
  if (k.nulls !== null) k.nulls[row] = 0;
  (k.values as unknown as unknown[])[row] = k.code === W_BOOL ? (v ? 1 : 0) : v;
}

/** Stores a small integer (|v| < 2^53) into a long column without making a BigInt. */
export function setLongNumber(k: ColumnSink, row: number, v: number): void {
  if (k.nulls !== null) k.nulls[row] = 0;
  const hi = Math.floor(v / 4294967296);
  // Little-endian words of the 64-bit two's complement value.
  k.words[2 * row] = v - hi * 4294967296;
  k.words[2 * row + 1] = hi;
}

/** The row Value at `row` (for error messages and partial results). */
export function peekSink(k: ColumnSink, row: number): Value {
  return getValue({ type: k.type, length: k.capacity, values: k.values, nulls: k.nulls }, row);
}

/** The first `n` rows as a vector; the sink starts a fresh batch afterwards. */
export function finishSink(k: ColumnSink, n: number): Vector {
  const full = n === k.capacity;
  const vals = k.values;
  const out: Vector = {
    type: k.type,
    length: n,
    values: full ? vals : Array.isArray(vals) ? vals.slice(0, n) : (vals as Uint8Array).subarray(0, n),
    nulls: k.nulls === null ? null : full ? k.nulls : k.nulls.subarray(0, n),
  };
  k.values = allocValues(k.type, k.capacity);
  k.words = wordsOf(k.values);
  k.nulls = null;
  return out;
}
