// Spark's CSVInferSchema: per column try int → long → decimal → double → date → timestamp → boolean →
// string, widening across rows with compatibleType; plus the header-name rules of CSVUtils.makeSafeHeader.

import { type DataType, type DecimalType, type StructType, T, decimalForIntegral } from '@flint/common';
import type { CsvOptions } from './csv-options.js';
import { makeDateInferrer, makeTimestampParser } from './datetime-parse.js';
import { decimalPrecision, parseBigDecimal, parseDoubleString, parsedOk } from './number-parse.js';

const INT_RE = /^[+-]?\d+$/;

function fitsInt(s: string): boolean {
  if (!INT_RE.test(s) || s.length > 11) return false;
  const v = Number(s);
  return v >= -2147483648 && v <= 2147483647;
}

function fitsLong(s: string): boolean {
  if (!INT_RE.test(s) || s.length > 20) return false;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v <= 2n ** 63n - 1n;
}

/** Per-field inference with the options fixed. */
export function makeFieldInferrer(opts: CsvOptions): (typeSoFar: DataType, field: string | null) => DataType {
  const isInfOrNan = (f: string): boolean =>
    f === opts.nanValue || f === opts.negativeInf || f === opts.positiveInf;
  const isDate = makeDateInferrer(opts);
  // Without timestampFormat the lenient parser; with it, the pattern alone (no fallback in inference).
  const parseTs = makeTimestampParser({ ...opts, dateTimeFallback: false }, false);
  const tryBoolean = (f: string): DataType => {
    const l = f.toLowerCase();
    return l === 'true' || l === 'false' ? T.boolean : T.string;
  };
  const tryTimestamp = (f: string): DataType => (parseTs(f) !== null ? T.timestamp : tryBoolean(f));
  const tryDate = (f: string): DataType => (isDate(f) ? T.date : tryTimestamp(f));
  const tryDouble = (f: string): DataType => {
    parseDoubleString(f);
    if (parsedOk || isInfOrNan(f)) return T.double;
    return opts.preferDate ? tryDate(f) : tryTimestamp(f);
  };
  const tryDecimal = (f: string): DataType => {
    // The default-locale decimal parser drops grouping commas.
    const d = parseBigDecimal(f.includes(',') ? f.replaceAll(',', '') : f);
    if (d === null) return tryDouble(f);
    if (d.scale > 0) return tryDouble(f);
    // Negative scales and precisions above 38 are not valid decimal types in Spark 3+.
    const p = decimalPrecision(d);
    if (d.scale < 0 || p > 38) return tryDouble(f);
    return T.decimal(p, 0);
  };
  const tryLong = (f: string): DataType => (fitsLong(f) ? T.long : tryDecimal(f));
  const tryInt = (f: string): DataType => (fitsInt(f) ? T.int : tryLong(f));
  const compat = makeCompatibleType(opts);

  return (typeSoFar, field) => {
    if (field === null || field === '' || field === opts.nullValue) return typeSoFar;
    let t: DataType;
    switch (typeSoFar.kind) {
      case 'null':
      case 'integer':
        t = tryInt(field);
        break;
      case 'long':
        t = tryLong(field);
        break;
      case 'decimal':
        t = tryDecimal(field);
        break;
      case 'double':
        t = tryDouble(field);
        break;
      case 'date':
        t = tryDate(field);
        break;
      case 'timestamp':
      case 'timestamp_ntz':
        t = tryTimestamp(field);
        break;
      case 'boolean':
        t = tryBoolean(field);
        break;
      default:
        return T.string;
    }
    return compat(typeSoFar, t) ?? T.string;
  };
}

/** Date patterns whose text the lenient timestamp parser also reads (CSVInferSchema's list). */
const LENIENT_TS_DATE_FORMATS = new Set([
  'yyyy-MM-dd',
  'yyyy-M-d',
  'yyyy-M-dd',
  'yyyy-MM-d',
  'yyyy-MM',
  'yyyy-M',
  'yyyy',
]);

/**
 * CSVInferSchema.compatibleType with the options: a date column meeting timestamps becomes a timestamp
 * when no timestamp pattern is set and the dates' pattern is one the lenient parser reads, else a string.
 */
export function makeCompatibleType(opts: CsvOptions): (a: DataType, b: DataType) => DataType | null {
  const dateFormat = opts.dateFormat ?? 'yyyy-MM-dd';
  const canParseDateAsTs = (ts: DataType): boolean =>
    ((ts.kind === 'timestamp' && opts.timestampFormat === undefined) ||
      (ts.kind === 'timestamp_ntz' && opts.timestampNTZFormat === undefined)) &&
    LENIENT_TS_DATE_FORMATS.has(dateFormat);
  return (a, b) => {
    const isTs = (t: DataType): boolean => t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
    if (a.kind === 'date' && isTs(b)) return canParseDateAsTs(b) ? b : T.string;
    if (b.kind === 'date' && isTs(a)) return canParseDateAsTs(a) ? a : T.string;
    return compatibleType(a, b);
  };
}

const NUMERIC_PRECEDENCE = ['byte', 'short', 'integer', 'long', 'float', 'double'];

function isWiderThan(d: DecimalType, integral: DataType): boolean {
  const i = decimalForIntegral(integral);
  return i !== null && d.precision - d.scale >= i.precision - i.scale && d.scale >= i.scale;
}

/** TypeCoercion.findTightestCommonType, restricted to what CSV inference produces. */
function tightest(a: DataType, b: DataType): DataType | null {
  if (a.kind === b.kind && a.kind !== 'decimal') return a;
  if (a.kind === 'decimal' && b.kind === 'decimal') {
    return a.precision === b.precision && a.scale === b.scale ? a : null;
  }
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  const ia = NUMERIC_PRECEDENCE.indexOf(a.kind);
  const ib = NUMERIC_PRECEDENCE.indexOf(b.kind);
  if (ia >= 0 && ib >= 0) return ia >= ib ? a : b;
  if (b.kind === 'decimal' && decimalForIntegral(a) !== null && isWiderThan(b, a)) return b;
  if (a.kind === 'decimal' && decimalForIntegral(b) !== null && isWiderThan(a, b)) return a;
  if (
    (a.kind === 'timestamp_ntz' && b.kind === 'timestamp') ||
    (a.kind === 'timestamp' && b.kind === 'timestamp_ntz')
  ) {
    return T.timestamp;
  }
  return null;
}

/** CSVInferSchema.compatibleType without the date/timestamp rule (see makeCompatibleType). */
export function compatibleType(a: DataType, b: DataType): DataType | null {
  const t = tightest(a, b);
  if (t !== null) return t;
  if (a.kind === 'string' || b.kind === 'string') return T.string;
  const da = decimalForIntegral(a);
  if (da !== null && b.kind === 'decimal') return compatibleType(da, b);
  const db = decimalForIntegral(b);
  if (db !== null && a.kind === 'decimal') return compatibleType(a, db);
  if ((a.kind === 'double' && b.kind === 'decimal') || (a.kind === 'decimal' && b.kind === 'double'))
    return T.double;
  if (a.kind === 'decimal' && b.kind === 'decimal') {
    const scale = Math.max(a.scale, b.scale);
    const range = Math.max(a.precision - a.scale, b.precision - b.scale);
    return range + scale > 38 ? T.double : T.decimal(range + scale, scale);
  }
  return null;
}

/** CSVUtils.makeSafeHeader (case-insensitive, as spark.sql.caseSensitive=false). */
export function makeSafeHeader(row: readonly (string | null)[], opts: CsvOptions): string[] {
  if (!opts.header) return row.map((_, i) => `_c${i}`);
  const names = row.filter((n): n is string => n !== null).map((n) => n.toLowerCase());
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return row.map((v, i) => {
    if (v === null || v === '' || v === opts.nullValue) return `_c${i}`;
    if ((counts.get(v.toLowerCase()) ?? 0) > 1) return `${v}${i}`;
    return v;
  });
}

/** The final schema: NullType columns become strings. */
export function toStructType(names: readonly string[], types: readonly DataType[]): StructType {
  return T.struct(
    names.map((n, i) =>
      T.field(n, types[i]?.kind === 'null' || types[i] === undefined ? T.string : types[i]!),
    ),
  );
}
