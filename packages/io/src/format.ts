// The data-source contract: what a file format (CSV, JSON, Parquet, text) implements so the planner can
// infer a schema and cut files into splits, the executor can read one split as a stream of batches, and
// a write can turn batches into files.

import {
  type Batch,
  type FileStatus,
  InternalError,
  type PartitionedFile,
  type SourceFilter,
  type StructType,
} from '@flint/common';
import type { DataSourceOptions } from './options.js';

/** One input file, as listed by `resolvePaths`. */
export type FileInfo = FileStatus;

/** Everything `readSplit` needs beyond the split itself. */
export interface ReadOptions {
  /** The schema of the data in the files (user-given or inferred), partition columns excluded. */
  readonly dataSchema: StructType;
  /** Format options as given by the user (keys case-insensitive, as in Spark). */
  readonly options: DataSourceOptions;
  /** Rows per batch (default 65536). */
  readonly batchSize?: number;
}

/** Writes the batches of one output file. */
export interface OutputWriter {
  write(batch: Batch): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** What a format makes once per write job (Spark's OutputWriterFactory). */
export interface OutputWriterFactory {
  /** File name suffix including the codec, e.g. `.snappy.parquet`, `.csv`, `.json.gz`. */
  readonly extension: string;
  /** Opens a writer for a new file at `path` holding rows of `dataSchema`. */
  newWriter(path: string, dataSchema: StructType): Promise<OutputWriter>;
}

export interface FileFormat {
  /** Spark's short name. */
  readonly name: 'csv' | 'json' | 'parquet' | 'text';
  /** Infers the schema of the data in all files together (Spark merges per file). */
  inferSchema(files: readonly FileStatus[], options: DataSourceOptions): Promise<StructType>;
  /**
   * Whether a file (`path`, when known) can be cut into byte ranges read by separate tasks with these
   * options (Spark's FileFormat.isSplitable).
   */
  isSplitable(options: DataSourceOptions, path?: string): boolean;
  /**
   * Reads one split, producing only `requiredSchema`'s columns (a subset of dataSchema's fields, by name,
   * in that order). Pushed filters are advisory: a format may use them to skip data, never to drop
   * single rows the caller would keep, so the caller still applies them.
   */
  readSplit(
    split: PartitionedFile,
    requiredSchema: StructType,
    pushedFilters: readonly SourceFilter[] | undefined,
    options: ReadOptions,
  ): AsyncIterable<Batch>;
  /** Validates the write options and returns the factory of output files (Spark's prepareWrite). */
  prepareWrite(dataSchema: StructType, options: DataSourceOptions): OutputWriterFactory;
}

export const DEFAULT_BATCH_SIZE = 65536;

/** The rows per batch a read produces (DEFAULT_BATCH_SIZE unless set; must be positive). */
export function batchSizeOf(ro: ReadOptions): number {
  const n = ro.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!(n > 0)) throw new InternalError(`invalid batch size ${n}`);
  return n;
}

/** A compressed text file (by its codec's extension): its codec cannot start mid-stream, so it is read whole. */
export function hasCodecExtension(path: string | undefined): boolean {
  return path !== undefined && /\.(gz|bz2|deflate|zst|lz4|snappy|xz)$/i.test(path);
}
