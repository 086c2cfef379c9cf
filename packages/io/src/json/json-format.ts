// The JSON FileFormat (Spark's JsonFileFormat): JSON Lines split by byte range at line boundaries, or
// one JSON value per file with multiLine; schema inference; streaming reads of the required columns;
// JSON Lines writes (optionally gzip).

import {
  type Batch,
  FlintError,
  type PartitionedFile,
  type SourceFilter,
  type StructType,
} from '@flint/common';
import { type FileFormat, type ReadOptions, batchSizeOf, hasCodecExtension } from '../format.js';
import { CONTINUE, YIELD, readWholeFile, scanLines } from '../util/line-scanner.js';
import { inferJsonSchema } from './json-infer-schema.js';
import { resolveJsonOptions } from './json-options.js';
import { failedReadFile, makeJsonRecordParser } from './json-record-parser.js';
import { openJsonWriter } from './json-writer.js';

function onlyCorruptColumnError(): FlintError {
  return new FlintError(
    'UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN',
    '[UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN] The feature is not supported: Queries from raw JSON/CSV files are disallowed when the referenced columns only include the internal corrupt record column (named `_corrupt_record` by default). For example: `spark.read.schema(schema).json(file).filter($"_corrupt_record".isNotNull).count()` and `spark.read.schema(schema).json(file).select("_corrupt_record").show()`. Instead, you can cache or save the parsed results and then send the same query. For example, `val df = spark.read.schema(schema).json(file).cache()` and then `df.filter($"_corrupt_record".isNotNull).count()`. SQLSTATE: 0A000',
    {},
    null,
    '0A000',
  );
}

export async function* readJsonSplit(
  split: PartitionedFile,
  requiredSchema: StructType,
  _pushedFilters: readonly SourceFilter[] | undefined,
  ro: ReadOptions,
): AsyncGenerator<Batch> {
  const o = resolveJsonOptions(ro.options);
  const batchSize = batchSizeOf(ro);
  if (requiredSchema.fields.length === 1 && requiredSchema.fields[0]!.name === o.columnNameOfCorruptRecord)
    throw onlyCorruptColumnError();
  const parser = makeJsonRecordParser(requiredSchema, o, batchSize);
  try {
    if (o.multiLine) {
      // One JSON value per file, read by the split that starts the file.
      if (split.start > 0) return;
      const bytes = await readWholeFile(split.path);
      parser.accept(bytes, 0, bytes.length);
      while (parser.rows > 0) yield parser.flush();
      return;
    }
    const sep = o.lineSep === null ? null : new TextEncoder().encode(o.lineSep);
    const whole = split.start === 0 && split.start + split.length >= split.fileSize;
    const range = whole ? null : { start: split.start, end: split.start + split.length };
    const visit = (buf: Uint8Array, s: number, e: number): number => {
      parser.accept(buf, s, e);
      return parser.rows >= batchSize ? YIELD : CONTINUE;
    };
    for await (const _ of scanLines(split.path, range, sep, visit)) {
      while (parser.rows >= batchSize) yield parser.flush();
    }
    while (parser.rows > 0) yield parser.flush();
  } catch (e) {
    if (e instanceof FlintError && e.errorClass.startsWith('MALFORMED_RECORD_IN_PARSING'))
      throw failedReadFile(split.path, e);
    throw e;
  }
}

export const jsonFormat: FileFormat = {
  name: 'json',
  inferSchema: inferJsonSchema,
  isSplitable: (options, path) => !resolveJsonOptions(options).multiLine && !hasCodecExtension(path),
  readSplit: readJsonSplit,
  prepareWrite(_dataSchema, options) {
    const o = resolveJsonOptions(options);
    const lineSep = o.lineSep ?? '\n';
    return {
      extension: o.compression === 'gzip' ? '.json.gz' : '.json',
      newWriter: async (path, dataSchema) => openJsonWriter(path, dataSchema, o, lineSep),
    };
  },
};
