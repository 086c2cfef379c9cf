// Turns tokenized CSV records into Batches of the required columns, applying nullValue/emptyValue,
// the token-count rules and the parse mode (PERMISSIVE, DROPMALFORMED, FAILFAST) as Spark's
// UnivocityParser and FailureSafeParser do.

import { type Batch, FlintError, type StructType, sqlTypeName } from '@flint/common';
import { type ColumnBuilder, makeColumnBuilder } from './column-builder.js';
import type { CsvOptions } from './csv-options.js';
import { F_ESCAPED, F_QUOTED, type RecordFields, decodeUtf8, unescapeField } from './tokenizer.js';

export interface RowConverter {
  /** Appends the record; buf[recStart, recEnd) is its raw text (for error messages). */
  accept(buf: Uint8Array, rec: RecordFields, recStart: number, recEnd: number): void;
  readonly rows: number;
  flush(): Batch;
}

/** Index of each required field in the data schema (exact name first, then case-insensitive). */
export function requiredIndexes(dataSchema: StructType, requiredSchema: StructType): number[] {
  return requiredSchema.fields.map((f) => {
    let i = dataSchema.fields.findIndex((d) => d.name === f.name);
    if (i < 0) i = dataSchema.fields.findIndex((d) => d.name.toLowerCase() === f.name.toLowerCase());
    if (i < 0)
      throw new FlintError('INTERNAL_ERROR', `required column ${f.name} is not in the data schema`, {});
    return i;
  });
}

export function malformedRecordError(record: string): FlintError {
  return new FlintError(
    'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION',
    `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: ${record}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023`,
    { badRecord: record, failFastMode: 'FAILFAST' },
    null,
    '22023',
  );
}

export function makeRowConverter(
  dataSchema: StructType,
  requiredSchema: StructType,
  opts: CsvOptions,
  batchSize: number,
): RowConverter {
  const idx = requiredIndexes(dataSchema, requiredSchema);
  const ncols = idx.length;
  const builders: ColumnBuilder[] = requiredSchema.fields.map((f) =>
    makeColumnBuilder(f.name, f.dataType, sqlTypeName(f.dataType), opts, batchSize),
  );
  // With every column required, a record with a different token count is malformed; once columns are
  // pruned Spark's parser only sees the selected tokens and cannot tell.
  const checkCount = ncols === dataSchema.fields.length;
  const dataLen = dataSchema.fields.length;
  const syn = opts.syntax;
  const nullBytes = new TextEncoder().encode(opts.nullValue);
  const nullLen = nullBytes.length;
  const emptyIsNull = opts.emptyValue === opts.nullValue;
  const mode = opts.mode;
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
    if (b.setBytes(row, buf, s, e)) return true;
    b.setNull(row);
    return false;
  }

  return {
    accept(buf, rec, recStart, recEnd) {
      const row = rows;
      let bad = false;
      for (let j = 0; j < ncols; j++) if (!convert(j, buf, rec, idx[j]!, row)) bad = true;
      const countMismatch = checkCount && rec.count !== dataLen;
      if (bad || countMismatch) {
        if (mode === 'FAILFAST')
          throw malformedRecordError(decodeUtf8(buf, recStart, recEnd).replace(/[\r\n]+$/, ''));
        if (mode === 'DROPMALFORMED') return;
        // PERMISSIVE: a wrong token count with a bad value as well gives an all-null row.
        if (bad && countMismatch) for (let j = 0; j < ncols; j++) builders[j]!.setNull(row);
      }
      rows = row + 1;
    },
    get rows() {
      return rows;
    },
    flush() {
      const n = rows;
      rows = 0;
      return { numRows: n, columns: builders.map((b) => b.finish(n)) };
    },
  };
}
