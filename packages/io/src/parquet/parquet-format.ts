// The Parquet FileFormat: schema from the footer (or the merge of all footers with mergeSchema); a split
// reads the row groups whose midpoint it holds, minus those the pushed filters' statistics rule out, and
// decodes only the required columns: flat ones with our own decoder, nested or unusual ones through
// parquet-wasm (fed a one-row-group file cut out of the original). Writing is in parquet-writer.ts.

import type { FileHandle } from 'node:fs/promises';
import {
  type Batch,
  type DataType,
  FlintError,
  type PartitionedFile,
  type SourceFilter,
  type StructField,
  type StructType,
  T,
  type Vector,
  allocValues,
  dataTypeEquals,
  toSQLType,
} from '@flint/common';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { type FileFormat, type FileInfo, type ReadOptions, batchSizeOf } from '../format.js';
import { type DataSourceOptions, getBoolOption } from '../options.js';
import { recordBatchToBatch } from './arrow-to-batch.js';
import {
  type ParquetFooter,
  failedReadFile,
  openParquetFile,
  readParquetFooter,
  readParquetFooterRaw,
  sparkSchemaOf,
} from './parquet-footer.js';
import { type FlatChunk, canDecodeFlat, readFlatColumnChunks } from './parquet-column-reader.js';
import { miniFileOfRowGroup, rawFooter } from './parquet-mini-file.js';
import type { ThriftStruct, ThriftValue } from './parquet-thrift.js';
import { prepareParquetWrite } from './parquet-writer.js';
import { type Leaf, leavesOf, selectRowGroups } from './parquet-row-groups.js';
import { mergeSchemas } from './parquet-schema-merge.js';
import { SPARK_ROW_METADATA_KEY, schemaFromSparkJson } from './spark-schema-json.js';

function findField(schema: StructType, name: string): StructField | undefined {
  // Spark resolves Parquet columns case-insensitively unless spark.sql.caseSensitive is set.
  return (
    schema.fields.find((f) => f.name === name) ??
    schema.fields.find((f) => f.name.toLowerCase() === name.toLowerCase())
  );
}

/** The Spark schema of one file: its Parquet schema, with field metadata from Spark's row metadata. */
async function fileSchema(path: string): Promise<StructType> {
  const meta = await readParquetFooter(path);
  const schema = sparkSchemaOf(meta);
  const json = meta.key_value_metadata?.find((kv) => kv.key === SPARK_ROW_METADATA_KEY)?.value;
  const spark = json === undefined ? null : schemaFromSparkJson(json);
  // Spark reads Parquet columns back as nullable.
  return T.struct(
    schema.fields.map((f) => {
      const s = spark === null ? undefined : findField(spark, f.name);
      const base = T.field(f.name, f.dataType, true);
      return s?.metadata !== undefined && dataTypeEquals(s.dataType, f.dataType, true)
        ? { ...base, metadata: s.metadata }
        : base;
    }),
  );
}

/** Whether mergeSchema is on: the read option, else the session default (spark.sql.parquet.mergeSchema). */
function mergeSchemaEnabled(options: DataSourceOptions): boolean {
  const dflt = getBoolOption(options, 'spark.sql.parquet.mergeSchema', false);
  return getBoolOption(options, 'mergeSchema', dflt);
}

/** Infers the schema: the first file's, or with mergeSchema the merge of all files' schemas. */
export async function inferParquetSchema(
  files: readonly FileInfo[],
  options: DataSourceOptions,
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
  if (!mergeSchemaEnabled(options)) return fileSchema(first.path);
  const caseSensitive = getBoolOption(options, 'spark.sql.caseSensitive', false);
  // Footers are small: read a few at a time, merge in file order.
  const schemas: StructType[] = [];
  for (let i = 0; i < files.length; i += 16)
    schemas.push(...(await Promise.all(files.slice(i, i + 16).map((f) => fileSchema(f.path)))));
  return schemas.slice(1).reduce((acc, s) => mergeSchemas(acc, s, caseSensitive), schemas[0]!);
}

/** Row count of a file from its footer (no data read). */
export async function parquetRowCount(path: string): Promise<bigint> {
  return (await readParquetFooter(path)).num_rows;
}

/**
 * Whether a file column of type `file` can be read as the requested `req`: equal types, a requested
 * struct naming a subset of the file's fields (absent ones read as NULL), or Spark 4's widenings
 * (byte -> short -> int -> long, float -> double).
 */
function readableAs(file: DataType, req: DataType): boolean {
  if (dataTypeEquals(file, req, true)) return true;
  const ints = ['byte', 'short', 'integer', 'long'];
  if (ints.includes(file.kind) && ints.includes(req.kind))
    return ints.indexOf(file.kind) < ints.indexOf(req.kind);
  if (file.kind === 'float' && req.kind === 'double') return true;
  if (file.kind === 'struct' && req.kind === 'struct') {
    return req.fields.every((rf) => {
      const ff = findField(file, rf.name);
      return ff === undefined || readableAs(ff.dataType, rf.dataType);
    });
  }
  if (file.kind === 'array' && req.kind === 'array') return readableAs(file.elementType, req.elementType);
  if (file.kind === 'map' && req.kind === 'map')
    return dataTypeEquals(file.keyType, req.keyType, true) && readableAs(file.valueType, req.valueType);
  return false;
}

function typeMismatch(path: string, column: string, file: DataType, req: DataType): FlintError {
  return new FlintError(
    'FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH',
    `[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Error while reading file file:${path}. Data type mismatches when reading Parquet column ${column}. Expected Spark type ${toSQLType(req).replace(/"/g, '')}, actual Parquet type ${toSQLType(file).replace(/"/g, '')}. SQLSTATE: KD001`,
    { path: `file:${path}`, column, expectedType: toSQLType(req), actualType: toSQLType(file) },
    null,
    'KD001',
  );
}

/** A column of `n` NULLs of `type` (a column the file does not have). */
function nullVector(type: DataType, n: number): Vector {
  const values = allocValues(type, n);
  return { type, length: n, values, nulls: new Uint8Array(n).fill(1) };
}

export async function* readParquetSplit(
  split: PartitionedFile,
  requiredSchema: StructType,
  pushedFilters: readonly SourceFilter[] | undefined,
  ro: ReadOptions,
): AsyncGenerator<Batch> {
  const batchSize = batchSizeOf(ro);
  // One handle for the footer (cached by path, size and modification time) and the column chunks.
  const fh = await openParquetFile(split.path);
  try {
    yield* readOpenSplit(fh, split, requiredSchema, pushedFilters, ro, batchSize);
  } finally {
    await fh.close();
  }
}

async function* readOpenSplit(
  fh: FileHandle,
  split: PartitionedFile,
  requiredSchema: StructType,
  pushedFilters: readonly SourceFilter[] | undefined,
  ro: ReadOptions,
  batchSize: number,
): AsyncGenerator<Batch> {
  const footer = await readParquetFooterRaw(split.path, fh);
  const meta = footer.meta;
  let fileSchemaOf: StructType;
  try {
    fileSchemaOf = sparkSchemaOf(meta);
  } catch (e) {
    if (e instanceof FlintError) throw e;
    throw failedReadFile(split.path, e instanceof Error ? e.message : String(e));
  }
  const rowGroups = selectRowGroups(footer, split, pushedFilters, ro.dataSchema);
  // Required columns present in this file, by their name in the file.
  const present: { out: number; fileName: string }[] = [];
  requiredSchema.fields.forEach((f, j) => {
    const ff = findField(fileSchemaOf, f.name);
    if (ff === undefined) return;
    if (!readableAs(ff.dataType, f.dataType)) throw typeMismatch(split.path, f.name, ff.dataType, f.dataType);
    present.push({ out: j, fileName: ff.name });
  });
  const total = rowGroups.reduce((s, i) => s + Number(meta.row_groups[i]?.num_rows ?? 0n), 0);
  // Output column j comes from decoded column slot[j], or is all NULL (missing from the file) when -1.
  const slot = requiredSchema.fields.map((_, j) => present.findIndex((p) => p.out === j));
  const emit = (b: Batch | null, n: number): Batch => ({
    numRows: n,
    columns: requiredSchema.fields.map((f, j) => {
      const k = slot[j]!;
      return k >= 0 && b !== null ? b.columns[k]! : nullVector(f.dataType, n);
    }),
  });
  if (present.length === 0) {
    // Nothing to decode (e.g. count(*)): the footer has the row counts.
    for (let done = 0; done < total; done += batchSize) yield emit(null, Math.min(batchSize, total - done));
    return;
  }
  if (rowGroups.length === 0) return;
  const types = present.map((p) => requiredSchema.fields[p.out]!.dataType);
  const identity = present.length === requiredSchema.fields.length && present.every((p, k) => p.out === k);
  const ownDecoder = getBoolOption(ro.options, 'flint.parquet.ownDecoder', true);
  const leaves = leavesOf(meta);
  const groupsRaw = rawFooter(footer)[4];
  for (const rg of rowGroups) {
    let batches: Batch[];
    try {
      batches = await readRowGroupColumns(
        fh,
        split.fileSize,
        footer,
        leaves,
        groupsRaw,
        rg,
        present.map((p) => p.fileName),
        types,
        batchSize,
        ownDecoder,
      );
    } catch (e) {
      if (e instanceof FlintError) throw e;
      throw failedReadFile(split.path, e instanceof Error ? e.message : String(e));
    }
    for (const b of batches) yield identity ? b : emit(b, b.numRows);
  }
}

/** Rows [s, e) of a vector (typed arrays shared, not copied). */
function sliceVector(v: Vector, s: number, e: number): Vector {
  if (s === 0 && e === v.length) return v;
  const vals = v.values;
  const values = (
    ArrayBuffer.isView(vals) ? (vals as Int32Array).subarray(s, e) : (vals as unknown[]).slice(s, e)
  ) as Vector['values'];
  let nulls = v.nulls === null ? null : v.nulls.subarray(s, e);
  if (nulls !== null && nulls.indexOf(1) < 0) nulls = null;
  return { type: v.type, length: e - s, values, nulls };
}

/**
 * Decodes the named top-level columns of row group `rg`: flat columns with common encodings by our own
 * decoder, the others (nested, unusual encodings or codecs) by parquet-wasm; batches of `types`.
 */
async function readRowGroupColumns(
  fh: FileHandle,
  fileSize: number,
  footer: ParquetFooter,
  leaves: readonly Leaf[],
  groupsRaw: ThriftValue | undefined,
  rg: number,
  names: readonly string[],
  types: readonly DataType[],
  batchSize: number,
  ownDecoder: boolean,
): Promise<Batch[]> {
  const rows = Number(footer.meta.row_groups[rg]?.num_rows ?? 0n);
  const chunks = Array.isArray(groupsRaw) ? (groupsRaw[rg] as ThriftStruct | undefined)?.[1] : undefined;
  const own = new Map<number, Vector>();
  if (ownDecoder && Array.isArray(chunks)) {
    const flat: FlatChunk[] = [];
    const flatCols: number[] = [];
    for (let k = 0; k < names.length; k++) {
      const leaf = leaves.find((l) => l.path.length === 1 && l.path[0] === names[k]);
      const md =
        leaf === undefined
          ? undefined
          : ((chunks[leaf.index] as ThriftStruct | undefined)?.[3] as ThriftStruct | undefined);
      if (leaf === undefined || md === undefined || !canDecodeFlat(leaf.el, md, types[k]!)) continue;
      flat.push({ el: leaf.el, md, type: types[k]! });
      flatCols.push(k);
    }
    // All flat columns of the row group at once: neighbouring chunks share one read.
    const vectors = flat.length === 0 ? [] : await readFlatColumnChunks(fh, fileSize, flat, rows);
    flatCols.forEach((k, q) => own.set(k, vectors[q]!));
  }
  const rest = names.map((_, k) => k).filter((k) => !own.has(k));
  const out: Batch[] = [];
  if (rest.length === 0) {
    for (let s = 0; s < rows; s += batchSize) {
      const e = Math.min(rows, s + batchSize);
      out.push({ numRows: e - s, columns: names.map((_, k) => sliceVector(own.get(k)!, s, e)) });
    }
    return out;
  }
  const restNames = rest.map((k) => names[k]!);
  const mini = await miniFileOfRowGroup(fh, fileSize, footer, rg, restNames);
  const wasm = decodeRowGroup(
    mini,
    restNames,
    rest.map((k) => types[k]!),
    batchSize,
  );
  let s = 0;
  for (const b of wasm) {
    const e = s + b.numRows;
    out.push({
      numRows: b.numRows,
      columns: names.map((_, k) => {
        const v = own.get(k);
        return v !== undefined ? sliceVector(v, s, e) : b.columns[rest.indexOf(k)]!;
      }),
    });
    s = e;
  }
  if (s !== rows && own.size > 0) throw new Error(`row group ${rg} decoded ${s} of ${rows} rows`);
  return out;
}

/** Decodes the named columns of a one-row-group file into batches of `types` (in the order of `columns`). */
function decodeRowGroup(
  mini: Uint8Array,
  columns: readonly string[],
  types: readonly DataType[],
  batchSize: number,
): Batch[] {
  const wasmTable = readParquet(mini, { batchSize });
  const table = tableFromIPC(wasmTable.intoIPCStream());
  // parquet-wasm returns columns in file order; put them in the required order.
  const order = columns.map((name) => table.schema.fields.findIndex((f) => f.name === name));
  return table.batches.map((rb) => recordBatchToBatch(rb, types, order));
}

export const parquetFormat: FileFormat = {
  name: 'parquet',
  inferSchema: inferParquetSchema,
  isSplitable: () => true,
  readSplit: readParquetSplit,
  prepareWrite: prepareParquetWrite,
};
