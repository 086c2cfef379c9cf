// The CSV FileFormat: schema inference, byte-range splits at line boundaries, and streaming reads of
// the required columns into Batches.

import {
  type Batch,
  type DataType,
  FlintError,
  type PartitionedFile,
  type SourceFilter,
  type StructType,
  T,
  mulberry32,
} from '@flint/common';
import {
  batchSizeOf,
  type FileFormat,
  type FileInfo,
  type ReadOptions,
  hasCodecExtension,
} from '../format.js';
import type { DataSourceOptions } from '../options.js';

import { type CsvOptions, isUtf8Compatible, resolveCsvOptions } from './csv-options.js';
import { prepareCsvWrite } from './csv-writer.js';
import { isoDateBytes } from './column-builder.js';
import { makeFieldInferrer, makeSafeHeader, toStructType } from './infer-schema.js';
import { CONTINUE, STOP, YIELD, scanRecords } from './record-scanner.js';
import { makeRowConverter } from './row-converter.js';
import { FALLBACK, F_ESCAPED, F_QUOTED, type RecordFields, decodeUtf8, unescapeField } from './tokenizer.js';

/** The string tokens of a record as univocity hands them to Spark (null for an unquoted empty field). */
export function recordTokens(buf: Uint8Array, rec: RecordFields, opts: CsvOptions): (string | null)[] {
  const out: (string | null)[] = new Array<string | null>(rec.count);
  for (let k = 0; k < rec.count; k++) {
    const s = rec.starts[k]!;
    const e = rec.ends[k]!;
    const f = rec.flags[k]!;
    if (s === e) out[k] = (f & F_QUOTED) === 0 ? null : opts.emptyValue;
    else out[k] = (f & F_ESCAPED) !== 0 ? unescapeField(buf, s, e, opts.syntax) : decodeUtf8(buf, s, e);
  }
  return out;
}

const SHAPE_OTHER = 0;
/** Optional sign and 1..9 digits: always an int. */
const SHAPE_INT = 1;
/** Optional sign, digits, '.', at least one digit, no exponent: a double for numeric columns. */
const SHAPE_FRACTION = 2;

function numberShape(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  if (i < e && (buf[i] === 0x2d || buf[i] === 0x2b)) i++;
  const d0 = i;
  while (i < e && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
  if (i === e) return i > d0 && i - d0 <= 9 ? SHAPE_INT : SHAPE_OTHER;
  if (buf[i] !== 0x2e) return SHAPE_OTHER;
  i++;
  const f0 = i;
  while (i < e && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
  return i === e && i > f0 ? SHAPE_FRACTION : SHAPE_OTHER;
}

async function firstRecord(file: FileInfo, opts: CsvOptions): Promise<(string | null)[] | null> {
  let first: (string | null)[] | null = null;
  const visit = (buf: Uint8Array, rec: RecordFields): number => {
    first = recordTokens(buf, rec, opts);
    return STOP;
  };
  for await (const _ of scanRecords(file.path, opts.syntax, null, visit, undefined, opts.encoding)) {
    if (first !== null) break;
  }
  return first;
}

export async function inferCsvSchema(
  files: readonly FileInfo[],
  options: DataSourceOptions,
): Promise<StructType> {
  const opts = resolveCsvOptions(options);
  let header: (string | null)[] | null = null;
  for (const f of files) {
    header = await firstRecord(f, opts);
    if (header !== null) break;
  }
  if (header === null) return T.struct([]);
  const names = makeSafeHeader(header, opts);
  if (!opts.inferSchema)
    return toStructType(
      names,
      names.map(() => T.string),
    );
  const types: DataType[] = names.map(() => T.null);
  const infer = makeFieldInferrer(opts);
  const headerTokens = header;
  const enc = new TextEncoder();
  const headerBytes = headerTokens.map((t) => (t === null ? null : enc.encode(t)));
  // Is the record the header line again? (Compared field by field on the bytes where possible.)
  const isHeader = (buf: Uint8Array, rec: RecordFields): boolean => {
    if (rec.count !== headerBytes.length) return false;
    for (let k = 0; k < rec.count; k++) {
      const s = rec.starts[k]!;
      const e = rec.ends[k]!;
      const f = rec.flags[k]!;
      const hb = headerBytes[k]!;
      if ((f & F_ESCAPED) !== 0 || (s === e && (f & F_QUOTED) !== 0)) {
        if (recordTokens(buf, rec, opts)[k] !== headerTokens[k]) return false;
        continue;
      }
      if (hb === null) {
        if (s !== e) return false;
        continue;
      }
      if (e - s !== hb.length) return false;
      for (let i = 0; i < hb.length; i++) if (buf[s + i] !== hb[i]) return false;
    }
    return true;
  };
  // Spark samples the lines after the header (Bernoulli, seed 1) unless the ratio is above 0.99; ours
  // is deterministic too, though not Spark's exact sample.
  const sampling = opts.samplingRatio <= 0.99;
  const random = mulberry32(1);
  // The byte-shape shortcut below must not see the null, NaN or infinity tokens.
  // With the default date pattern a date column's plain yyyy-MM-dd values need no decoding.
  const isoDates = opts.dateFormat === undefined || opts.dateFormat === 'yyyy-MM-dd';
  const fastShapes = ![opts.nullValue, opts.nanValue, opts.positiveInf, opts.negativeInf].some((v) =>
    /^[+-]?[0-9.]+$/.test(v),
  );
  for (const f of files) {
    // multiLine drops each file's first record; line mode drops every line equal to the header line.
    let firstOfFile = true;
    const visit = (buf: Uint8Array, rec: RecordFields): number => {
      if (opts.header) {
        const skip = opts.syntax.multiLine ? firstOfFile : isHeader(buf, rec);
        firstOfFile = false;
        if (skip) return CONTINUE;
      }
      if (sampling && random() >= opts.samplingRatio) return CONTINUE;
      const n = Math.min(types.length, rec.count);
      for (let i = 0; i < n; i++) {
        const s = rec.starts[i]!;
        const e = rec.ends[i]!;
        const fl = rec.flags[i]!;
        const t = types[i]!;
        if (s === e && (fl & F_QUOTED) === 0) continue; // null token
        // STRING is the top type: no value changes it, so it is not even decoded.
        if (t.kind === 'string') continue;
        // A date column stays a date on every strict yyyy-MM-dd value.
        if (
          t.kind === 'date' &&
          isoDates &&
          e - s === 10 &&
          (fl & F_ESCAPED) === 0 &&
          !Number.isNaN(isoDateBytes(buf, s))
        )
          continue;
        if (fastShapes && (fl === 0 || fl === F_QUOTED)) {
          const shape = numberShape(buf, s, e);
          // Plain small integers keep null/int/long as they are (null becomes int).
          if (shape === SHAPE_INT && (t.kind === 'null' || t.kind === 'integer' || t.kind === 'long')) {
            if (t.kind === 'null') types[i] = T.int;
            continue;
          }
          // Plain decimals with a fraction (scale > 0) are doubles for int/long/double/null columns.
          if (
            shape === SHAPE_FRACTION &&
            (t.kind === 'null' || t.kind === 'integer' || t.kind === 'long' || t.kind === 'double')
          ) {
            types[i] = T.double;
            continue;
          }
        }
        const str =
          s === e
            ? opts.emptyValue
            : (fl & F_ESCAPED) !== 0
              ? unescapeField(buf, s, e, opts.syntax)
              : decodeUtf8(buf, s, e);
        types[i] = infer(t, str);
      }
      return CONTINUE;
    };
    for await (const _ of scanRecords(f.path, opts.syntax, null, visit, undefined, opts.encoding)) {
      // scanning
    }
  }
  return toStructType(names, types);
}

/** CSVHeaderChecker with enforceSchema=false: the header must name the schema's fields, in order. */
function checkHeader(header: readonly (string | null)[], schema: StructType, path: string): void {
  const names = schema.fields.map((f) => f.name);
  const cols = header.map((h) => h ?? 'null');
  let msg: string | null = null;
  if (cols.length !== names.length) {
    msg = `Number of column in CSV header is not equal to number of fields in the schema:\n Header length: ${cols.length}, schema size: ${names.length}\nCSV file: file:${path}`;
  } else {
    for (let i = 0; i < cols.length; i++) {
      if (cols[i]!.toLowerCase() !== names[i]!.toLowerCase()) {
        msg = `CSV header does not conform to the schema.\n Header: ${cols.join(', ')}\n Schema: ${names.join(', ')}\nExpected: ${names[i]} but found: ${cols[i]}\nCSV file: file:${path}`;
        break;
      }
    }
  }
  if (msg !== null) throw new Error(msg);
}

/** A failure while reading `path` as Spark reports it: FAILED_READ_FILE.NO_HINT with the cause kept. */
function readFailure(path: string, e: unknown): FlintError {
  if (e instanceof FlintError && e.errorClass.startsWith('FAILED_READ_FILE')) return e;
  const err = new FlintError(
    'FAILED_READ_FILE.NO_HINT',
    `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:${path}. SQLSTATE: KD001`,
    { path: `file:${path}`, cause: e instanceof Error ? e.message : String(e) },
    null,
    'KD001',
  );
  Object.defineProperty(err, 'cause', { value: e, enumerable: false });
  return err;
}

export async function* readCsvSplit(
  split: PartitionedFile,
  requiredSchema: StructType,
  _pushedFilters: readonly SourceFilter[] | undefined,
  ro: ReadOptions,
): AsyncGenerator<Batch> {
  const opts = resolveCsvOptions(ro.options);
  const batchSize = batchSizeOf(ro);
  const utf8 = isUtf8Compatible(opts.encoding);
  // Files in other charsets are read whole by the split that starts them (they are not splitable).
  if (!utf8 && split.start > 0) return;
  const conv = makeRowConverter(ro.dataSchema, requiredSchema, opts, batchSize);
  const headerSchema = {
    ...ro.dataSchema,
    fields: ro.dataSchema.fields.filter((f) => f.name !== opts.columnNameOfCorruptRecord),
  };
  // The header is the first record of a file, so only the split that starts the file drops it.
  let skipHeader = opts.header && split.start === 0;
  const wanted = conv.wantedFields;
  const visit = (buf: Uint8Array, rec: RecordFields, s: number, e: number): number => {
    rec.wanted = wanted;
    if (skipHeader) {
      skipHeader = false;
      if (!opts.enforceSchema) checkHeader(recordTokens(buf, rec, opts), headerSchema, split.path);
      return CONTINUE;
    }
    conv.accept(buf, rec, s, e);
    return conv.rows >= batchSize ? YIELD : CONTINUE;
  };
  const whole = !utf8 || (split.start === 0 && split.start + split.length >= split.fileSize);
  const range =
    whole || opts.syntax.multiLine ? null : { start: split.start, end: split.start + split.length };
  try {
    const simple = conv.acceptSimple;
    // The header record always goes through `visit`.
    const fast =
      simple === null
        ? null
        : (buf: Uint8Array, pos: number, limit: number, rec: RecordFields): number =>
            skipHeader ? FALLBACK : simple(buf, pos, limit, rec);
    for await (const _ of scanRecords(
      split.path,
      opts.syntax,
      range,
      visit,
      undefined,
      opts.encoding,
      fast,
    )) {
      if (conv.rows >= batchSize) yield conv.flush();
    }
  } catch (e) {
    throw readFailure(split.path, e);
  }
  if (conv.rows > 0) yield conv.flush();
}

export const csvFormat: FileFormat = {
  name: 'csv',
  inferSchema: inferCsvSchema,
  isSplitable: (options, path) => {
    const o = resolveCsvOptions(options);
    return !o.syntax.multiLine && isUtf8Compatible(o.encoding) && !hasCodecExtension(path);
  },
  readSplit: readCsvSplit,
  prepareWrite: prepareCsvWrite,
};
