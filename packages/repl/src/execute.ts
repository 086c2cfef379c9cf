// Runs one statement and writes its result in the chosen output mode; reports rows and time taken.

import { batchToRows, type Value } from '@flint/common';
import type { OutputMode } from './args.js';
import type { CliDataFrame, CliSession } from './engine.js';
import { cellRenderer } from './output/cell-renderer.js';
import { renderBox } from './output/render-box.js';
import { renderCsv } from './output/render-csv.js';
import { renderJsonLines } from './output/render-json.js';

export interface OutputOptions {
  readonly mode: OutputMode;
  readonly maxRows: number;
}

/** Rows shown in a Spark show() table: the lines starting with '|' but the header. */
export function countShowRows(text: string): number {
  return Math.max(0, text.split('\n').filter((l) => l.startsWith('|')).length - 1);
}

/** Writes a DataFrame's result; returns the number of rows fetched. */
export async function writeResult(
  spark: CliSession,
  df: CliDataFrame,
  opts: OutputOptions,
  write: (text: string) => void,
  signal?: AbortSignal,
): Promise<number> {
  const action = signal ? { signal } : {};
  if (df.schema.fields.length === 0) {
    // A command: it ran already; there is nothing to show.
    await df.collectBatches(action);
    return 0;
  }
  if (opts.mode === 'table') {
    // Spark's show(): truncate cells to 20 characters.
    const text = await df.showString(opts.maxRows, 20, false, action);
    write(text.endsWith('\n') ? text : text + '\n');
    return countShowRows(text);
  }
  const rows: Value[][] = [];
  for (const b of await df.collectBatches(action)) rows.push(...batchToRows(b));
  const render = cellRenderer({
    timeZone:
      spark.conf.get('spark.sql.session.timeZone') ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  switch (opts.mode) {
    case 'box':
      write(renderBox(df.schema, rows, render, opts.maxRows));
      return Math.min(rows.length, opts.maxRows);
    case 'csv':
      write(renderCsv(df.schema, rows, render));
      return rows.length;
    case 'json':
      write(renderJsonLines(df.schema, rows, render));
      return rows.length;
  }
}

/** spark-sql's wording: "Time taken: 0.123 seconds, Fetched 2 row(s)" (no count when there are none). */
export function timeTakenLine(ms: number, rows: number): string {
  const base = `Time taken: ${(ms / 1000).toFixed(3)} seconds`;
  return rows === 0 ? base : `${base}, Fetched ${rows} row(s)`;
}

export interface StatementIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly silent: boolean;
}

/**
 * Runs `sql`; prints the result, then the time line or the error on `err`. Returns false on error.
 * `signal` cancels the statement (the shell's Ctrl-C).
 */
export async function runStatement(
  spark: CliSession,
  sql: string,
  opts: OutputOptions,
  io: StatementIo,
  formatError: (e: unknown) => string,
  signal?: AbortSignal,
): Promise<boolean> {
  const t0 = performance.now();
  try {
    const df = await spark.sql(sql, signal ? { signal } : {});
    const rows = await writeResult(spark, df, opts, io.out, signal);
    if (!io.silent) io.err(timeTakenLine(performance.now() - t0, rows) + '\n');
    return true;
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') io.err(`Query cancelled: ${e.message}\n`);
    else io.err(formatError(e) + '\n');
    return false;
  }
}
