// Dataset.show() text exactly as Spark's showString builds it (box, padding, truncation, vertical mode).

const FULL_WIDTH =
  /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/g;

/** Spark's Utils.stringHalfWidth: UTF-16 length plus one per full-width character. */
export function stringHalfWidth(s: string): number {
  const n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x1100) {
      FULL_WIDTH.lastIndex = 0;
      const m = s.slice(i).match(FULL_WIDTH);
      return n + (m === null ? 0 : m.length);
    }
  }
  return n;
}

/** SchemaUtils.escapeMetaCharacters: control characters shown as \n, \t, ... so the box is not broken. */
export function escapeMetaCharacters(s: string): string {
  if (!/[\n\r\t\f\b\u000B\u0007]/.test(s)) return s;
  return s
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f')
    .replace(/\u0008/g, '\\b')
    .replace(/\u000B/g, '\\v')
    .replace(/\u0007/g, '\\a');
}

function truncateCell(cell: string, truncate: number): string {
  const s = escapeMetaCharacters(cell);
  if (truncate > 0 && s.length > truncate) {
    // No ellipsis below 4 characters.
    return truncate < 4 ? s.substring(0, truncate) : s.substring(0, truncate - 3) + '...';
  }
  return s;
}

function padLeft(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}
function padRight(s: string, width: number, ch = ' '): string {
  return s.length >= width ? s : s + ch.repeat(width - s.length);
}

/**
 * Spark's Dataset.showString. `rows` are the cells as ToPrettyString gives them (see renderForShow), at most
 * `numRows` of them; `hasMoreData` adds the "only showing top N rows" footer.
 */
export function showString(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numRows = 20,
  truncate = 20,
  vertical = false,
  hasMoreData = false,
): string {
  const minimumColWidth = 3;
  const names = header.map(escapeMetaCharacters);
  const data = rows.slice(0, Math.max(numRows, 0)).map((r) => r.map((c) => truncateCell(c, truncate)));
  const numCols = names.length;
  let sb = '';
  if (!vertical) {
    const all = [names, ...data];
    const widths = new Array<number>(numCols).fill(minimumColWidth);
    for (const row of all) {
      for (let i = 0; i < numCols; i++) widths[i] = Math.max(widths[i]!, stringHalfWidth(row[i] ?? ''));
    }
    const padded = all.map((row) =>
      row.map((cell, i) => {
        const w = widths[i]! - stringHalfWidth(cell) + cell.length;
        return truncate > 0 ? padLeft(cell, w) : padRight(cell, w);
      }),
    );
    const sep = '+' + widths.map((w) => '-'.repeat(w)).join('+') + '+\n';
    sb += sep;
    sb += '|' + padded[0]!.join('|') + '|\n';
    sb += sep;
    for (let r = 1; r < padded.length; r++) sb += '|' + padded[r]!.join('|') + '|\n';
    sb += sep;
  } else {
    let nameWidth = minimumColWidth;
    for (const n of names) nameWidth = Math.max(nameWidth, stringHalfWidth(n));
    let dataWidth = minimumColWidth;
    for (const row of data) for (const c of row) dataWidth = Math.max(dataWidth, stringHalfWidth(c));
    data.forEach((row, i) => {
      sb += padRight(`-RECORD ${i}`, nameWidth + dataWidth + 5, '-') + '\n';
      row.forEach((cell, j) => {
        const name = names[j] ?? '';
        const fn = padRight(name, nameWidth - stringHalfWidth(name) + name.length);
        const dv = padRight(cell, dataWidth - stringHalfWidth(cell) + cell.length);
        sb += ` ${fn} | ${dv} \n`;
      });
    });
  }
  if (vertical && data.length === 0) sb += '(0 rows)\n';
  else if (hasMoreData) sb += `only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n`;
  return sb;
}
