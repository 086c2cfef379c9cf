// Reader micro-benchmarks: Flint's CSV reader over a generated file and its Parquet decoder over TPC-H
// lineitem (int64, decimal, date and string columns), each against DuckDB reading the same file at one thread.

import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type StructType, T, parseDDLSchema } from '@flint/common';
import { csvFormat, inferSchema, parquetFormat, readFiles } from '@flint/io';
import { CSV_COLUMNS, CSV_GEN_VERSION, cachedCsv, csvDdl } from '../csv-gen.js';
import type { CaseGroup, MicroContext, PreparedGroup, Variant } from './case.js';
import { sqlPath } from './duck.js';

/** A path for the report, with the home folder shown as `~` so reports from different users compare. */
function shownPath(file: string): string {
  const home = os.homedir();
  return file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}

// ---------------------------------------------------------------------------------------------------
// CSV

interface CsvTotals {
  readonly rows: number;
  readonly sumQty: number;
}

const csvSummary = (t: CsvTotals): string => `rows=${t.rows} sum(qty)=${t.sumQty}`;

/** Reads every column with the typed schema and sums `qty` so the values are used. */
async function flintCsv(file: string, schema: StructType): Promise<CsvTotals> {
  const qty = schema.fields.findIndex((f) => f.name === 'qty');
  let rows = 0;
  let sumQty = 0;
  for await (const b of readFiles(csvFormat, [file], schema, { header: 'true' })) {
    rows += b.numRows;
    const values = b.columns[qty]!.values as Int32Array;
    for (let i = 0; i < b.numRows; i++) sumQty += values[i]!;
  }
  return { rows, sumQty };
}

export const csvGroup: CaseGroup = {
  name: 'csv',
  caseNames: ['parse typed (6 columns)'],
  prepare: async (ctx: MicroContext): Promise<PreparedGroup> => {
    await mkdir(ctx.cacheDir, { recursive: true });
    const mb = ctx.sizes.csvBytes / 1e6;
    const file = path.join(ctx.cacheDir, `micro-v${CSV_GEN_VERSION}-${mb}mb.csv`);
    const totals = await cachedCsv(file, ctx.sizes.csvBytes);
    const schema = parseDDLSchema(csvDdl());
    const variants: Variant[] = [
      {
        engine: 'flint',
        label: 'readFiles(csvFormat)',
        run: () => flintCsv(file, schema),
        check: (out) => csvSummary(out as CsvTotals),
      },
    ];
    const duck = ctx.duck;
    if (duck !== null) {
      const columns = '{' + CSV_COLUMNS.map((c) => `'${c.name}': '${c.duck}'`).join(', ') + '}';
      // An aggregate over every column, so projection pushdown cannot skip parsing any of them.
      const sql = `SELECT count(*), sum(qty), sum(id), sum(price), sum(length(name)), max(dt), sum(amount)
        FROM read_csv(${sqlPath(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${columns})`;
      variants.push({
        engine: 'duckdb',
        label: 'read_csv',
        run: () => duck.rows(sql),
        check: (out) => {
          const row = (out as unknown[][])[0];
          return csvSummary({ rows: Number(row?.[0]), sumQty: Number(row?.[1]) });
        },
      });
    }
    return {
      cases: [{ group: 'csv', name: 'parse typed (6 columns)', unit: 'MB', amount: totals.bytes, variants }],
      notes: [
        `${shownPath(file)}: ${(totals.bytes / 1e6).toFixed(1)} MB, ${totals.rows.toLocaleString('en-US')} rows (${csvDdl()}); MB = 10^6 bytes of file`,
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------------
// Parquet

const PARQUET_COLUMNS = ['l_orderkey', 'l_extendedprice', 'l_shipdate', 'l_comment'] as const;

interface ParquetTotals {
  readonly rows: number;
  readonly orderkey: number;
  readonly priceCents: number;
  readonly shipDays: number;
  readonly commentChars: number;
}

const parquetSummary = (t: ParquetTotals): string =>
  `rows=${t.rows} sum(l_orderkey)=${t.orderkey} sum(price cents)=${t.priceCents} sum(shipdate days)=${t.shipDays} sum(length(l_comment))=${t.commentChars}`;

/** Sum of 64-bit values as Numbers through their 32-bit words: exact below 2^53, no BigInt per value. */
function sumInt64(values: BigInt64Array, n: number): number {
  const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
  return sum;
}

function sumNumbers(values: ArrayLike<number> | BigInt64Array, n: number): number {
  if (values instanceof BigInt64Array) return sumInt64(values, n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  return sum;
}

/** Decodes the four columns and touches every value (no nulls in lineitem). */
async function flintParquet(file: string, schema: StructType): Promise<ParquetTotals> {
  let rows = 0;
  let orderkey = 0;
  let priceCents = 0;
  let shipDays = 0;
  let commentChars = 0;
  for await (const b of readFiles(parquetFormat, [file], schema, {})) {
    const n = b.numRows;
    rows += n;
    orderkey += sumNumbers(b.columns[0]!.values as BigInt64Array | Int32Array, n);
    priceCents += sumInt64(b.columns[1]!.values as BigInt64Array, n);
    shipDays += sumNumbers(b.columns[2]!.values as Int32Array, n);
    const comments = b.columns[3]!.values as string[];
    for (let i = 0; i < n; i++) commentChars += comments[i]!.length;
  }
  return { rows, orderkey, priceCents, shipDays, commentChars };
}

/** The file to read: lineitem itself, or in smoke runs its first rows copied by DuckDB to a small file. */
async function parquetInput(ctx: MicroContext): Promise<string | null> {
  if (!existsSync(ctx.lineitemPath)) return null;
  const keep = ctx.sizes.parquetRows;
  if (keep === undefined || ctx.duck === null) return ctx.lineitemPath;
  await mkdir(ctx.cacheDir, { recursive: true });
  const small = path.join(ctx.cacheDir, `micro-lineitem-${keep}.parquet`);
  if (!existsSync(small)) {
    await ctx.duck.run(
      `COPY (SELECT * FROM read_parquet(${sqlPath(ctx.lineitemPath)}) LIMIT ${keep}) TO ${sqlPath(small)} (FORMAT parquet)`,
    );
  }
  return small;
}

export const parquetGroup: CaseGroup = {
  name: 'parquet',
  caseNames: ['decode lineitem (long, decimal, date, string)'],
  prepare: async (ctx: MicroContext): Promise<PreparedGroup> => {
    const file = await parquetInput(ctx);
    if (file === null) return { cases: [], notes: [`${ctx.lineitemPath} not found: Parquet case skipped`] };
    const full = await inferSchema(parquetFormat, [file], {});
    const schema: StructType = T.struct(
      PARQUET_COLUMNS.map((name) => {
        const f = full.fields.find((x) => x.name === name);
        if (f === undefined) throw new Error(`${file} has no column ${name}`);
        return f;
      }),
    );
    const rows = await flintParquet(file, schema);
    const variants: Variant[] = [
      {
        engine: 'flint',
        label: 'readFiles(parquetFormat)',
        run: () => flintParquet(file, schema),
        check: (out) => parquetSummary(out as ParquetTotals),
      },
    ];
    const duck = ctx.duck;
    if (duck !== null) {
      const sql = `SELECT count(*), sum(l_orderkey), CAST(sum(l_extendedprice) * 100 AS BIGINT),
          sum(date_diff('day', DATE '1970-01-01', l_shipdate)), sum(length(l_comment))
        FROM read_parquet(${sqlPath(file)})`;
      variants.push({
        engine: 'duckdb',
        label: 'read_parquet',
        run: () => duck.rows(sql),
        check: (out) => {
          const r = (out as unknown[][])[0];
          return parquetSummary({
            rows: Number(r?.[0]),
            orderkey: Number(r?.[1]),
            priceCents: Number(r?.[2]),
            shipDays: Number(r?.[3]),
            commentChars: Number(r?.[4]),
          });
        },
      });
    }
    const bytes = (await stat(file)).size;
    return {
      cases: [
        {
          group: 'parquet',
          name: 'decode lineitem (long, decimal, date, string)',
          unit: 'rows',
          amount: rows.rows,
          variants,
        },
      ],
      notes: [
        `${shownPath(file)}: ${(bytes / 1e6).toFixed(1)} MB, ${rows.rows.toLocaleString('en-US')} rows; columns ${PARQUET_COLUMNS.join(', ')}`,
      ],
    };
  },
};
