// The `csv` output mode: RFC 4180 (header line, CRLF line ends, fields quoted when they hold a comma,
// a quote or a line break; quotes doubled). NULL is an empty field.

import type { StructType, Value } from '@flint/common';
import type { CellRenderer } from './cell-renderer.js';

export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(
  schema: StructType,
  rows: readonly (readonly Value[])[],
  render: CellRenderer,
): string {
  const fields = schema.fields;
  const lines = [fields.map((f) => csvField(f.name)).join(',')];
  for (const r of rows)
    lines.push(
      fields
        .map((f, c) => {
          const v = r[c] ?? null;
          return v === null ? '' : csvField(render(v, f.dataType));
        })
        .join(','),
    );
  return lines.map((l) => l + '\r\n').join('');
}
