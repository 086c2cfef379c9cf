// The engine's in-memory columnar form. Kernels work over these raw arrays; Arrow is the format at the
// edges (scan input, `toArrow()`, crossing threads).
//
// Physical storage by Spark type (`values`):
//   boolean                          Uint8Array (0/1)
//   byte / short / integer           Int8Array / Int16Array / Int32Array
//   long                             BigInt64Array
//   float / double                   Float32Array / Float64Array
//   decimal(p, s)                    BigInt64Array of unscaled values when p <= 18, else bigint[] (unscaled)
//                                    (p > 18 may also be a BigInt64Array when every value fits in 64 bits:
//                                    readers index values[i] as a bigint either way)
//   string                           string[]
//   binary                           Uint8Array[]
//   date                             Int32Array, days since 1970-01-01
//   timestamp / timestamp_ntz        BigInt64Array, microseconds since the epoch (UTC / wall clock)
//   time                             BigInt64Array, nanoseconds since midnight
//   year_month_interval              Int32Array, months
//   day_time_interval                BigInt64Array, microseconds
//   calendar_interval                CalendarInterval[]
//   null                             unknown[] (all entries null)
//   array / map / struct             unknown[] of row values (see `Value` below)
// `nulls` is null when no entry is null; otherwise nulls[i] === 1 marks row i as NULL (the entry in
// `values` is then unspecified).
//
// Row values (`Value`), used inside nested types, in literals and in `collect()` before the public API
// converts them: null; boolean; number (byte, short, integer, float, double, date as days, year-month
// interval as months); bigint (long, decimal unscaled, timestamps in micros, day-time interval micros);
// string; Uint8Array (binary); CalendarInterval; Value[] for array and for struct (fields by position);
// MapValue for map.

import type { DataType } from './data-type.js';

export type CalendarInterval = { readonly months: number; readonly days: number; readonly micros: bigint };
export type MapValue = { readonly keys: readonly Value[]; readonly values: readonly Value[] };
export type Value =
  null | boolean | number | bigint | string | Uint8Array | CalendarInterval | readonly Value[] | MapValue;

export type ColumnValues =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | string[]
  | Uint8Array[]
  | bigint[]
  | CalendarInterval[]
  | unknown[];

export interface Vector {
  readonly type: DataType;
  readonly length: number;
  readonly values: ColumnValues;
  readonly nulls: Uint8Array | null;
  /**
   * A string column of few distinct values (a cached one, and what is gathered from it) also carries
   * them and one code per row: row i is dictionary.values[codes[i]] (NULL rows: any code). Grouping
   * and join keys then work on the codes; `values` is made from them only when something reads it.
   */
  readonly dictionary?: StringDictionary;
  /**
   * A string column of mostly distinct values read from a cache (and what is gathered from it) also
   * carries them packed: row i is packed.chars.substring(packed.starts[i], packed.ends[i]). Filters
   * that search strings (LIKE) and gathers read them there; `values` is cut from them only when
   * something reads it.
   */
  readonly packed?: PackedChars;
}

export interface PackedChars {
  readonly chars: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Whether each row ends where the next starts (as packed, not gathered). */
  readonly contiguous: boolean;
}

export interface StringDictionary {
  readonly values: readonly string[];
  readonly codes: Int32Array;
}

/**
 * A string vector over a dictionary. Its `values` are decoded on first read: the operators between a
 * cached table and a grouping (filters, projections) pass the codes on without making a string per row.
 */
export function dictionaryVector(
  type: DataType,
  nulls: Uint8Array | null,
  dictionary: readonly string[],
  codes: Int32Array,
  length = codes.length,
): Vector {
  let decoded: string[] | null = null;
  return {
    type,
    length,
    nulls,
    dictionary: { values: dictionary, codes },
    get values(): string[] {
      if (decoded === null) {
        decoded = new Array<string>(length);
        for (let i = 0; i < length; i++) decoded[i] = dictionary[codes[i]!] ?? '';
      }
      return decoded;
    },
  };
}

/** Packed rows whose row i is chars.substring(offsets[i], offsets[i + 1]), i < n. */
export function packedChars(chars: string, offsets: Int32Array, n: number): PackedChars {
  return { chars, starts: offsets.subarray(0, n), ends: offsets.subarray(1, n + 1), contiguous: true };
}

/**
 * FNV-1a over the UTF-16 code units chars[from..to), not finalized: a string and a packed row of the
 * same characters hash alike, and a packed row is hashed without cutting it.
 */
export function hashCharRange(chars: string, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let c = from; c < to; c++) h = Math.imul(h ^ chars.charCodeAt(c), 0x01000193);
  return h;
}

/** Whether chars[from..to) is the string x (a packed row compared without cutting it). */
export function charRangeEquals(chars: string, from: number, to: number, x: string): boolean {
  if (to - from !== x.length) return false;
  for (let c = 0; c < x.length; c++) if (chars.charCodeAt(from + c) !== x.charCodeAt(c)) return false;
  return true;
}

/** The bounds of contiguous packed rows 0..n-1 as one offsets view: row i ends where row i + 1 starts. */
export function packedOffsets({ starts }: PackedChars, n: number): Int32Array {
  return new Int32Array(starts.buffer, starts.byteOffset, n + 1);
}

/** Offsets less the first, so that they index their rows' own characters (a copy). */
export function rebasedOffsets(offsets: Int32Array): Int32Array {
  const from = offsets[0] ?? 0;
  const out = new Int32Array(offsets.length);
  for (let i = 0; i < offsets.length; i++) out[i] = offsets[i]! - from;
  return out;
}

/**
 * A string vector over packed characters. Its `values` are cut on first read: a filter over a cached
 * column of comments, and the gathers after it, pass on or drop rows without making a string for each.
 */
export function packedVector(
  type: DataType,
  nulls: Uint8Array | null,
  packed: PackedChars,
  length: number,
): Vector {
  let cut: string[] | null = null;
  return {
    type,
    length,
    nulls,
    packed,
    get values(): string[] {
      if (cut === null) {
        cut = new Array<string>(length);
        cutRows(packed, cut, length);
      }
      return cut;
    },
  };
}

/**
 * Row i of a string vector (NULL rows: whatever their slot holds), read through its dictionary or its
 * packed characters when it has them: a sample of rows makes a string for each row it reads only, not
 * the vector's every row (as reading `values` does).
 */
export function stringAt(v: Vector, i: number): string {
  const d = v.dictionary;
  if (d !== undefined) return d.values[d.codes[i]!] ?? '';
  const p = v.packed;
  if (p !== undefined) return p.chars.substring(p.starts[i]!, p.ends[i]!);
  return (v.values as readonly (string | undefined)[])[i] ?? '';
}

/** Row i of packed characters into out[i]. (A function of its own: a row loop in a getter deoptimized.) */
function cutRows({ chars, starts, ends }: PackedChars, out: string[], n: number): void {
  for (let i = 0; i < n; i++) out[i] = chars.substring(starts[i]!, ends[i]!);
}

export interface Batch {
  readonly numRows: number;
  readonly columns: readonly Vector[];
}

/** Allocates the storage for `length` values of `type`, as the table above says. */
export function allocValues(type: DataType, length: number): ColumnValues {
  switch (type.kind) {
    case 'boolean':
      return new Uint8Array(length);
    case 'byte':
      return new Int8Array(length);
    case 'short':
      return new Int16Array(length);
    case 'integer':
    case 'date':
    case 'year_month_interval':
      return new Int32Array(length);
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      return new BigInt64Array(length);
    case 'float':
      return new Float32Array(length);
    case 'double':
      return new Float64Array(length);
    case 'decimal':
      return type.precision <= 18 ? new BigInt64Array(length) : new Array<bigint>(length).fill(0n);
    case 'string':
      return new Array<string>(length).fill('');
    case 'binary':
      return new Array<Uint8Array>(length);
    case 'calendar_interval':
    case 'null':
    case 'array':
    case 'map':
    case 'struct':
      return new Array<unknown>(length).fill(null);
  }
}

/** Reads row i as a Value (null when the row is NULL). */
export function getValue(v: Vector, i: number): Value {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  if (v.type.kind === 'null') return null;
  const x = (v.values as ArrayLike<unknown>)[i];
  if (v.type.kind === 'boolean') return x === 1;
  return (x ?? null) as Value;
}

/** Builds a vector of `type` from row values. */
export function vectorFromValues(type: DataType, rows: readonly Value[]): Vector {
  const n = rows.length;
  const values = allocValues(type, n) as unknown[] & { [i: number]: unknown };
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const x = rows[i];
    if (x === null || x === undefined) {
      nulls ??= new Uint8Array(n);
      nulls[i] = 1;
      continue;
    }
    values[i] = type.kind === 'boolean' ? (x ? 1 : 0) : x;
  }
  return { type, length: n, values: values as ColumnValues, nulls };
}

export function batchFromRows(types: readonly DataType[], rows: readonly (readonly Value[])[]): Batch {
  return {
    numRows: rows.length,
    columns: types.map((t, c) =>
      vectorFromValues(
        t,
        rows.map((r) => r[c] ?? null),
      ),
    ),
  };
}

/** Row values of a batch, row-major. */
export function batchToRows(batch: Batch): Value[][] {
  const out: Value[][] = [];
  for (let i = 0; i < batch.numRows; i++) out.push(batch.columns.map((c) => getValue(c, i)));
  return out;
}
