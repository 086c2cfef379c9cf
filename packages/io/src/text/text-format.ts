// The text FileFormat (Spark's TextFileFormat): one `value` string per line (lineSep), or one per
// file with wholetext; writes exactly one string column, a null row as an empty line.

import {
  type Batch,
  FlintError,
  type PartitionedFile,
  type SourceFilter,
  type StructType,
  type Vector,
  T,
  sqlTypeName,
} from '@flint/common';
import { type FileFormat, type ReadOptions, batchSizeOf, hasCodecExtension } from '../format.js';
import { checkEncoding, resolveCompression, resolveLineSep } from '../json/json-options.js';
import { type DataSourceOptions, getBoolOption } from '../options.js';
import { CONTINUE, YIELD, readWholeFile, scanLines } from '../util/line-scanner.js';
import { decodeUtf8 } from '../util/utf8.js';
import { openTextOutput } from './output-stream.js';

export const TEXT_SCHEMA: StructType = T.struct([T.field('value', T.string)]);

function verifyTextSchema(schema: StructType): void {
  for (const f of schema.fields) {
    if (f.dataType.kind !== 'string') {
      const typeSql = sqlTypeName(f.dataType);
      throw new FlintError(
        'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE',
        `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column \`${f.name}\` of the type "${typeSql}". SQLSTATE: 0A000`,
        { columnName: `\`${f.name}\``, columnType: `"${typeSql}"`, format: 'Text' },
        null,
        '0A000',
      );
    }
  }
  if (schema.fields.length !== 1) {
    throw new FlintError(
      '_LEGACY_ERROR_TEMP_1290',
      `Text data source supports only a single column, and you have ${schema.fields.length} columns.`,
      { schemaSize: String(schema.fields.length) },
    );
  }
}

function stringVector(values: string[]): Vector {
  return { type: T.string, length: values.length, values, nulls: null };
}

export async function* readTextSplit(
  split: PartitionedFile,
  requiredSchema: StructType,
  _pushedFilters: readonly SourceFilter[] | undefined,
  ro: ReadOptions,
): AsyncGenerator<Batch> {
  const options = ro.options;
  checkEncoding(options);
  const wholeText = getBoolOption(options, 'wholetext', false);
  const batchSize = batchSizeOf(ro);
  const wantValue = requiredSchema.fields.length > 0;
  const make = (values: string[], n: number): Batch => ({
    numRows: n,
    columns: wantValue ? [stringVector(values)] : [],
  });
  if (wholeText) {
    if (split.start > 0) return;
    const bytes = await readWholeFile(split.path);
    yield make([decodeUtf8(bytes, 0, bytes.length)], 1);
    return;
  }
  const lineSep = resolveLineSep(options);
  const sep = lineSep === null ? null : new TextEncoder().encode(lineSep);
  const whole = split.start === 0 && split.start + split.length >= split.fileSize;
  const range = whole ? null : { start: split.start, end: split.start + split.length };
  let values: string[] = [];
  let n = 0;
  const visit = (buf: Uint8Array, s: number, e: number): number => {
    if (wantValue) values.push(decodeUtf8(buf, s, e));
    n++;
    return n >= batchSize ? YIELD : CONTINUE;
  };
  for await (const _ of scanLines(split.path, range, sep, visit)) {
    if (n >= batchSize) {
      yield make(values, n);
      values = [];
      n = 0;
    }
  }
  if (n > 0) yield make(values, n);
}

export const textFormat: FileFormat = {
  name: 'text',
  inferSchema: async () => TEXT_SCHEMA,
  isSplitable: (options: DataSourceOptions, path?: string) =>
    !getBoolOption(options, 'wholetext', false) && !hasCodecExtension(path),
  readSplit: readTextSplit,
  prepareWrite(dataSchema, options) {
    verifyTextSchema(dataSchema);
    const compression = resolveCompression(options);
    const lineSep = resolveLineSep(options) ?? '\n';
    return {
      extension: compression === 'gzip' ? '.txt.gz' : '.txt',
      async newWriter(path) {
        const out = openTextOutput(path, compression);
        return {
          async write(batch: Batch) {
            const col = batch.columns[0];
            if (col === undefined) return;
            const vals = col.values as string[];
            const nulls = col.nulls;
            let text = '';
            for (let i = 0; i < batch.numRows; i++) {
              // A null row is written as an empty line (Spark's TextOutputWriter).
              if (nulls === null || nulls[i] !== 1) text += vals[i]!;
              text += lineSep;
              if (text.length > 1 << 20) {
                await out.write(text);
                text = '';
              }
            }
            await out.write(text);
          },
          close: () => out.close(),
        };
      },
    };
  },
};
