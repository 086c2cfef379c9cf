// Arquero as a peer engine. Arquero has no Parquet reader: `load()` reads every table with Flint's
// Parquet reader into plain column arrays and builds Arquero tables, in both modes, so Arquero always
// answers from memory and only its queries are timed. It runs the TPC-H queries and H2O questions that
// have an Arquero version (tpch/arquero-queries.ts, h2o/arquero-questions.ts).

import type { ColumnTable } from 'arquero';
import type { Vector } from '@flint/common';
import { inferSchema, parquetFormat, readFiles } from '@flint/io';
import { H2O_GROUPBY_ARQUERO, H2O_JOIN_ARQUERO } from '../h2o/arquero-questions.js';
import {
  type Cell,
  type EngineAdapter,
  type EngineOptions,
  type EngineSession,
  EngineUnavailable,
  type QueryOutput,
  type ResultSet,
  type SuiteName,
} from '../runner/types.js';
import { TPCH_ARQUERO_QUERIES } from '../tpch/arquero-queries.js';

export type ArqueroModule = typeof import('arquero');

/** An Arquero version of a query: builds the answer table from the loaded tables. */
export type ArqueroQuery = (aq: ArqueroModule, tables: ArqueroTables) => ColumnTable;

/** The loaded tables by name (throws on an unknown name, so a typo fails loudly). */
export interface ArqueroTables {
  get(name: string): ColumnTable;
}

async function loadArquero(): Promise<ArqueroModule> {
  try {
    return await import('arquero');
  } catch (err) {
    throw new EngineUnavailable('arquero', err);
  }
}

const MS_PER_DAY = 86_400_000;
const isoDays = new Map<number, string>();

/** Days since the epoch as `YYYY-MM-DD`, one shared string per day (so a date column costs a pointer per row). */
function isoDay(days: number): string {
  let s = isoDays.get(days);
  if (s === undefined) {
    s = new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
    isoDays.set(days, s);
  }
  return s;
}

type ColumnChunk = Int32Array | Float64Array | unknown[];

/**
 * One batch column as Arquero data: integers as Int32Array, other numbers (long, double, decimal) as
 * Float64Array, dates as ISO strings (compared as text in filters), strings as they are; a column with
 * NULLs becomes a plain array holding null.
 */
function chunkOf(vec: Vector, n: number): ColumnChunk {
  const t = vec.type;
  let out: ColumnChunk;
  switch (t.kind) {
    case 'byte':
    case 'short':
    case 'integer':
      out = Int32Array.from((vec.values as Int32Array).subarray(0, n));
      break;
    case 'float':
    case 'double':
      out = Float64Array.from((vec.values as Float64Array).subarray(0, n));
      break;
    case 'long': {
      const v = vec.values as BigInt64Array;
      out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(v[i]!);
      break;
    }
    case 'decimal': {
      const scale = 10 ** t.scale;
      out = new Float64Array(n);
      if (vec.values instanceof BigInt64Array) {
        // Unscaled values through 32-bit word views: exact below 2^53 and no BigInt per value.
        const words = new Int32Array(vec.values.buffer, vec.values.byteOffset, n * 2);
        for (let i = 0; i < n; i++) out[i] = (words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0)) / scale;
      } else {
        const v = vec.values as bigint[];
        for (let i = 0; i < n; i++) out[i] = Number(v[i]!) / scale;
      }
      break;
    }
    case 'date': {
      const v = vec.values as Int32Array;
      out = new Array<string>(n);
      for (let i = 0; i < n; i++) out[i] = isoDay(v[i]!);
      break;
    }
    case 'boolean': {
      const v = vec.values as Uint8Array;
      out = Array.from(v.subarray(0, n), (x) => x === 1);
      break;
    }
    default:
      out = (vec.values as unknown[]).slice(0, n);
  }
  const nulls = vec.nulls;
  if (nulls === null) return out;
  const withNulls: unknown[] = Array.from(out as ArrayLike<unknown>);
  for (let i = 0; i < n; i++) if (nulls[i] === 1) withNulls[i] = null;
  return withNulls;
}

function concatChunks(chunks: readonly ColumnChunk[]): ColumnChunk {
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const first = chunks[0];
  if (first instanceof Int32Array && chunks.every((c) => c instanceof Int32Array)) {
    const out = new Int32Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c as Int32Array, at);
      at += c.length;
    }
    return out;
  }
  if (first instanceof Float64Array && chunks.every((c) => c instanceof Float64Array)) {
    const out = new Float64Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c as Float64Array, at);
      at += c.length;
    }
    return out;
  }
  const out = new Array<unknown>(total);
  let at = 0;
  for (const c of chunks) for (let i = 0; i < c.length; i++) out[at++] = (c as ArrayLike<unknown>)[i];
  return out;
}

/** Reads Parquet files with Flint's reader into Arquero column data. */
export async function readParquetColumns(files: readonly string[]): Promise<Record<string, ColumnChunk>> {
  const schema = await inferSchema(parquetFormat, files, {});
  const chunks: ColumnChunk[][] = schema.fields.map(() => []);
  for await (const batch of readFiles(parquetFormat, files, schema, {})) {
    batch.columns.forEach((vec, c) => chunks[c]!.push(chunkOf(vec, batch.numRows)));
  }
  const columns: Record<string, ColumnChunk> = {};
  schema.fields.forEach((f, c) => (columns[f.name] = concatChunks(chunks[c]!)));
  return columns;
}

/** An Arquero value as a result cell (its stdev or corr of one row is undefined: SQL's NULL). */
function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      return v;
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    default:
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      return String(v);
  }
}

/** An answer table as a ResultSet, rows in the table's order (after its orderby, if any). */
export function toResultSet(table: ColumnTable): ResultSet {
  const columns = table.columnNames();
  const data = columns.map((c) => table.array(c) as ArrayLike<unknown>);
  const rows: Cell[][] = [];
  const n = table.numRows();
  for (let r = 0; r < n; r++) rows.push(data.map((col) => toCell(col[r])));
  return { columns, rows };
}

export function arqueroQueries(suite: SuiteName): Readonly<Record<string, ArqueroQuery>> {
  switch (suite) {
    case 'tpch':
      return TPCH_ARQUERO_QUERIES;
    case 'h2o-groupby':
      return H2O_GROUPBY_ARQUERO;
    case 'h2o-join':
      return H2O_JOIN_ARQUERO;
  }
}

async function open(options: EngineOptions): Promise<EngineSession> {
  const aq = await loadArquero();
  const queries = arqueroQueries(options.suite);
  const loaded = new Map<string, ColumnTable>();
  const tables: ArqueroTables = {
    get(name) {
      const t = loaded.get(name);
      if (t === undefined) throw new Error(`arquero: table '${name}' is not loaded`);
      return t;
    },
  };
  return {
    async load(): Promise<void> {
      // Both modes: Arquero cannot scan Parquet itself, so it always queries tables held in memory.
      for (const t of options.tables) loaded.set(t.name, aq.table(await readParquetColumns(t.files)));
    },
    query(id: string): (() => Promise<QueryOutput>) | undefined {
      const q = queries[id];
      if (q === undefined) return undefined;
      return () => {
        const answer = q(aq, tables);
        return Promise.resolve({
          rowCount: answer.numRows(),
          toResultSet: () => Promise.resolve(toResultSet(answer)),
        });
      };
    },
    async close(): Promise<void> {
      loaded.clear();
    },
  };
}

export const adapter: EngineAdapter = {
  name: 'arquero',
  async describe(): Promise<string> {
    await loadArquero();
    // The package's version, read from its package.json beside its entry point.
    try {
      const { createRequire } = await import('node:module');
      const require = createRequire(import.meta.url);
      const pkg = require('arquero/package.json') as { version?: string };
      return `Arquero ${pkg.version ?? '?'}`;
    } catch {
      return 'Arquero';
    }
  },
  open,
};

export default adapter;
