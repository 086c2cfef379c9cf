// Writes generated chunks to Parquet with Flint's own writer (Snappy), converting the generator's
// number columns into the engine's vectors without a BigInt per value.

import { type Batch, type StructType, type Vector, parseDDLSchema } from '@flint/common';
import { type OutputWriter, parquetFormat } from '@flint/io';
import type { ColumnData, ColumnKind, ColumnSpec, TableChunk } from './tables/index.js';

const SQL_TYPE: Record<ColumnKind, string> = {
  bigint: 'bigint',
  int: 'int',
  decimal: 'decimal(15,2)',
  date: 'date',
  string: 'string',
};

/** Rows per row group, as in the reference files (and DuckDB's default). */
export const ROW_GROUP_ROWS = 122_880;

/** The Spark schema of a table (types as in the reference files). */
export function tableSchema(columns: readonly ColumnSpec[]): StructType {
  return parseDDLSchema(columns.map((c) => `${c.name} ${SQL_TYPE[c.kind]}`).join(', '));
}

/** Integers (below 2^53 in magnitude) as 64-bit two's complement, written through 32-bit halves. */
function toInt64(values: Float64Array): BigInt64Array {
  const out = new BigInt64Array(values.length);
  const halves = new Int32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const high = Math.floor(v / 4294967296);
    halves[2 * i] = (v - high * 4294967296) | 0;
    halves[2 * i + 1] = high;
  }
  return out;
}

function toVector(data: ColumnData, kind: ColumnKind, schema: StructType, index: number): Vector {
  const type = schema.fields[index]!.dataType;
  if (kind === 'string') return { type, length: data.length, values: data as string[], nulls: null };
  const numbers = data as Float64Array;
  const values = kind === 'int' || kind === 'date' ? Int32Array.from(numbers) : toInt64(numbers);
  return { type, length: numbers.length, values, nulls: null };
}

export function chunkToBatch(chunk: TableChunk, columns: readonly ColumnSpec[], schema: StructType): Batch {
  return {
    numRows: chunk.rows,
    columns: chunk.columns.map((data, i) => toVector(data, columns[i]!.kind, schema, i)),
  };
}

/** A Parquet file being written chunk by chunk. */
export interface ChunkWriter {
  write(chunk: TableChunk): Promise<void>;
  close(): Promise<void>;
}

export async function openParquetWriter(file: string, columns: readonly ColumnSpec[]): Promise<ChunkWriter> {
  const schema = tableSchema(columns);
  const writer: OutputWriter = await parquetFormat
    .prepareWrite(schema, { compression: 'snappy', 'parquet.block.row.count.limit': String(ROW_GROUP_ROWS) })
    .newWriter(file, schema);
  return {
    write: (chunk) => writer.write(chunkToBatch(chunk, columns, schema)),
    close: () => writer.close(),
  };
}
