// The CSV writer: Spark's UnivocityGenerator (value rendering) with univocity's CsvWriter quoting
// rules, streamed to a file (optionally gzip/deflate-compressed) with backpressure, batch by batch.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createDeflate, createGzip } from 'node:zlib';
import {
  type Batch,
  type DataType,
  type StructType,
  type Vector,
  InternalError,
  formatDayTimeInterval,
  formatTime,
  formatYearMonthInterval,
  javaDoubleToString,
  javaBigDecimalToString,
  javaFloatToString,
  requireTimeZone,
  sqlTypeName,
} from '@flint/common';
import type { OutputWriter, OutputWriterFactory } from '../format.js';
import type { DataSourceOptions } from '../options.js';
import { unsupportedCsvType } from './column-builder.js';
import { type CsvWriteOptions, resolveCsvWriteOptions } from './csv-options.js';
import { makeDateFormatter, makeTimestampFormatter } from './datetime-parse.js';

export { javaBigDecimalToString } from '@flint/common';

/** Whether Spark's CSV source can hold the type (CSVFileFormat.supportDataType: atomic, not binary). */
function supported(t: DataType): boolean {
  switch (t.kind) {
    case 'binary':
    case 'null':
    case 'calendar_interval':
    case 'array':
    case 'map':
    case 'struct':
      return false;
    default:
      return true;
  }
}

/** Renders row i of a non-null entry of `v` as UnivocityGenerator's converters do. */
type Render = (v: Vector, i: number) => string;

function makeRender(t: DataType, o: CsvWriteOptions): Render {
  switch (t.kind) {
    case 'boolean':
      return (v, i) => ((v.values as Uint8Array)[i] === 1 ? 'true' : 'false');
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return (v, i) => String((v.values as ArrayLike<number | bigint>)[i]);
    case 'float':
      return (v, i) => javaFloatToString((v.values as Float32Array)[i]!);
    case 'double':
      return (v, i) => javaDoubleToString((v.values as Float64Array)[i]!);
    case 'decimal': {
      const scale = t.scale;
      return (v, i) => javaBigDecimalToString(BigInt((v.values as ArrayLike<bigint>)[i]!), scale);
    }
    case 'string':
      return (v, i) => (v.values as string[])[i]!;
    case 'date': {
      const f = makeDateFormatter(o.dateFormat);
      return (v, i) => f((v.values as Int32Array)[i]!);
    }
    case 'timestamp': {
      const f = makeTimestampFormatter(o.timestampFormat, requireTimeZone(o.timeZone));
      return (v, i) => f((v.values as BigInt64Array)[i]!);
    }
    case 'timestamp_ntz': {
      const f = makeTimestampFormatter(o.timestampNTZFormat, null);
      return (v, i) => f((v.values as BigInt64Array)[i]!);
    }
    case 'year_month_interval': {
      const { startField, endField } = t;
      return (v, i) => formatYearMonthInterval((v.values as Int32Array)[i]!, true, startField, endField);
    }
    case 'day_time_interval': {
      const { startField, endField } = t;
      return (v, i) => formatDayTimeInterval((v.values as BigInt64Array)[i]!, true, startField, endField);
    }
    case 'time':
      return (v, i) => formatTime((v.values as BigInt64Array)[i]!);
    case 'binary':
    case 'null':
    case 'calendar_interval':
    case 'array':
    case 'map':
    case 'struct':
      throw new InternalError(`CSV cannot write ${t.kind}: prepareWrite rejects it`);
  }
}

/**
 * univocity's CsvWriter field rules with Spark's settings: trims whitespace (write defaults on), encloses
 * in quotes a value holding the delimiter, a line break, a leading quote, the comment character at the
 * start of the first column, or (escapeQuotes) any quote; inside quotes, quote and escape characters
 * are escaped. Null writes nullValue, an empty string emptyValue (`""` by default).
 */
export function makeFieldEncoder(o: CsvWriteOptions): (value: string | null, column: number) => string {
  const { quote, escape, escapeEscape, delimiter, comment } = o;
  const quoteQuoted = (s: string): string => {
    let out = quote;
    for (let k = 0; k < s.length; k++) {
      const ch = s[k]!;
      if (ch === quote && quote !== '') out += escape === '' ? quote : escape;
      else if (ch === escape && escape !== quote && escapeEscape !== '') out += escapeEscape;
      out += ch;
    }
    return out + quote;
  };
  const trim = (s: string): string => {
    let a = 0;
    let b = s.length;
    if (o.ignoreLeadingWhiteSpace) while (a < b && s.charCodeAt(a) <= 0x20) a++;
    if (o.ignoreTrailingWhiteSpace) while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
    return a === 0 && b === s.length ? s : s.slice(a, b);
  };
  /** A null or empty value's replacement text: kept as given when it is already quoted. */
  const special = (s: string, column: number): string => {
    if (s.length >= 2 && quote !== '' && s.startsWith(quote) && s.endsWith(quote)) return s;
    if (s === '') return o.quoteAll ? quote + quote : '';
    return plain(s, column);
  };
  const plain = (raw: string, column: number): string => {
    const s = trim(raw);
    if (s === '') return special(o.emptyValue, column);
    let needs = o.quoteAll;
    if (!needs && quote !== '' && s.startsWith(quote)) needs = true;
    if (!needs && column === 0 && comment !== '' && s.startsWith(comment)) needs = true;
    if (!needs && (s.includes(delimiter) || s.includes('\n') || s.includes('\r'))) needs = true;
    if (!needs && o.escapeQuotes && quote !== '' && s.includes(quote)) needs = true;
    return needs ? quoteQuoted(s) : s;
  };
  return (value, column) => {
    if (value === null) return special(o.nullValue, column);
    if (value === '') return special(o.emptyValue, column);
    return plain(value, column);
  };
}

/** Encodes text in the writer's charset (Java replaces characters it cannot map with '?'). */
function makeCharsetEncoder(charset: string): (s: string) => Buffer | string {
  switch (charset) {
    case 'UTF-8':
      return (s) => s;
    case 'ISO-8859-1':
      return (s) => Buffer.from(s.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1');
    case 'US-ASCII':
      return (s) => Buffer.from(s.replace(/[^\u0000-\u007f]/g, '?'), 'latin1');
    case 'UTF-16LE':
      return (s) => Buffer.from(s, 'utf16le');
    case 'UTF-16BE':
    case 'UTF-16': {
      // Java's UTF-16 encoder writes a big-endian BOM first.
      let first = charset === 'UTF-16';
      return (s) => {
        const b = Buffer.from((first ? '\ufeff' : '') + s, 'utf16le');
        first = false;
        return b.swap16();
      };
    }
    default:
      return (s) => Buffer.from(s, 'latin1');
  }
}

/** Rows are encoded in slices of this many, so a batch never becomes one huge string. */
const ROWS_PER_WRITE = 4096;

/** Spark's CSVFileFormat.prepareWrite: checks the column types and returns the file factory. */
export function prepareCsvWrite(dataSchema: StructType, options: DataSourceOptions): OutputWriterFactory {
  for (const f of dataSchema.fields) {
    if (!supported(f.dataType)) throw unsupportedCsvType(f.name, f.dataType, sqlTypeName(f.dataType));
  }
  const o = resolveCsvWriteOptions(options);
  const extension =
    o.compression === 'gzip' ? '.csv.gz' : o.compression === 'deflate' ? '.csv.deflate' : '.csv';
  return {
    extension,
    newWriter: (path, schema) => openCsvWriter(path, schema, o),
  };
}

async function openCsvWriter(path: string, schema: StructType, o: CsvWriteOptions): Promise<OutputWriter> {
  const file = createWriteStream(path);
  await once(file, 'open');
  const zip = o.compression === 'gzip' ? createGzip() : o.compression === 'deflate' ? createDeflate() : null;
  if (zip !== null) zip.pipe(file);
  const out: Writable = zip ?? file;
  let failure: Error | null = null;
  const onError = (e: Error): void => {
    failure ??= e;
  };
  file.on('error', onError);
  zip?.on('error', onError);
  const encodeText = makeCharsetEncoder(o.encoding);
  const field = makeFieldEncoder(o);
  const renders = schema.fields.map((f) => makeRender(f.dataType, o));
  const sep = o.delimiter;
  const eol = o.lineSep;

  const push = async (text: string): Promise<void> => {
    if (failure !== null) throw failure;
    if (text.length === 0) return;
    if (!out.write(encodeText(text))) await once(out, 'drain');
  };

  if (o.header) await push(schema.fields.map((f, c) => field(f.name, c)).join(sep) + eol);

  return {
    async write(batch: Batch) {
      const cols = batch.columns;
      const n = batch.numRows;
      const ncols = cols.length;
      for (let start = 0; start < n; start += ROWS_PER_WRITE) {
        const end = Math.min(n, start + ROWS_PER_WRITE);
        let text = '';
        for (let i = start; i < end; i++) {
          for (let c = 0; c < ncols; c++) {
            if (c > 0) text += sep;
            const v = cols[c]!;
            const isNull = v.nulls !== null && v.nulls[i] === 1;
            text += field(isNull ? null : renders[c]!(v, i), c);
          }
          text += eol;
        }
        await push(text);
      }
    },
    async close() {
      out.end();
      if (!file.writableFinished) await once(file, 'finish');
      file.close();
      if (failure !== null) throw failure;
    },
  };
}
