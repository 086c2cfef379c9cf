// The `box` output mode: a table drawn with Unicode box characters, numbers right-aligned.

import { isNumeric, type StructType, type Value } from '@flint/common';
import type { CellRenderer } from './cell-renderer.js';

/** Rows above `maxRows` are left out and a footer says so, as Spark's show() does. */
export function renderBox(
  schema: StructType,
  rows: readonly (readonly Value[])[],
  render: CellRenderer,
  maxRows: number,
): string {
  const fields = schema.fields;
  const shown = rows.slice(0, maxRows);
  const cells = shown.map((r) => fields.map((f, c) => render(r[c] ?? null, f.dataType)));
  const header = fields.map((f) => f.name);
  const width = (s: string): number => [...s].length;
  const widths = header.map((h, c) =>
    Math.max(width(h), ...cells.map((r) => Math.max(...r[c]!.split('\n').map(width)))),
  );
  const right = fields.map((f) => isNumeric(f.dataType));
  const pad = (s: string, c: number): string => {
    const fill = ' '.repeat(Math.max(0, widths[c]! - width(s)));
    return right[c] ? fill + s : s + fill;
  };
  const rule = (l: string, m: string, r: string): string =>
    l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const line = (vals: readonly string[]): string =>
    '│' + vals.map((v, c) => ` ${pad(v.replace(/\n/g, '↵'), c)} `).join('│') + '│';
  const out = [rule('┌', '┬', '┐'), line(header), rule('├', '┼', '┤')];
  for (const r of cells) out.push(line(r));
  out.push(rule('└', '┴', '┘'));
  if (rows.length > shown.length)
    out.push(`only showing top ${shown.length} row${shown.length === 1 ? '' : 's'}`);
  return out.join('\n') + '\n';
}
