// @flint/io: file listing with partition discovery, the file formats (CSV, JSON, Parquet, text) that
// read files into Batches and write them, and the task writer and commit protocol of a write job.

import { type Batch, type SourceFilter, type StructType, splitFile } from '@flint/common';
import { DEFAULT_BATCH_SIZE, type FileFormat } from './format.js';
import { resolvePaths } from './listing.js';
import type { DataSourceOptions } from './options.js';

export * from './format.js';

/** Default split size (spark.sql.files.maxPartitionBytes). */
export const DEFAULT_MAX_SPLIT_BYTES = 128 * 1024 * 1024;
export { type DataSourceOptions, getOption } from './options.js';
export { resolvePaths, isHiddenName, toLocalPath } from './listing.js';
export { csvFormat } from './csv/csv-format.js';
export { fileFormatOf } from './formats.js';
export { jsonFormat } from './json/json-format.js';
export { textFormat, TEXT_SCHEMA } from './text/text-format.js';
export { parquetFormat, parquetRowCount } from './parquet/parquet-format.js';
export { sparkSchemaOf as parquetSparkSchema, readParquetFooter } from './parquet/parquet-footer.js';

/** Resolves `paths` and infers the schema of all matched files with `format`. */
export async function inferSchema(
  format: FileFormat,
  paths: readonly string[],
  options: DataSourceOptions,
): Promise<StructType> {
  return format.inferSchema(await resolvePaths(paths), options);
}

/**
 * Reads every split of the files under `paths`, one after another, producing `requiredSchema`'s columns
 * (a convenience for tests and tools; queries read through the planner's file scan).
 * `dataSchema` defaults to `requiredSchema` (fine for Parquet; CSV maps columns by position in it).
 */
export async function* readFiles(
  format: FileFormat,
  paths: readonly string[],
  requiredSchema: StructType,
  options: DataSourceOptions,
  extra: {
    readonly dataSchema?: StructType;
    readonly batchSize?: number;
    readonly filters?: readonly SourceFilter[];
    readonly maxSplitBytes?: number;
  } = {},
): AsyncGenerator<Batch> {
  const files = await resolvePaths(paths);
  const readOptions = {
    dataSchema: extra.dataSchema ?? requiredSchema,
    options,
    batchSize: extra.batchSize ?? DEFAULT_BATCH_SIZE,
  };
  for (const file of files) {
    const maxBytes = extra.maxSplitBytes ?? DEFAULT_MAX_SPLIT_BYTES;
    for (const split of splitFile(file, [], maxBytes, format.isSplitable(options, file.path)))
      yield* format.readSplit(split, requiredSchema, extra.filters, readOptions);
  }
}
export { listFileIndex, type FileIndex, type FileIndexSettings } from './file-index.js';
export {
  DEFAULT_PARTITION_NAME,
  escapePathName,
  unescapePathName,
  partitionPathFragment,
  inferPartitioning,
} from './partitioning.js';
export { writeTask, type WriteTaskSpec, type WriteTaskResult } from './write/write-task.js';
export {
  setupJob,
  commitJob,
  abortJob,
  recoverInterruptedCommit,
  type SaveMode,
  type WriteJob,
} from './write/commit-protocol.js';
