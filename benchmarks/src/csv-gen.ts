// Deterministic CSV generator for the I/O benchmarks, streamed to disk in chunks (never held whole in
// memory), with the totals a reader must reproduce so a benchmark can check it read every row.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { mulberry32 } from '@flint/common';

/** Bumped whenever the generated content changes, so cached files from older generators are not reused. */
export const CSV_GEN_VERSION = 1;

export const CSV_HEADER = 'id,price,name,dt,amount,qty';

/** The columns as Spark DDL, DuckDB column types and their meaning. */
export const CSV_COLUMNS = [
  { name: 'id', ddl: 'int', duck: 'INTEGER' }, // row number from 0
  { name: 'price', ddl: 'double', duck: 'DOUBLE' }, // up to 4 decimals, ~1% empty (NULL)
  { name: 'name', ddl: 'string', duck: 'VARCHAR' }, // word + number; ~5% quoted with a comma, ~1% with ""
  { name: 'dt', ddl: 'date', duck: 'DATE' }, // 1992-01-01 .. 1998-12-31
  { name: 'amount', ddl: 'decimal(12,2)', duck: 'DECIMAL(12,2)' }, // signed, two decimals
  { name: 'qty', ddl: 'int', duck: 'INTEGER' }, // 1 .. 50
] as const;

export interface CsvTotals {
  readonly rows: number;
  readonly bytes: number;
  /** Sum of `id` over all rows. */
  readonly sumId: number;
  /** Sum of `qty` over all rows. */
  readonly sumQty: number;
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
const DAY0 = Date.UTC(1992, 0, 1);
const DATES: string[] = [];
for (let d = 0; d < 2557; d++) DATES.push(new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10));

/**
 * Writes `targetBytes` (rounded up to whole rows) of CSV with a header to `path`, via a temporary file
 * renamed at the end so an interrupted run never leaves a truncated file that looks complete.
 */
export async function generateCsv(path: string, targetBytes: number): Promise<CsvTotals> {
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  const rand = mulberry32(42);
  let bytes = 0;
  let rows = 0;
  let sumId = 0;
  let sumQty = 0;
  const write = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(CSV_HEADER + '\n');
  const parts: string[] = [];
  while (bytes < targetBytes) {
    parts.length = 0;
    for (let k = 0; k < 8192; k++) {
      const id = rows++;
      const r = rand();
      const price = r < 0.01 ? '' : String(Math.round(rand() * 1e8) / 1e4);
      const w = WORDS[(rand() * WORDS.length) | 0]!;
      const n = (rand() * 100000) | 0;
      const name = r > 0.99 ? `"${w} ""${n}"""` : r > 0.94 ? `"${w}, ${n}"` : `${w}_${n}`;
      const dt = DATES[(rand() * DATES.length) | 0]!;
      const cents = Math.round((rand() - 0.2) * 1e9);
      const amount =
        (cents < 0 ? '-' : '') +
        Math.floor(Math.abs(cents) / 100) +
        '.' +
        String(Math.abs(cents) % 100).padStart(2, '0');
      const qty = 1 + ((rand() * 50) | 0);
      sumId += id;
      sumQty += qty;
      parts.push(`${id},${price},${name},${dt},${amount},${qty}\n`);
    }
    await write(parts.join(''));
  }
  out.end();
  await once(out, 'close');
  await rename(tmp, path);
  return { rows, bytes, sumId, sumQty };
}

/** Reuses `path` if a previous run left it with its totals beside it; generates it otherwise. */
export async function cachedCsv(path: string, targetBytes: number): Promise<CsvTotals> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const meta = `${path}.totals.json`;
  try {
    const totals = JSON.parse(await readFile(meta, 'utf8')) as CsvTotals;
    if ((await stat(path)).size === totals.bytes) return totals;
  } catch {
    // no usable cache: generate below
  }
  const totals = await generateCsv(path, targetBytes);
  await writeFile(meta, JSON.stringify(totals));
  return totals;
}

/** The Spark DDL schema string of the generated columns. */
export function csvDdl(): string {
  return CSV_COLUMNS.map((c) => `${c.name} ${c.ddl}`).join(', ');
}
