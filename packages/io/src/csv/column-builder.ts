// Per-type column builders for the CSV reader: convert one field (bytes or, on the slow path, a string)
// into the column's storage at a given row, reporting malformed values instead of throwing.

import { type DataType, FlintError, type Vector, allocValues, parseTime, truncateTime } from '@flint/common';
import type { CsvOptions } from './csv-options.js';
import { parseDateStrict, stringToDate, stringToTimestamp } from './datetime-parse.js';
import {
  parseBigDecimal,
  parseDoubleBytes,
  parseDoubleString,
  parseIntBytes,
  parseIntString,
  parseLongInto,
  parseLongString,
  parsedOk,
  toDecimal,
} from './number-parse.js';
import { decodeUtf8 } from './tokenizer.js';

export interface ColumnBuilder {
  /** Field bytes [s, e), already free of escapes. False when the value is malformed. */
  setBytes(row: number, buf: Uint8Array, s: number, e: number): boolean;
  setString(row: number, str: string): boolean;
  setNull(row: number): void;
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

/**
 * A builder over typed storage. `parse` returns the stored value or `undefined` when malformed.
 */
function typedBuilder<A extends { [i: number]: unknown; subarray(a: number, b: number): A }>(
  type: DataType,
  capacity: number,
  fromBytes: (buf: Uint8Array, s: number, e: number, values: A, row: number) => boolean,
  fromString: (str: string, values: A, row: number) => boolean,
): ColumnBuilder {
  let values = allocValues(type, capacity) as unknown as A;
  let nulls: Uint8Array | null = null;
  return {
    setBytes(row, buf, s, e) {
      if (nulls !== null) nulls[row] = 0;
      return fromBytes(buf, s, e, values, row);
    },
    setString(row, str) {
      if (nulls !== null) nulls[row] = 0;
      return fromString(str, values, row);
    },
    setNull(row) {
      nulls ??= new Uint8Array(capacity);
      nulls[row] = 1;
    },
    finish(n) {
      const v: Vector = {
        type,
        length: n,
        values: (n === capacity ? values : values.subarray(0, n)) as unknown as Vector['values'],
        nulls: nulls === null ? null : n === capacity ? nulls : nulls.subarray(0, n),
      };
      values = allocValues(type, capacity) as unknown as A;
      nulls = null;
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
  );
}

function arrayBuilder<T>(
  type: DataType,
  capacity: number,
  fromBytes: (buf: Uint8Array, s: number, e: number) => T | undefined,
  fromString: (str: string) => T | undefined,
  zero: T,
): ColumnBuilder {
  let values: T[] = new Array<T>(capacity);
  let nulls: Uint8Array | null = null;
  return {
    setBytes(row, buf, s, e) {
      if (nulls !== null) nulls[row] = 0;
      const v = fromBytes(buf, s, e);
      if (v === undefined) return false;
      values[row] = v;
      return true;
    },
    setString(row, str) {
      if (nulls !== null) nulls[row] = 0;
      const v = fromString(str);
      if (v === undefined) return false;
      values[row] = v;
      return true;
    },
    setNull(row) {
      nulls ??= new Uint8Array(capacity);
      nulls[row] = 1;
      values[row] = zero;
    },
    finish(n) {
      if (values.length > n) values.length = n;
      const v: Vector = {
        type,
        length: n,
        values: values as unknown as Vector['values'],
        nulls: nulls === null ? null : nulls.subarray(0, n),
      };
      values = new Array<T>(capacity);
      nulls = null;
      return v;
    },
  };
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
      );
    }
    case 'long': {
      let wordsOf: BigInt64Array | null = null;
      let words: Int32Array = new Int32Array(0);
      return typedBuilder<BigInt64Array>(
        type,
        capacity,
        (buf, s, e, values, row) => {
          if (wordsOf !== values) {
            wordsOf = values;
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
      );
    }
    case 'decimal': {
      const { precision, scale } = type;
      const parse = (str: string): bigint | null => {
        const d = parseBigDecimal(str);
        return d === null ? null : toDecimal(d, precision, scale);
      };
      if (precision <= 18) return parsedBigIntBuilder(type, capacity, latin1, parse);
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
        (buf, s, e) => decodeUtf8(buf, s, e),
        (str) => str,
        '',
      );
    case 'date': {
      // The default pattern is parsed strictly, then (no dateFormat given) with the lenient fallback.
      const custom = opts.dateFormat !== undefined && opts.dateFormat !== 'yyyy-MM-dd';
      if (custom) {
        throw new FlintError(
          'UNSUPPORTED_FEATURE',
          `CSV option dateFormat '${opts.dateFormat}' is not supported yet`,
          {},
        );
      }
      const fallback = opts.dateFormat === undefined;
      const parse = (str: string): number | null =>
        parseDateStrict(str) ?? (fallback ? stringToDate(str) : null);
      return typedBuilder<Int32Array>(
        type,
        capacity,
        (buf, s, e, values, row) => {
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
      );
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      if (opts.timestampFormat !== undefined) {
        throw new FlintError(
          'UNSUPPORTED_FEATURE',
          `CSV option timestampFormat '${opts.timestampFormat}' is not supported yet`,
          {},
        );
      }
      const zone = type.kind === 'timestamp' ? opts.timeZone : null;
      return typedBuilder<BigInt64Array>(
        type,
        capacity,
        (buf, s, e, values, row) => {
          const v = stringToTimestamp(decodeUtf8(buf, s, e), zone);
          if (v === null) return false;
          values[row] = v;
          return true;
        },
        (str, values, row) => {
          const v = stringToTimestamp(str, zone);
          if (v === null) return false;
          values[row] = v;
          return true;
        },
      );
    }
    case 'time': {
      const precision = type.precision;
      const parse = (str: string): bigint | null => {
        const v = parseTime(str);
        return v === null ? null : truncateTime(v, precision);
      };
      return parsedBigIntBuilder(type, capacity, decodeUtf8, parse);
    }
    case 'null':
    case 'binary':
    case 'year_month_interval':
    case 'day_time_interval':
    case 'calendar_interval':
    case 'array':
    case 'map':
    case 'struct':
      throw unsupportedCsvType(name, type, typeSql);
  }
}
