// Spark's JacksonParser + FailureSafeParser for the JSON source: converts one record's bytes straight
// into the required columns (no tree, unknown fields skipped), with Spark 4's rules: a value of the
// wrong type nulls that field and keeps the others (partial result), a syntax error nulls the whole
// record; the parse mode then keeps (PERMISSIVE, raw text in the corrupt-record column), drops or fails.

import {
  type Batch,
  type DataType,
  FlintError,
  type StructType,
  type Value,
  parseTime,
  sqlTypeName,
  truncateTime,
} from '@flint/common';
import { parseBigDecimal, toDecimal } from '../csv/number-parse.js';
import { checkCorruptRecordField } from '../corrupt-record.js';
import { decodeUtf8 } from '../util/utf8.js';
import {
  type ColumnSink,
  W_BOOL,
  W_DOUBLE,
  W_GENERIC,
  W_FLOAT,
  W_INT,
  W_LONG,
  W_STRING,
  finishSink,
  newColumnSink,
  peekSink,
  setLongNumber,
  setNull,
  setValue,
} from './json-column-sink.js';
import { makeDateTimeParser } from '@flint/common';
import {
  type Cursor,
  NUM_INT,
  NUM_NONNUMERIC,
  SYNTAX,
  asciiText,
  fail,
  literal,
  newCursor,
  readKey,
  readString,
  reset,
  scanNumber,
  skipValue,
  ws,
} from './json-lexer.js';
import type { JsonOptions } from './json-options.js';

/** Thrown (as a value) after a value that cannot convert to its type has been consumed. */
const BAD: unique symbol = Symbol('json-bad-value');

/** Set when a nested value kept a partial result (a field inside it failed). */
let partial = false;

type Conv = (c: Cursor, b: number) => Value;

const LIMITS: Record<string, readonly [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function skipBad(c: Cursor, b: number): never {
  skipValue(c, b);
  throw BAD;
}

/** The value of a short integer token straight from its bytes (at most 15 digits). */
function smallInt(c: Cursor): number {
  const buf = c.buf;
  let p = c.numStart;
  const neg = buf[p] === 0x2d;
  if (neg) p++;
  let v = 0;
  for (; p < c.numEnd; p++) v = v * 10 + (buf[p]! - 0x30);
  return neg ? -v : v;
}

// BigInts of small values are shared (nested longs are row Values, so each would be allocated).
const SMALL_BIGINTS: bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

function smallBigInt(v: number): bigint {
  return v >= 0 && v < 1024 && !Object.is(v, -0) ? SMALL_BIGINTS[v]! : BigInt(v);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A number token's double value; plain decimals of at most 15 digits are computed from the bytes
 * (mantissa / 10^k is correctly rounded as both are exact doubles), anything else through Number().
 */
function numberValue(c: Cursor): number {
  const buf = c.buf;
  let p = c.numStart;
  const end = c.numEnd;
  const neg = buf[p] === 0x2d;
  if (neg) p++;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; p < end; p++) {
    const x = buf[p]!;
    if (x === 0x2e) {
      frac = 0;
      continue;
    }
    if (x < 0x30 || x > 0x39 || ++digits > 15) return Number(numberText(c));
    m = m * 10 + (x - 0x30);
    if (frac >= 0) frac++;
  }
  const v = frac > 0 ? m / POW10[frac]! : m;
  return neg ? -v : v;
}

function numberText(c: Cursor): string {
  return decodeUtf8(c.buf, c.numStart, c.numEnd);
}

function nonNumeric(text: string): number | undefined {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+INF':
    case '+Infinity':
    case 'Infinity':
      return Infinity;
    case '-INF':
    case '-Infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

function isQuote(c: Cursor, b: number): boolean {
  return b === 0x22 || (b === 0x27 && c.syn.allowSingleQuotes);
}

function isNumStart(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x4e || b === 0x49;
}

/** A value converter for `t` (JacksonParser.makeConverter). */
export function makeConverter(t: DataType, o: JsonOptions, name: string): Conv {
  switch (t.kind) {
    case 'boolean':
      return (c, b) => {
        if (b === 0x74) return (literal(c, 'true'), true);
        if (b === 0x66) return (literal(c, 'false'), false);
        if (b === 0x6e) return (literal(c, 'null'), null);
        return skipBad(c, b);
      };
    case 'byte':
    case 'short':
    case 'integer': {
      const [lo, hi] = LIMITS[t.kind]!;
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (!isNumStart(b)) return skipBad(c, b);
        scanNumber(c);
        if (c.numKind !== NUM_INT || c.numEnd - c.numStart > 12) throw BAD;
        const v = smallInt(c);
        if (v < lo || v > hi) throw BAD;
        return v;
      };
    }
    case 'long':
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (!isNumStart(b)) return skipBad(c, b);
        scanNumber(c);
        if (c.numKind !== NUM_INT) throw BAD;
        if (c.numEnd - c.numStart <= 15) return smallBigInt(smallInt(c));
        const v = BigInt(numberText(c));
        if (v < LONG_MIN || v > LONG_MAX) throw BAD;
        return v;
      };
    case 'float':
    case 'double': {
      const f = t.kind === 'float' ? Math.fround : (x: number) => x;
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (isQuote(c, b)) {
          const s = readString(c);
          const v = o.syntax.allowNonNumericNumbers ? nonNumeric(s) : undefined;
          if (v === undefined) throw BAD;
          return v;
        }
        if (!isNumStart(b)) return skipBad(c, b);
        scanNumber(c);
        if (c.numKind === NUM_NONNUMERIC) return nonNumeric(numberText(c)) ?? NaN;
        return f(numberValue(c));
      };
    }
    case 'decimal': {
      const { precision, scale } = t;
      const conv = (text: string): bigint => {
        const d = parseBigDecimal(text);
        const v = d === null ? null : toDecimal(d, precision, scale);
        if (v === null) throw BAD;
        return v;
      };
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (isQuote(c, b)) {
          const s = readString(c);
          if (s.length === 0) throw BAD;
          return conv(s.replace(/,/g, ''));
        }
        if (!isNumStart(b)) return skipBad(c, b);
        scanNumber(c);
        if (c.numKind === NUM_NONNUMERIC) throw BAD;
        return conv(numberText(c));
      };
    }
    case 'string':
      return (c, b) => {
        if (isQuote(c, b)) return readString(c);
        if (b === 0x6e && c.buf[c.pos + 1] === 0x75) return (literal(c, 'null'), null);
        // Spark 4 keeps any other value's exact text (SPARK-48148).
        const s = c.pos;
        skipValue(c, b);
        return decodeUtf8(c.buf, s, c.pos);
      };
    case 'binary':
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (!isQuote(c, b)) return skipBad(c, b);
        const s = readString(c).replace(/\s+/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw BAD;
        return new Uint8Array(Buffer.from(s, 'base64'));
      };
    case 'date':
    case 'timestamp':
    case 'timestamp_ntz': {
      const format =
        t.kind === 'date' ? o.dateFormat : t.kind === 'timestamp' ? o.timestampFormat : o.timestampNTZFormat;
      const parse = makeDateTimeParser(t.kind, format, o.zone);
      const isTs = t.kind === 'timestamp';
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (isTs && isNumStart(b)) {
          scanNumber(c);
          if (c.numKind !== NUM_INT) throw BAD;
          return BigInt(numberText(c)) * 1_000_000n;
        }
        if (!isQuote(c, b)) return skipBad(c, b);
        const s = readString(c);
        if (s.length === 0) throw BAD;
        const v = parse(s);
        if (v === null) throw BAD;
        return v;
      };
    }
    case 'time': {
      const precision = t.precision;
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (!isQuote(c, b)) return skipBad(c, b);
        const v = parseTime(readString(c));
        if (v === null) throw BAD;
        return truncateTime(v, precision);
      };
    }
    case 'null':
      return (c, b) => {
        skipValue(c, b);
        return null;
      };
    case 'array': {
      const el = makeConverter(t.elementType, o, name);
      // Elements gather in a scratch array and are copied out at their exact size (a pushed-to array
      // would keep a larger backing store); this converter never runs inside itself, so one suffices.
      const scratch: Value[] = [];
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (b !== 0x5b) return skipBad(c, b);
        c.pos++;
        let k = ws(c);
        if (k === 0x5d) {
          c.pos++;
          return [];
        }
        let n = 0;
        let bad = false;
        for (;;) {
          if (bad) skipValue(c, k);
          else {
            try {
              scratch[n++] = el(c, k);
            } catch (e) {
              if (e !== BAD) throw e;
              bad = true; // the array fails as a whole, once its end is consumed
            }
          }
          const d = ws(c);
          c.pos++;
          if (d === 0x5d) break;
          if (d !== 0x2c) fail();
          k = ws(c);
        }
        if (bad) throw BAD;
        const out = scratch.slice(0, n);
        scratch.fill(null, 0, n);
        return out;
      };
    }
    case 'map': {
      const val = makeConverter(t.valueType, o, name);
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (b !== 0x7b) return skipBad(c, b);
        c.pos++;
        const keys: Value[] = [];
        const values: Value[] = [];
        let k = ws(c);
        if (k === 0x7d) {
          c.pos++;
          return { keys, values };
        }
        let bad = false;
        for (;;) {
          const key = readKey(c, k);
          const vb = ws(c);
          if (bad) skipValue(c, vb);
          else {
            try {
              const v = val(c, vb);
              keys.push(key);
              values.push(v);
            } catch (e) {
              if (e !== BAD) throw e;
              bad = true;
            }
          }
          const d = ws(c);
          c.pos++;
          if (d === 0x7d) break;
          if (d !== 0x2c) fail();
          k = ws(c);
        }
        if (bad) throw BAD;
        return { keys, values };
      };
    }
    case 'struct': {
      const obj = makeObjectReader(t, o);
      return (c, b) => {
        if (b === 0x6e) return (literal(c, 'null'), null);
        if (b !== 0x7b) return skipBad(c, b);
        const row: Value[] = new Array<Value>(t.fields.length).fill(null);
        if (obj(c, row)) partial = true;
        return row;
      };
    }
    case 'year_month_interval':
    case 'day_time_interval':
      return (c, b) => skipBad(c, b);
    case 'calendar_interval':
      throw new FlintError(
        'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE',
        `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The JSON datasource doesn't support the column \`${name}\` of the type "${sqlTypeName(t)}". SQLSTATE: 0A000`,
        { columnName: `\`${name}\``, columnType: `"${sqlTypeName(t)}"`, format: 'JSON' },
        null,
        '0A000',
      );
  }
}

/**
 * A reader of object keys to field indexes (-1: not a field) that first compares the key's bytes with
 * those of the key at the same position in the previous object (records usually repeat their key
 * order), decoding and looking the key up only when they differ. Also consumes the ':' after it.
 */
export function makeKeyMatcher(
  index: ReadonlyMap<string, number>,
): (c: Cursor, pos: number, b: number) => number {
  const keyBytes: (Uint8Array | null)[] = [];
  const keyField: number[] = [];
  return (c, pos, b) => {
    const buf = c.buf;
    const kb = pos < keyBytes.length ? keyBytes[pos]! : null;
    if (b === 0x22 && kb !== null) {
      const s = c.pos + 1;
      const n = kb.length;
      if (s + n < c.end && buf[s + n] === 0x22) {
        let i = 0;
        while (i < n && buf[s + i] === kb[i]) i++;
        if (i === n) {
          c.pos = s + n + 1;
          if (ws(c) !== 0x3a) fail();
          c.pos++;
          return keyField[pos]!;
        }
      }
    }
    const ks = c.pos;
    const key = readKey(c, b);
    const f = index.get(key) ?? -1;
    if (pos < 256) {
      // Remember a plain quoted key's bytes for the next object.
      let raw: Uint8Array | null = null;
      if (b === 0x22) {
        let p = ks + 1;
        while (buf[p] !== 0x22 && buf[p] !== 0x5c) p++;
        if (buf[p] === 0x22) raw = buf.slice(ks + 1, p);
      }
      while (keyBytes.length <= pos) {
        keyBytes.push(null);
        keyField.push(-1);
      }
      keyBytes[pos] = raw;
      keyField[pos] = f;
    }
    return f;
  };
}

/**
 * Reads an object at c.pos ('{') into `row` by field name (JacksonParser.convertObject); returns true
 * when some field failed to convert (it is left null; the others are kept).
 */
export function makeObjectReader(st: StructType, o: JsonOptions): (c: Cursor, row: Value[]) => boolean {
  const index = new Map<string, number>();
  st.fields.forEach((f, i) => {
    if (!index.has(f.name)) index.set(f.name, i);
  });
  const convs = st.fields.map((f) => makeConverter(f.dataType, o, f.name));
  const fieldOfKey = makeKeyMatcher(index);
  return (c, row) => {
    c.pos++;
    let bad = false;
    let k = ws(c);
    if (k === 0x7d) {
      c.pos++;
      return false;
    }
    for (let pos = 0; ; pos++) {
      const i = fieldOfKey(c, pos, k);
      const vb = ws(c);
      if (i < 0) skipValue(c, vb);
      else {
        try {
          row[i] = convs[i]!(c, vb);
        } catch (e) {
          if (e !== BAD) throw e;
          row[i] = null;
          bad = true;
        }
      }
      const d = ws(c);
      c.pos++;
      if (d === 0x7d) return bad;
      if (d !== 0x2c) fail();
      k = ws(c);
    }
  };
}

function malformedRecordError(badRecord: string): FlintError {
  return new FlintError(
    'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION',
    `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: ${badRecord}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023`,
    { badRecord, failFastMode: 'FAILFAST' },
    null,
    '22023',
  );
}

/** Spark's FAILED_READ_FILE.NO_HINT naming the file, with the underlying error as its cause. */
export function failedReadFile(path: string, cause: unknown): FlintError {
  const err = new FlintError(
    'FAILED_READ_FILE.NO_HINT',
    `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:${path}. SQLSTATE: KD001`,
    { path: `file:${path}` },
    null,
    'KD001',
  );
  Object.defineProperty(err, 'cause', { value: cause, enumerable: false });
  return err;
}

function rowText(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${(v as Value[]).map(rowText).join(',')}]`;
  return String(v);
}

export interface JsonRecordParser {
  /** Parses the record bytes [s, e) and appends its rows. */
  accept(buf: Uint8Array, s: number, e: number): void;
  readonly rows: number;
  flush(): Batch;
}

/**
 * The parser of records into Batches of `requiredSchema` (a subset of the data schema by name; the
 * corrupt-record column, when present, receives the raw text of malformed records).
 */
export function makeJsonRecordParser(
  requiredSchema: StructType,
  o: JsonOptions,
  batchSize: number,
): JsonRecordParser {
  const corruptIdx = requiredSchema.fields.findIndex((f) => f.name === o.columnNameOfCorruptRecord);
  if (corruptIdx >= 0) checkCorruptRecordField(requiredSchema.fields[corruptIdx]!);
  // The parser sees the required fields without the corrupt-record column.
  const fields = requiredSchema.fields.filter((_, i) => i !== corruptIdx);
  const actual: StructType = { kind: 'struct', fields };
  const toOut = requiredSchema.fields.map((_, i) =>
    i === corruptIdx ? -1 : i < corruptIdx || corruptIdx < 0 ? i : i - 1,
  );
  const readObject = makeObjectReader(actual, o);
  const structConv = makeConverter(actual, o, '');
  const sinks = requiredSchema.fields.map((f) => newColumnSink(f.dataType, batchSize));
  const width = fields.length;
  const scratch: Value[] = new Array<Value>(width).fill(null);
  const c = newCursor(o.syntax);
  let rows = 0;
  let pending: Value[][] = []; // rows beyond the batch capacity (a record that is an array of many)

  // The fast path of an object record: keys matched against those seen at the same position in the
  // previous record (by their bytes), values written straight into the sinks.
  const index = new Map<string, number>();
  fields.forEach((f, i) => {
    if (!index.has(f.name)) index.set(f.name, i);
  });
  const convs = fields.map((f) => makeConverter(f.dataType, o, f.name));
  const fieldSinks: ColumnSink[] = fields.map((_, i) => sinks[toOut.indexOf(i)]!);
  const corruptSink = corruptIdx >= 0 ? sinks[corruptIdx]! : null;
  const seen = new Int32Array(width);
  let stamp = 0;

  const fieldOfKey = makeKeyMatcher(index);

  /** Writes the value at c.pos (first byte b) of field i into its sink at `row`. */
  const writeField = (b: number, i: number, row: number): void => {
    const k = fieldSinks[i]!;
    switch (k.code) {
      case W_LONG:
        if ((b >= 0x30 && b <= 0x39) || b === 0x2d) {
          scanNumber(c);
          if (c.numKind === NUM_INT && c.numEnd - c.numStart <= 15) {
            setLongNumber(k, row, smallInt(c));
            return;
          }
          c.pos = c.numStart;
        }
        break;
      case W_INT:
        if ((b >= 0x30 && b <= 0x39) || b === 0x2d) {
          scanNumber(c);
          if (c.numKind === NUM_INT && c.numEnd - c.numStart <= 12) {
            const v = smallInt(c);
            if (v < k.lo || v > k.hi) throw BAD;
            if (k.nulls !== null) k.nulls[row] = 0;
            (k.values as Int32Array)[row] = v;
            return;
          }
          c.pos = c.numStart;
        }
        break;
      case W_DOUBLE:
      case W_FLOAT:
        if ((b >= 0x30 && b <= 0x39) || b === 0x2d) {
          scanNumber(c);
          if (c.numKind !== NUM_NONNUMERIC) {
            if (k.nulls !== null) k.nulls[row] = 0;
            (k.values as Float64Array)[row] = numberValue(c);
            return;
          }
          c.pos = c.numStart;
        }
        break;
      case W_BOOL:
        if (b === 0x74 || b === 0x66) {
          const t = b === 0x74;
          literal(c, t ? 'true' : 'false');
          if (k.nulls !== null) k.nulls[row] = 0;
          (k.values as Uint8Array)[row] = t ? 1 : 0;
          return;
        }
        break;
      case W_STRING:
        if (b === 0x22) {
          const buf = c.buf;
          const s = c.pos + 1;
          const end = c.end;
          let p = s;
          let or = 0;
          for (; p < end; p++) {
            const x = buf[p]!;
            if (x === 0x22 || x === 0x5c || x < 0x20) break;
            or |= x;
          }
          if (p < end && buf[p] === 0x22) {
            if (k.nulls !== null) k.nulls[row] = 0;
            (k.values as string[])[row] = or < 0x80 ? asciiText(buf, s, p) : decodeUtf8(buf, s, p);
            c.pos = p + 1;
            return;
          }
        }
        break;
    }
    // Every typed converter but string's reads null as a null (string's also checks the next byte).
    if (b === 0x6e && k.code !== W_STRING && k.code !== W_GENERIC) {
      literal(c, 'null');
      setNull(k, row);
      return;
    }
    setValue(k, row, convs[i]!(c, b));
  };

  /** Reads an object record at c.pos ('{') into row `rows`; true when some field failed to convert. */
  const readObjectFast = (): boolean => {
    const row = rows;
    const st = ++stamp;
    let failed = false;
    c.pos++;
    let k = ws(c);
    if (k === 0x7d) c.pos++;
    else {
      for (let pos = 0; ; pos++) {
        const i = fieldOfKey(c, pos, k);
        const vb = ws(c);
        if (i < 0) skipValue(c, vb);
        else {
          seen[i] = st;
          try {
            writeField(vb, i, row);
          } catch (err) {
            if (err !== BAD) throw err;
            setNull(fieldSinks[i]!, row);
            failed = true;
          }
        }
        const d = ws(c);
        c.pos++;
        if (d === 0x7d) break;
        if (d !== 0x2c) fail();
        k = ws(c);
      }
    }
    for (let i = 0; i < width; i++) if (seen[i] !== st) setNull(fieldSinks[i]!, row);
    return failed;
  };

  const emit = (vals: readonly Value[], corrupt: string | null): void => {
    if (rows >= batchSize) {
      pending.push([...vals, corrupt]);
      return;
    }
    for (let j = 0; j < toOut.length; j++) {
      const k = toOut[j]!;
      setValue(sinks[j]!, rows, k < 0 ? corrupt : (vals[k] ?? null));
    }
    rows++;
  };

  const bad = (buf: Uint8Array, s: number, e: number, partials: readonly (readonly Value[])[]): void => {
    if (o.mode === 'DROPMALFORMED') return;
    const text = decodeUtf8(buf, s, e);
    if (o.mode === 'FAILFAST') {
      const first = partials[0] ?? new Array<Value>(width).fill(null);
      const shown = toOut.map((k) => (k < 0 ? text : (first[k] ?? null)));
      throw malformedRecordError(rowText(shown));
    }
    const corrupt = corruptIdx >= 0 ? text : null;
    if (partials.length === 0) emit(new Array<Value>(width).fill(null), corrupt);
    for (const p of partials) emit(p, corrupt);
  };

  return {
    accept(buf, s, e) {
      reset(c, buf, s, e);
      partial = false;
      try {
        const b = ws(c);
        if (b === -1) return; // a blank record gives no row
        if (b === 0x7b && rows < batchSize) {
          if (readObjectFast() || partial) {
            const vals = fieldSinks.map((k) => peekSink(k, rows));
            bad(buf, s, e, [vals]);
          } else {
            if (corruptSink !== null) setNull(corruptSink, rows);
            rows++;
          }
          return;
        }
        if (b === 0x7b) {
          scratch.fill(null);
          const badField = readObject(c, scratch);
          if (badField || partial) bad(buf, s, e, [scratch]);
          else emit(scratch, null);
          return;
        }
        if (b === 0x5b) {
          // A top-level array: every element is a row (and must be an object).
          c.pos++;
          const out: Value[][] = [];
          let k = ws(c);
          let failed = false;
          if (k === 0x5d) c.pos++;
          else {
            for (;;) {
              if (k !== 0x7b) {
                skipValue(c, k);
                failed = true;
              } else {
                const row = new Array<Value>(width).fill(null);
                if (readObject(c, row)) partial = true;
                out.push(row);
              }
              const d = ws(c);
              c.pos++;
              if (d === 0x5d) break;
              if (d !== 0x2c) fail();
              k = ws(c);
            }
          }
          if (failed) bad(buf, s, e, []);
          else if (partial) bad(buf, s, e, out);
          else for (const r of out) emit(r, null);
          return;
        }
        // Any other top-level value is not a row.
        void structConv;
        skipValue(c, b);
        bad(buf, s, e, []);
      } catch (err) {
        if (err !== SYNTAX && err !== BAD) throw err;
        bad(buf, s, e, []);
      }
    },
    get rows() {
      return rows;
    },
    flush() {
      const n = rows;
      const batch: Batch = { numRows: n, columns: sinks.map((k) => finishSink(k, n)) };
      rows = 0;
      const rest = pending;
      pending = [];
      for (const r of rest) emit(r.slice(0, width), r[width] as string | null);
      return batch;
    },
  };
}
