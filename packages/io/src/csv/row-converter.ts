// Turns tokenized CSV records into Batches of the required columns, applying nullValue/emptyValue,
// the token-count rules and the parse mode (PERMISSIVE with the corrupt-record column, DROPMALFORMED,
// FAILFAST) as Spark 4's UnivocityParser and FailureSafeParser do.

import {
  type Batch,
  type DataType,
  FlintError,
  type StructType,
  type Value,
  javaDoubleToString,
  javaFloatToString,
  sqlTypeName,
} from '@flint/common';
import { checkCorruptRecordField } from '../corrupt-record.js';
import { type ColumnBuilder, makeColumnBuilder, newChunkText, setFieldBytes } from './column-builder.js';
import type { CsvOptions } from './csv-options.js';
import type { FastRecord } from './record-scanner.js';
import {
  FALLBACK,
  F_ESCAPED,
  F_QUOTED,
  type RecordFields,
  decodeUtf8,
  simpleByteClasses,
  unescapeField,
} from './tokenizer.js';

export interface RowConverter {
  /** Appends the record; buf[recStart, recEnd) is its raw text (kept for the corrupt-record column). */
  accept(buf: Uint8Array, rec: RecordFields, recStart: number, recEnd: number): void;
  readonly rows: number;
  /** Leading fields of a record the conversion reads (a record's other fields may stay untokenized). */
  readonly wantedFields: number;
  /**
   * Tokenizes and converts the record at `pos` in one pass when it is the common case (plain fields,
   * the full token count, every value well-formed): returns the position after it, else FALLBACK with
   * nothing decided (the row is then written again by `accept`). Null when the options exclude it.
   */
  readonly acceptSimple: FastRecord | null;
  flush(): Batch;
}

function fieldIndex(schema: StructType, name: string): number {
  let i = schema.fields.findIndex((d) => d.name === name);
  if (i < 0) i = schema.fields.findIndex((d) => d.name.toLowerCase() === name.toLowerCase());
  return i;
}

/** Index of each required field in the data schema (exact name first, then case-insensitive). */
export function requiredIndexes(dataSchema: StructType, requiredSchema: StructType): number[] {
  return requiredSchema.fields.map((f) => {
    const i = fieldIndex(dataSchema, f.name);
    if (i < 0)
      throw new FlintError('INTERNAL_ERROR', `required column ${f.name} is not in the data schema`, {});
    return i;
  });
}

/** ExprUtils.verifyColumnNameOfCorruptRecord: the corrupt-record column must be a nullable string. */
export function verifyCorruptRecordColumn(schema: StructType, name: string): void {
  const i = fieldIndex(schema, name);
  if (i < 0) return;
  checkCorruptRecordField(schema.fields[i]!);
}

/** Spark 4's FAILFAST error; `record` is the result row as InternalRow.toString prints it. */
export function malformedRecordError(record: string): FlintError {
  return new FlintError(
    'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION',
    `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: ${record}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023`,
    { badRecord: record, failFastMode: 'FAILFAST' },
    null,
    '22023',
  );
}

/** A value as Spark's GenericInternalRow.toString shows it (internal forms: days, micros...). */
function internalString(v: Value, t: DataType): string {
  if (v === null) return 'null';
  switch (t.kind) {
    case 'double':
      return javaDoubleToString(v as number);
    case 'float':
      return javaFloatToString(v as number);
    case 'decimal': {
      const u = v as bigint;
      const neg = u < 0n;
      let digits = (neg ? -u : u).toString();
      if (t.scale > 0) {
        if (digits.length <= t.scale) digits = '0'.repeat(t.scale - digits.length + 1) + digits;
        digits = digits.slice(0, digits.length - t.scale) + '.' + digits.slice(digits.length - t.scale);
      }
      return (neg ? '-' : '') + digits;
    }
    default:
      return String(v);
  }
}

/** The raw text of a record without its line terminator (Scala's stripLineEnd). */
function recordText(buf: Uint8Array, s: number, e: number): string {
  if (e > s && buf[e - 1] === 0x0a) e--;
  if (e > s && buf[e - 1] === 0x0d) e--;
  return decodeUtf8(buf, s, e);
}

export function makeRowConverter(
  dataSchema: StructType,
  requiredSchema: StructType,
  opts: CsvOptions,
  batchSize: number,
): RowConverter {
  const corruptName = opts.columnNameOfCorruptRecord;
  verifyCorruptRecordColumn(dataSchema, corruptName);
  const isCorrupt = (name: string): boolean => name === corruptName;
  // The record's tokens map onto the data columns other than the corrupt-record column.
  const actualData = { ...dataSchema, fields: dataSchema.fields.filter((f) => !isCorrupt(f.name)) };
  const corruptOut = requiredSchema.fields.findIndex((f) => isCorrupt(f.name));
  const ncols = requiredSchema.fields.length;
  const idx = requiredSchema.fields.map((f) => {
    if (isCorrupt(f.name)) return -1;
    const i = fieldIndex(actualData, f.name);
    if (i < 0)
      throw new FlintError('INTERNAL_ERROR', `required column ${f.name} is not in the data schema`, {});
    return i;
  });
  const builders: ColumnBuilder[] = requiredSchema.fields.map((f) =>
    makeColumnBuilder(f.name, f.dataType, sqlTypeName(f.dataType), opts, batchSize),
  );
  const dataLen = actualData.fields.length;
  // With every data column required (or the corrupt column asked for, which turns column pruning off)
  // a record with a different token count is malformed; once columns are pruned Spark's parser only
  // sees the selected tokens and cannot tell.
  const checkCount = corruptOut >= 0 || ncols === dataLen;
  const syn = opts.syntax;
  const nullBytes = new TextEncoder().encode(opts.nullValue);
  const nullLen = nullBytes.length;
  const emptyIsNull = opts.emptyValue === opts.nullValue;
  const mode = opts.mode;
  const chunkText = newChunkText();
  let rows = 0;

  function isNullBytes(buf: Uint8Array, s: number, e: number): boolean {
    if (e - s !== nullLen) return false;
    for (let i = 0; i < nullLen; i++) if (buf[s + i] !== nullBytes[i]) return false;
    return true;
  }

  /** Converts field k into column j at `row`; false when malformed. */
  function convert(j: number, buf: Uint8Array, rec: RecordFields, k: number, row: number): boolean {
    const b = builders[j]!;
    if (k >= rec.count) {
      b.setNull(row);
      return true;
    }
    const s = rec.starts[k]!;
    const e = rec.ends[k]!;
    const f = rec.flags[k]!;
    if (s === e) {
      // An unquoted empty field is always null; a quoted one ("") reads as emptyValue.
      if ((f & F_QUOTED) === 0 || emptyIsNull) {
        b.setNull(row);
        return true;
      }
      if (b.setString(row, opts.emptyValue)) return true;
      b.setNull(row);
      return false;
    }
    if ((f & F_ESCAPED) !== 0) {
      const str = unescapeField(buf, s, e, syn);
      if (str === opts.nullValue) {
        b.setNull(row);
        return true;
      }
      if (b.setString(row, str)) return true;
      b.setNull(row);
      return false;
    }
    if (nullLen > 0 && isNullBytes(buf, s, e)) {
      b.setNull(row);
      return true;
    }
    if (setFieldBytes(b, row, buf, s, e, rec, chunkText)) return true;
    b.setNull(row);
    return false;
  }

  /** The result row as FailureSafeParser prints it in the FAILFAST message. */
  function rowString(row: number, raw: string): string {
    const parts: string[] = [];
    for (let j = 0; j < ncols; j++) {
      if (j === corruptOut) {
        parts.push(raw);
        continue;
      }
      const v = builders[j]!.peek(row);
      parts.push(internalString(v, requiredSchema.fields[j]!.dataType));
    }
    return parts.length === 0 ? '[empty row]' : `[${parts.join(',')}]`;
  }

  // The one-pass path: data field k goes to required column colOf[k] (-1: not required).
  const classes = simpleByteClasses(syn);
  const colOf = new Int32Array(dataLen).fill(-1);
  let simple = classes !== null && nullLen === 0 && corruptOut < 0 && dataLen > 0;
  idx.forEach((k, j) => {
    if (k < 0 || colOf[k] !== -1) simple = false;
    else colOf[k] = j;
  });
  const lastField = dataLen - 1;
  const quote = syn.quote;
  const comment = syn.comment;
  const autoLineSep = syn.autoLineSep;

  function acceptSimple(buf: Uint8Array, pos: number, limit: number, rec: RecordFields): number {
    const cls = classes!;
    if (limit >= buf.length || cls[buf[limit]!] !== 2) return FALLBACK;
    const c0 = buf[pos]!;
    if (c0 <= 0x20 || c0 === comment || cls[c0] === 2) return FALLBACK;
    const row = rows;
    let p = pos;
    for (let k = 0; ; k++) {
      if (buf[p] === quote) return FALLBACK;
      const s = p;
      let c = cls[buf[p]!]!;
      while (c === 0) c = cls[buf[++p]!]!;
      if (p >= limit) return FALLBACK;
      const j = colOf[k]!;
      if (j >= 0) {
        const b = builders[j]!;
        if (s === p) b.setNull(row);
        else if (!setFieldBytes(b, row, buf, s, p, rec, chunkText)) return FALLBACK;
      }
      if (c === 1) {
        if (k === lastField) return FALLBACK;
        p++;
        continue;
      }
      if (k !== lastField) return FALLBACK;
      let next = p + 1;
      if (autoLineSep && buf[p] === 0x0d) {
        if (next >= limit) return FALLBACK;
        if (buf[next] === 0x0a) next++;
      }
      rows = row + 1;
      if (rows >= batchSize) rec.yieldNow = true;
      return next;
    }
  }

  return {
    acceptSimple: simple ? acceptSimple : null,
    accept(buf, rec, recStart, recEnd) {
      const row = rows;
      let bad = false;
      for (let j = 0; j < ncols; j++) {
        const k = idx[j]!;
        if (k < 0) builders[j]!.setNull(row);
        else if (!convert(j, buf, rec, k, row)) bad = true;
      }
      if (bad || (checkCount && rec.count !== dataLen)) {
        if (mode === 'DROPMALFORMED') return;
        const raw = recordText(buf, recStart, recEnd);
        if (mode === 'FAILFAST') throw malformedRecordError(rowString(row, raw));
        // PERMISSIVE (Spark 4): the partial row (bad values and missing tokens null) plus the raw record.
        if (corruptOut >= 0) builders[corruptOut]!.setString(row, raw);
      }
      rows = row + 1;
    },
    get rows() {
      return rows;
    },
    // Without the token-count check, fields after the last required one are never looked at.
    wantedFields: checkCount ? 0x7fffffff : idx.reduce((m, k) => Math.max(m, k + 1), 0),
    flush() {
      const n = rows;
      rows = 0;
      return { numRows: n, columns: builders.map((b) => b.finish(n)) };
    },
  };
}
