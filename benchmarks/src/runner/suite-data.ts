// Finding a suite's tables (a folder of `<table>.parquet` files or `<table>/` folders, or the generators)
// and describing them for the report (files, rows from the Parquet footers, bytes).

import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parquetRowCount } from '@flint/io';
import type { TableInfo } from './run-types.js';
import type { SuiteTable } from './types.js';

/** The eight TPC-H tables, as the queries name them. */
export const TPCH_TABLES = [
  'customer',
  'lineitem',
  'nation',
  'orders',
  'part',
  'partsupp',
  'region',
  'supplier',
] as const;

export type TpchTableName = (typeof TPCH_TABLES)[number];

/** The tables under `dir`: `<name>.parquet`, or every `*.parquet` inside `<name>/`. */
export async function tablesFromDir(dir: string, names: readonly string[]): Promise<SuiteTable[]> {
  const tables: SuiteTable[] = [];
  for (const name of names) {
    const file = path.join(dir, `${name}.parquet`);
    const folder = path.join(dir, name);
    if (existsSync(file) && (await stat(file)).isFile()) {
      tables.push({ name, files: [file] });
    } else if (existsSync(folder) && (await stat(folder)).isDirectory()) {
      const files = (await readdir(folder))
        .filter((f) => f.endsWith('.parquet'))
        .sort()
        .map((f) => path.join(folder, f));
      if (files.length === 0) throw new Error(`${folder} holds no .parquet files`);
      tables.push({ name, files });
    } else {
      throw new Error(`table '${name}' not found in ${dir} (want ${name}.parquet or ${name}/)`);
    }
  }
  return tables;
}

/** The deepest folder holding every file of every table (the data set's folder, for the report). */
export function dataFolder(tables: readonly SuiteTable[]): string {
  const dirs = tables.flatMap((t) => t.files.map((f) => path.dirname(path.resolve(f))));
  if (dirs.length === 0) return '.';
  let common = dirs[0]!.split(path.sep);
  for (const d of dirs) {
    const parts = d.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}

export async function describeTables(tables: readonly SuiteTable[]): Promise<TableInfo[]> {
  const out: TableInfo[] = [];
  for (const t of tables) {
    let bytes = 0;
    let rows: number | null = 0;
    for (const f of t.files) {
      bytes += (await stat(f)).size;
      try {
        if (rows !== null) rows += Number(await parquetRowCount(f));
      } catch {
        rows = null;
      }
    }
    out.push({ name: t.name, files: t.files.length, rows, bytes });
  }
  return out;
}
