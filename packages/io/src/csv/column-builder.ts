// Per-type column builders for the CSV reader: convert one field (bytes or, on the slow path, a string)
// into the column's storage at a given row, reporting malformed values instead of throwing.
// `setFieldBytes` is the per-field hot path: one switch on the column's FAST_* code over typed storage.

import { isAscii } from 'node:buffer';
import {
  type DataType,
  FlintError,
  type ColumnValues,
  type Value,
  type Vector,
  allocValues,
  daysFromCivil,
  getValue,
  parseTime,
  truncateTime,
} from '@flint/common';
import type { CsvOptions } from './csv-options.js';
import { makeDateParser, makeTimestampParser } from './datetime-parse.js';
import {
  DEC_OVERFLOW,
  DEC_STORED,
  parseBigDecimal,
  parseDecimalInto,
  parseDoubleBytes,
  parseDoubleString,
  parseIntBytes,
  parseIntString,
  parseLongInto,
  parseLongString,
  parsedOk,
  toDecimal,
} from './number-parse.js';
import { type RecordFields, decodeUtf8 } from './tokenizer.js';

/** What the row converter's inline fast path does for a column (FAST_NONE: always the builder's methods). */
export const FAST_NONE = 0;
export const FAST_INT = 1;
export const FAST_LONG = 2;
export const FAST_DOUBLE = 3;
export const FAST_DATE = 4;
export const FAST_DECIMAL = 5;
export const FAST_STRING = 6;

/** The storage of the batch being built; replaced (not reused) by `finish`. */
export interface ColumnStore {
  values: ColumnValues;
  nulls: Uint8Array | null;
  /** `values` as 32-bit words when it is a BigInt64Array (longs set without a BigInt), else empty. */
  words: Int32Array;
  /** Recent short strings of a string column, to hand out again instead of allocating (else null). */
  cache: StringCache | null;
}

/**
 * A direct-mapped cache of short ASCII field strings keyed by their bytes: repeated values (codes,
 * dates, small numbers) then share one string, which saves the allocation and, more, the young-GC
 * copying of every live string of a batch. It turns itself off for a batch when it rarely hits.
 */
export interface StringCache {
  readonly table: string[];
  on: boolean;
  probes: number;
  hits: number;
}

const CACHE_SIZE = 4096;
/** Probes between hit-rate checks; below 1 hit in 4 the cache is off until the next batch. */
const CACHE_WINDOW = 4096;

function newStringCache(): StringCache {
  return { table: new Array<string>(CACHE_SIZE).fill(''), on: true, probes: 0, hits: 0 };
}

export interface ColumnBuilder {
  /** A FAST_* code; `setFieldBytes` handles the common forms inline and calls `setBytes` for the rest. */
  readonly fast: number;
  /** Parameters of the fast path: the int range, or the decimal's precision and scale. */
  readonly lo: number;
  readonly hi: number;
  readonly store: ColumnStore;
  /** Field bytes [s, e), already free of escapes. False when the value is malformed. */
  setBytes(row: number, buf: Uint8Array, s: number, e: number): boolean;
  setString(row: number, str: string): boolean;
  setNull(row: number): void;
  /** The value set at `row` in the current batch, as a row Value (for error messages). */
  peek(row: number): Value;
  /** The first `n` rows as a vector; the builder starts a fresh batch afterwards. */
  finish(n: number): Vector;
}

export function unsupportedCsvType(name: string, type: DataType, typeSql: string): FlintError {
  return new FlintError(
    'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE',
    `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column \`${name}\` of the type "${typeSql}". SQLSTATE: 0A000`,
    { columnName: `\`${name}\``, columnType: `"${typeSql}"`, format: 'CSV' },
    null,
    '0A000',
  );
}

function latin1(buf: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]!);
  return out;
}

/** The fast-path part of a builder: its FAST_* code and parameters. */
interface Fast {
  readonly fast: number;
  readonly lo: number;
  readonly hi: number;
}

const NO_FAST: Fast = { fast: FAST_NONE, lo: 0, hi: 0 };

function wordsOf(values: ColumnValues): Int32Array {
  return values instanceof BigInt64Array
    ? new Int32Array(values.buffer, values.byteOffset, values.length * 2)
    : EMPTY_WORDS;
}

const EMPTY_WORDS = new Int32Array(0);

/**
 * A builder over typed storage. `parse` returns the stored value or `undefined` when malformed.
 */
function typedBuilder<A extends { [i: number]: unknown; subarray(a: number, b: number): A }>(
  type: DataType,
  capacity: number,
  fromBytes: (buf: Uint8Array, s: number, e: number, values: A, row: number) => boolean,
  fromString: (str: string, values: A, row: number) => boolean,
  fast: Fast = NO_FAST,
): ColumnBuilder {
  const first = allocValues(type, capacity);
  const store: ColumnStore = { values: first, nulls: null, words: wordsOf(first), cache: null };
  return {
    fast: fast.fast,
    lo: fast.lo,
    hi: fast.hi,
    store,
    setBytes(row, buf, s, e) {
      if (store.nulls !== null) store.nulls[row] = 0;
      return fromBytes(buf, s, e, store.values as unknown as A, row);
    },
    setString(row, str) {
      if (store.nulls !== null) store.nulls[row] = 0;
      return fromString(str, store.values as unknown as A, row);
    },
    setNull(row) {
      store.nulls ??= new Uint8Array(capacity);
      store.nulls[row] = 1;
    },
    peek(row) {
      return getValue({ type, length: capacity, values: store.values, nulls: store.nulls }, row);
    },
    finish(n) {
      const values = store.values as unknown as A;
      const nulls = store.nulls;
      const v: Vector = {
        type,
        length: n,
        values: (n === capacity ? values : values.subarray(0, n)) as unknown as Vector['values'],
        nulls: nulls === null ? null : n === capacity ? nulls : nulls.subarray(0, n),
      };
      store.values = allocValues(type, capacity);
      store.words = wordsOf(store.values);
      store.nulls = null;
      return v;
    },
  };
}

/** A BigInt64Array column read by parsing each field's text; `parse` gives null for a malformed field. */
function parsedBigIntBuilder(
  type: DataType,
  capacity: number,
  decode: (buf: Uint8Array, s: number, e: number) => string,
  parse: (str: string) => bigint | null,
  fast: Fast = NO_FAST,
): ColumnBuilder {
  const store = (v: bigint | null, values: BigInt64Array, row: number): boolean => {
    if (v === null) return false;
    values[row] = v;
    return true;
  };
  return typedBuilder<BigInt64Array>(
    type,
    capacity,
    (buf, s, e, values, row) => store(parse(decode(buf, s, e)), values, row),
    (str, values, row) => store(parse(str), values, row),
    fast,
  );
}

function arrayBuilder<T>(
  type: DataType,
  capacity: number,
  fromBytes: (buf: Uint8Array, s: number, e: number) => T | undefined,
  fromString: (str: string) => T | undefined,
  zero: T,
  fast: Fast = NO_FAST,
): ColumnBuilder {
  const store: ColumnStore = {
    values: new Array<T>(capacity),
    nulls: null,
    words: EMPTY_WORDS,
    cache: fast.fast === FAST_STRING ? newStringCache() : null,
  };
  return {
    fast: fast.fast,
    lo: fast.lo,
    hi: fast.hi,
    store,
    setBytes(row, buf, s, e) {
      if (store.nulls !== null) store.nulls[row] = 0;
      const v = fromBytes(buf, s, e);
      if (v === undefined) return false;
      (store.values as T[])[row] = v;
      return true;
    },
    setString(row, str) {
      if (store.nulls !== null) store.nulls[row] = 0;
      const v = fromString(str);
      if (v === undefined) return false;
      (store.values as T[])[row] = v;
      return true;
    },
    setNull(row) {
      store.nulls ??= new Uint8Array(capacity);
      store.nulls[row] = 1;
      (store.values as T[])[row] = zero;
    },
    peek(row) {
      const nulls = store.nulls;
      return nulls !== null && nulls[row] === 1 ? null : (((store.values as T[])[row] ?? null) as Value);
    },
    finish(n) {
      const values = store.values as T[];
      const nulls = store.nulls;
      if (values.length > n) values.length = n;
      const v: Vector = {
        type,
        length: n,
        values: values as unknown as Vector['values'],
        nulls: nulls === null ? null : nulls.subarray(0, n),
      };
      store.values = new Array<T>(capacity);
      store.nulls = null;
      if (store.cache !== null) {
        store.cache.on = true;
        store.cache.probes = 0;
        store.cache.hits = 0;
      }
      return v;
    },
  };
}

/** Node's native Buffer#utf8Slice (faster than TextDecoder or fromCharCode for short fields). */
const nativeUtf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (s: number, e: number) => string })
  .utf8Slice;
const utf8Slice: (buf: Uint8Array, s: number, e: number) => string =
  nativeUtf8Slice === undefined
    ? decodeUtf8
    : (buf, s, e) => (s === e ? '' : nativeUtf8Slice.call(buf as Buffer, s, e));

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days of a valid `yyyy-MM-dd` at buf[s, s+10), or NaN (the caller then takes the general path). */
export function isoDateBytes(buf: Uint8Array, s: number): number {
  if (buf[s + 4] !== 0x2d || buf[s + 7] !== 0x2d) return NaN;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = buf[s + i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    y = y * 10 + d;
  }
  const m1 = buf[s + 5]! - 0x30;
  const m2 = buf[s + 6]! - 0x30;
  const d1 = buf[s + 8]! - 0x30;
  const d2 = buf[s + 9]! - 0x30;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return NaN;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]!)) return NaN;
  return daysFromCivil(y, m, d);
}

/** Builds the converter for one column of `type`, following UnivocityParser.makeConverter. */
export function makeColumnBuilder(
  name: string,
  type: DataType,
  typeSql: string,
  opts: CsvOptions,
  capacity: number,
): ColumnBuilder {
  switch (type.kind) {
    case 'byte':
    case 'short':
    case 'integer': {
      const [min, max] =
        type.kind === 'byte'
          ? [-128, 127]
          : type.kind === 'short'
            ? [-32768, 32767]
            : [-2147483648, 2147483647];
      return typedBuilder<Int32Array>(
        type,
        capacity,
        (buf, s, e, values, row) => {
          const v = parseIntBytes(buf, s, e, min, max);
          if (v !== v) return false;
          values[row] = v;
          return true;
        },
        (str, values, row) => {
          const v = parseIntString(str, min, max);
          if (v !== v) return false;
          values[row] = v;
          return true;
        },
        type.kind === 'integer' ? { fast: FAST_INT, lo: min, hi: max } : NO_FAST,
      );
    }
    case 'long': {
      let wordsFor: BigInt64Array | null = null;
      let words: Int32Array = EMPTY_WORDS;
      return typedBuilder<BigInt64Array>(
        type,
        capacity,
        (buf, s, e, values, row) => {
          if (wordsFor !== values) {
            wordsFor = values;
            words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
          }
          return parseLongInto(buf, s, e, values, words, row);
        },
        (str, values, row) => {
          const v = parseLongString(str);
          if (v === null) return false;
          values[row] = v;
          return true;
        },
        { fast: FAST_LONG, lo: 0, hi: 0 },
      );
    }
    case 'float':
    case 'double': {
      const special = (str: string): number | undefined =>
        str === opts.nanValue
          ? NaN
          : str === opts.positiveInf
            ? Infinity
            : str === opts.negativeInf
              ? -Infinity
              : undefined;
      const fromString = (str: string, values: Float64Array, row: number): boolean => {
        const sp = special(str);
        if (sp !== undefined) {
          values[row] = sp;
          return true;
        }
        const v = parseDoubleString(str);
        if (v !== v && !parsedOk) return false;
        values[row] = v;
        return true;
      };
      return typedBuilder<Float64Array>(
        type,
        capacity,
        (buf, s, e, values, row) => {
          const v = parseDoubleBytes(buf, s, e);
          if (parsedOk) {
            values[row] = v;
            return true;
          }
          return fromString(decodeUtf8(buf, s, e), values, row);
        },
        fromString,
        type.kind === 'double' ? { fast: FAST_DOUBLE, lo: 0, hi: 0 } : NO_FAST,
      );
    }
    case 'decimal': {
      const { precision, scale } = type;
      // Spark's decimal parser for the default locale drops grouping commas ("1,000" is 1000).
      const parse = (str: string): bigint | null => {
        const d = parseBigDecimal(str.includes(',') ? str.replaceAll(',', '') : str);
        return d === null ? null : toDecimal(d, precision, scale);
      };
      if (precision <= 18)
        return parsedBigIntBuilder(type, capacity, latin1, parse, {
          fast: FAST_DECIMAL,
          lo: precision,
          hi: scale,
        });
      const orUndefined = (str: string) => parse(str) ?? undefined;
      return arrayBuilder<bigint>(
        type,
        capacity,
        (buf, s, e) => orUndefined(latin1(buf, s, e)),
        orUndefined,
        0n,
      );
    }
    case 'boolean': {
      const parse = (str: string): number | undefined => {
        const l = str.toLowerCase();
        return l === 'true' ? 1 : l === 'false' ? 0 : undefined;
      };
      return typedBuilder<Uint8Array>(
        type,
        capacity,
        (buf, s, e, values, row) => {
          const v = e - s <= 5 ? parse(latin1(buf, s, e)) : undefined;
          if (v === undefined) return false;
          values[row] = v;
          return true;
        },
        (str, values, row) => {
          const v = parse(str);
          if (v === undefined) return false;
          values[row] = v;
          return true;
        },
      );
    }
    case 'string':
      return arrayBuilder<string>(
        type,
        capacity,
        (buf, s, e) => utf8Slice(buf, s, e),
        (str) => str,
        '',
        { fast: FAST_STRING, lo: 0, hi: 0 },
      );
    case 'date': {
      const parse = makeDateParser(opts);
      // The default pattern reads plain yyyy-MM-dd straight from the bytes.
      const isoBytes = opts.dateFormat === undefined || opts.dateFormat === 'yyyy-MM-dd';
      return typedBuilder<Int32Array>(
        type,
        capacity,
        (buf, s, e, values, row) => {
          if (isoBytes && e - s === 10) {
            const d = isoDateBytes(buf, s);
            if (d === d) {
              values[row] = d;
              return true;
            }
          }
          const v = parse(decodeUtf8(buf, s, e));
          if (v === null) return false;
          values[row] = v;
          return true;
        },
        (str, values, row) => {
          const v = parse(str);
          if (v === null) return false;
          values[row] = v;
          return true;
        },
        isoBytes ? { fast: FAST_DATE, lo: 0, hi: 0 } : NO_FAST,
      );
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const parse = makeTimestampParser(opts, type.kind === 'timestamp_ntz');
      return parsedBigIntBuilder(type, capacity, decodeUtf8, parse);
    }
    case 'time': {
      const precision = type.precision;
      const parse = (str: string): bigint | null => {
        const v = parseTime(str);
        return v === null ? null : truncateTime(v, precision);
      };
      return parsedBigIntBuilder(type, capacity, decodeUtf8, parse);
    }
    case 'binary':
    case 'null':
    case 'year_month_interval':
    case 'day_time_interval':
    case 'calendar_interval':
    case 'array':
    case 'map':
    case 'struct':
      throw unsupportedCsvType(name, type, typeSql);
  }
}

/** Node's native Buffer#latin1Slice: one char per byte, so byte offsets are string offsets. */
const nativeLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (s: number, e: number) => string })
  .latin1Slice;

/**
 * The read buffer as one one-byte string, rebuilt once per buffer generation: a short field of ASCII
 * bytes is then a `slice` of it, much cheaper than a native decode per field. Only fields under
 * 13 chars are sliced, as V8 copies those; longer slices would keep the whole chunk string alive.
 */
export interface ChunkText {
  gen: number;
  buf: Uint8Array | null;
  text: string;
  /** No byte >= 0x80 in the whole chunk (else each field is checked). */
  ascii: boolean;
}

export function newChunkText(): ChunkText {
  return { gen: -1, buf: null, text: '', ascii: false };
}

const SLICE_MAX = 13;

function refreshChunkText(ct: ChunkText, buf: Uint8Array, rec: RecordFields): void {
  ct.gen = rec.gen;
  ct.buf = buf;
  const n = Math.min(rec.valid, buf.length);
  ct.text = nativeLatin1Slice === undefined ? '' : nativeLatin1Slice.call(buf as Buffer, 0, n);
  ct.ascii = isAscii(buf.subarray(0, n));
}

/** text.slice(s, e) for ASCII bytes buf[s, e), from the cache when the same bytes were seen recently. */
function cachedSlice(cache: StringCache, text: string, buf: Uint8Array, s: number, e: number): string {
  let h = e - s;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  const slot = (h ^ (h >>> 15)) & (CACHE_SIZE - 1);
  const table = cache.table;
  const c = table[slot]!;
  if (++cache.probes === CACHE_WINDOW) {
    if (cache.hits * 4 < CACHE_WINDOW) cache.on = false;
    cache.probes = 0;
    cache.hits = 0;
  }
  if (c.length === e - s) {
    let i = 0;
    while (i < c.length && c.charCodeAt(i) === buf[s + i]) i++;
    if (i === c.length) {
      cache.hits++;
      return c;
    }
  }
  const str = text.slice(s, e);
  table[slot] = str;
  return str;
}

function asciiRange(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i]! >= 0x80) return false;
  return true;
}

/**
 * Sets field bytes [s, e) (non-empty, free of escapes) at `row`: the common forms of the FAST_* kinds
 * inline over the typed storage, everything else through the builder's own `setBytes` (exact paths).
 */
export function setFieldBytes(
  b: ColumnBuilder,
  row: number,
  buf: Uint8Array,
  s: number,
  e: number,
  rec: RecordFields,
  ct: ChunkText,
): boolean {
  const st = b.store;
  switch (b.fast) {
    case FAST_INT: {
      if (st.nulls !== null) st.nulls[row] = 0;
      const v = parseIntBytes(buf, s, e, b.lo, b.hi);
      if (v !== v) return false;
      (st.values as Int32Array)[row] = v;
      return true;
    }
    case FAST_LONG:
      if (st.nulls !== null) st.nulls[row] = 0;
      return parseLongInto(buf, s, e, st.values as BigInt64Array, st.words, row);
    case FAST_DOUBLE: {
      const v = parseDoubleBytes(buf, s, e);
      if (!parsedOk) break;
      if (st.nulls !== null) st.nulls[row] = 0;
      (st.values as Float64Array)[row] = v;
      return true;
    }
    case FAST_DATE: {
      if (e - s !== 10) break;
      const d = isoDateBytes(buf, s);
      if (d !== d) break;
      if (st.nulls !== null) st.nulls[row] = 0;
      (st.values as Int32Array)[row] = d;
      return true;
    }
    case FAST_DECIMAL: {
      const r = parseDecimalInto(buf, s, e, st.words, row, b.lo, b.hi);
      if (r === DEC_STORED) {
        if (st.nulls !== null) st.nulls[row] = 0;
        return true;
      }
      if (r === DEC_OVERFLOW) return false;
      break;
    }
    case FAST_STRING: {
      if (st.nulls !== null) st.nulls[row] = 0;
      let str: string;
      if (e - s < SLICE_MAX && nativeLatin1Slice !== undefined) {
        if (ct.gen !== rec.gen || ct.buf !== buf) refreshChunkText(ct, buf, rec);
        if (ct.ascii || asciiRange(buf, s, e)) {
          const cache = st.cache;
          str = cache !== null && cache.on ? cachedSlice(cache, ct.text, buf, s, e) : ct.text.slice(s, e);
        } else str = utf8Slice(buf, s, e);
      } else str = utf8Slice(buf, s, e);
      (st.values as string[])[row] = str;
      return true;
    }
  }
  return b.setBytes(row, buf, s, e);
}
