// Writes generated chunks as dbgen's `.tbl` text: `|` after every value (also the last), decimals with
// two digits (l_quantity as a whole number), dates as YYYY-MM-DD.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatEpochDay } from './dates.js';
import type { ChunkWriter } from './write-parquet.js';
import type { ColumnKind, ColumnSpec, TableChunk } from './tables/index.js';

function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs - whole * 100;
  return `${sign}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

function formatValue(kind: ColumnKind | 'whole', v: number | string): string {
  switch (kind) {
    case 'whole':
      return String((v as number) / 100);
    case 'decimal':
      return formatCents(v as number);
    case 'date':
      return formatEpochDay(v as number);
    default:
      return String(v);
  }
}

export function chunkToText(chunk: TableChunk, columns: readonly ColumnSpec[]): string {
  const parts: string[] = [];
  const kinds = columns.map((c) => (c.wholeInText === true ? 'whole' : c.kind));
  for (let r = 0; r < chunk.rows; r++) {
    let line = '';
    for (let c = 0; c < kinds.length; c++) line += `${formatValue(kinds[c]!, chunk.columns[c]![r]!)}|`;
    parts.push(line);
  }
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

export function openCsvWriter(file: string, columns: readonly ColumnSpec[]): Promise<ChunkWriter> {
  const out = createWriteStream(file);
  return Promise.resolve({
    async write(chunk) {
      if (!out.write(chunkToText(chunk, columns))) await once(out, 'drain');
    },
    async close() {
      out.end();
      await once(out, 'finish');
    },
  });
}
