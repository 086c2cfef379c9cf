// Generates one part of one table (a unit range) into one file; run by the workers and in-process.

import { openCsvWriter } from './write-csv.js';
import { type ChunkWriter, openParquetWriter } from './write-parquet.js';
import { TABLES, type TableName } from './tables/index.js';

export type OutputFormat = 'parquet' | 'csv';

export interface PartTask {
  readonly table: TableName;
  readonly sf: number;
  /** First generation unit (row, part for partsupp, order for lineitem) and how many. */
  readonly start: number;
  readonly count: number;
  readonly file: string;
  readonly format: OutputFormat;
}

export interface PartResult {
  readonly table: TableName;
  readonly file: string;
  readonly rows: number;
  readonly seconds: number;
}

/** Rows per generated chunk: the reference files' row-group size. */
export const CHUNK_ROWS = 122_880;

export async function generatePart(task: PartTask, pool: Uint8Array): Promise<PartResult> {
  const t0 = performance.now();
  const table = TABLES[task.table];
  const writer: ChunkWriter =
    task.format === 'csv'
      ? await openCsvWriter(task.file, table.columns)
      : await openParquetWriter(task.file, table.columns);
  let rows = 0;
  try {
    for (const chunk of table.generate(task.sf, pool, task.start, task.count, CHUNK_ROWS)) {
      rows += chunk.rows;
      await writer.write(chunk);
    }
  } finally {
    await writer.close();
  }
  return { table: task.table, file: task.file, rows, seconds: (performance.now() - t0) / 1000 };
}
