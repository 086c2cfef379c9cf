// The Parquet FileFormat: schema from the footer, one split per row group, reads through parquet-wasm
// (only the required columns of the split's row groups) into Batches.

import { openAsBlob } from 'node:fs';
import {
  type Batch,
  FlintError,
  type PartitionedFile,
  type StructField,
  type StructType,
  T,
  dataTypeEquals,
} from '@flint/common';
import { tableFromIPC } from 'apache-arrow';
import { ParquetFile } from 'parquet-wasm';
import { DEFAULT_BATCH_SIZE, type FileFormat, type FileInfo, type ReadOptions } from '../format.js';
import type { DataSourceOptions } from '../options.js';
import type { SourceFilter } from '@flint/common';
import { recordBatchToBatch } from './arrow-to-batch.js';
import { readParquetFooter, sparkSchemaOf } from './parquet-footer.js';

function findField(schema: StructType, name: string): StructField | undefined {
  // Spark resolves Parquet columns case-insensitively unless spark.sql.caseSensitive is set.
  return (
    schema.fields.find((f) => f.name === name) ??
    schema.fields.find((f) => f.name.toLowerCase() === name.toLowerCase())
  );
}

/** Merges file schemas: Spark takes the first file's schema unless mergeSchema is set. */
export async function inferParquetSchema(
  files: readonly FileInfo[],
  _options: DataSourceOptions,
): Promise<StructType> {
  const first = files[0];
  if (first === undefined) {
    throw new FlintError(
      'UNABLE_TO_INFER_SCHEMA',
      '[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for Parquet. It must be specified manually. SQLSTATE: 42KD9',
      { format: 'Parquet' },
      null,
      '42KD9',
    );
  }
  const schema = sparkSchemaOf(await readParquetFooter(first.path));
  // Spark reads Parquet columns back as nullable.
  return T.struct(schema.fields.map((f) => T.field(f.name, f.dataType, true)));
}

/** Spark's rule: a split reads the row groups whose midpoint lies inside its byte range. */
function rowGroupsOfSplit(
  meta: Awaited<ReturnType<typeof readParquetFooter>>,
  split: PartitionedFile,
): number[] {
  const out: number[] = [];
  meta.row_groups.forEach((rg, i) => {
    const col = rg.columns[0]?.meta_data;
    const start = Number(col?.dictionary_page_offset ?? col?.data_page_offset ?? rg.file_offset ?? 0n);
    const size = Number(rg.total_compressed_size ?? rg.total_byte_size);
    const mid = start + size / 2;
    if (mid >= split.start && mid < split.start + split.length) out.push(i);
  });
  return out;
}

/** Row count of a file from its footer (no data read). */
export async function parquetRowCount(path: string): Promise<bigint> {
  return (await readParquetFooter(path)).num_rows;
}

export async function* readParquetSplit(
  split: PartitionedFile,
  requiredSchema: StructType,
  _pushedFilters: readonly SourceFilter[] | undefined,
  ro: ReadOptions,
): AsyncGenerator<Batch> {
  const batchSize = ro.batchSize ?? DEFAULT_BATCH_SIZE;
  const meta = await readParquetFooter(split.path);
  const fileSchema = sparkSchemaOf(meta);
  const rowGroups = rowGroupsOfSplit(meta, split);
  // Required columns present in this file, by their name in the file.
  const present: { out: number; fileName: string }[] = [];
  requiredSchema.fields.forEach((f, j) => {
    const ff = findField(fileSchema, f.name);
    if (ff === undefined) return;
    if (!dataTypeEquals(ff.dataType, f.dataType, true)) {
      throw new FlintError(
        'FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH',
        `[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Error while reading file file:${split.path}. Data type mismatches when reading Parquet column ${f.name}. SQLSTATE: KD001`,
        { path: `file:${split.path}`, column: f.name },
        null,
        'KD001',
      );
    }
    present.push({ out: j, fileName: ff.name });
  });
  const total = rowGroups.reduce((s, i) => s + Number(meta.row_groups[i]?.num_rows ?? 0n), 0);
  const emitWithNulls = (b: Batch | null, n: number): Batch => {
    // Columns missing from the file read as NULL (schema evolution).
    const columns = requiredSchema.fields.map((f, j) => {
      const k = present.findIndex((p) => p.out === j);
      if (k >= 0 && b !== null) return b.columns[k]!;
      return {
        type: f.dataType,
        length: n,
        values: new Array<unknown>(n).fill(null),
        nulls: new Uint8Array(n).fill(1),
      };
    });
    return { numRows: n, columns };
  };
  if (present.length === 0) {
    // Nothing to decode (e.g. count(*)): the footer has the row counts.
    for (let done = 0; done < total; done += batchSize)
      yield emitWithNulls(null, Math.min(batchSize, total - done));
    return;
  }
  const file = await ParquetFile.fromFile(await openAsBlob(split.path));
  try {
    const types = present.map((p) => requiredSchema.fields[p.out]!.dataType);
    for (const rg of rowGroups) {
      const wasmTable = await file.read({
        rowGroups: [rg],
        columns: present.map((p) => p.fileName),
        batchSize,
      });
      const table = tableFromIPC(wasmTable.intoIPCStream());
      // parquet-wasm returns columns in file order; put them in the required order.
      const order = present.map((p) => table.schema.fields.findIndex((f) => f.name === p.fileName));
      for (const rb of table.batches) {
        const b = recordBatchToBatch(rb, types, order);
        yield present.length === requiredSchema.fields.length ? b : emitWithNulls(b, b.numRows);
      }
    }
  } finally {
    file.free();
  }
}

export const parquetFormat: FileFormat = {
  name: 'parquet',
  inferSchema: inferParquetSchema,
  isSplitable: () => true,
  readSplit: readParquetSplit,
  prepareWrite: () => {
    throw new FlintError('UNSUPPORTED_FEATURE', 'Writing Parquet is not supported yet.', {});
  },
};
