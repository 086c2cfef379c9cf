// Checks one engine's answer against a reference: row by row with a numeric tolerance, falling back to
// an unordered (multiset) compare because rows that tie on the ORDER BY keys may come in any order.

import type { Cell, ResultSet } from './types.js';

export interface Verdict {
  readonly ok: boolean;
  /** Why the answer is wrong, or a note on a correct one (e.g. matched only as a multiset). */
  readonly message?: string;
}

/** Absolute 0.01 or relative 1e-6, as the shared TPC-H README asks (decimal scales differ between engines). */
export function numbersAgree(a: number, b: number): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  const diff = Math.abs(a - b);
  return diff <= 0.01 || diff <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A cell as a number when it is one or a string that spells one (answer files hold text). */
function asNumber(c: Cell): number | undefined {
  if (typeof c === 'number') return c;
  if (typeof c === 'string') {
    const t = c.trim();
    if (NUMERIC.test(t)) return Number(t);
  }
  return undefined;
}

/** Text of a cell for comparison: trimmed, because dbgen pads CHAR columns with blanks. */
function asText(c: Cell): string {
  return typeof c === 'string' ? c.trim() : String(c);
}

export function cellsAgree(actual: Cell, expected: Cell): boolean {
  // Answer files write NULL as an empty field.
  const aNull = actual === null || (typeof actual === 'string' && actual === '' && expected === null);
  const eNull = expected === null || (typeof expected === 'string' && expected === '' && actual === null);
  if (aNull || eNull) return aNull && eNull;
  const an = asNumber(actual);
  const en = asNumber(expected);
  if (an !== undefined && en !== undefined && (typeof actual === 'number' || typeof expected === 'number'))
    return numbersAgree(an, en);
  if (typeof actual === 'boolean' || typeof expected === 'boolean')
    return asText(actual).toLowerCase() === asText(expected).toLowerCase();
  if (an !== undefined && en !== undefined) return numbersAgree(an, en);
  return asText(actual) === asText(expected);
}

function rowsAgree(a: readonly Cell[], e: readonly Cell[]): boolean {
  for (let c = 0; c < e.length; c++) if (!cellsAgree(a[c] ?? null, e[c] ?? null)) return false;
  return true;
}

/** Total order over cells for sorting rows: nulls first, then numbers numerically, then text. */
function compareCells(x: Cell, y: Cell): number {
  if (x === null || y === null) return x === null ? (y === null ? 0 : -1) : 1;
  const xn = asNumber(x);
  const yn = asNumber(y);
  if (xn !== undefined && yn !== undefined) return xn < yn ? -1 : xn > yn ? 1 : 0;
  if (xn !== undefined) return -1;
  if (yn !== undefined) return 1;
  const xs = asText(x);
  const ys = asText(y);
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}

function sortedRows(rows: readonly (readonly Cell[])[]): (readonly Cell[])[] {
  return [...rows].sort((r, s) => {
    for (let c = 0; c < r.length; c++) {
      const d = compareCells(r[c] ?? null, s[c] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  });
}

function showRow(r: readonly Cell[]): string {
  return r.map((c) => (c === null ? 'NULL' : String(c))).join('|');
}

/**
 * Compares an answer with the reference: same number of rows and columns, then the rows in order; when
 * that fails, both sides sorted (ties on the ORDER BY keys may legally come in another order).
 */
export function compareResultSets(actual: ResultSet, expected: ResultSet): Verdict {
  if (actual.columns.length !== expected.columns.length)
    return {
      ok: false,
      message: `${actual.columns.length} columns (${actual.columns.join(', ')}), expected ${expected.columns.length} (${expected.columns.join(', ')})`,
    };
  if (actual.rows.length !== expected.rows.length)
    return { ok: false, message: `${actual.rows.length} rows, expected ${expected.rows.length}` };
  let firstBad = -1;
  for (let r = 0; r < expected.rows.length; r++) {
    if (!rowsAgree(actual.rows[r]!, expected.rows[r]!)) {
      firstBad = r;
      break;
    }
  }
  if (firstBad < 0) return { ok: true };
  const a = sortedRows(actual.rows);
  const e = sortedRows(expected.rows);
  for (let r = 0; r < e.length; r++) {
    if (!rowsAgree(a[r]!, e[r]!))
      return {
        ok: false,
        message: `row ${firstBad + 1} is ${showRow(actual.rows[firstBad]!)}, expected ${showRow(expected.rows[firstBad]!)}`,
      };
  }
  return { ok: true, message: 'rows agree as a multiset (order differs, e.g. among ORDER BY ties)' };
}

/** H2O answers are checked as db-benchmark does: the row count and the sum of each measure column. */
export interface Checksum {
  readonly rows: number;
  /** The measure columns in result order (compared by position: engines name `x.*` columns differently). */
  readonly sums: readonly { readonly column: string; readonly sum: number }[];
}

/** Key columns (`id1`, `small_id4`, …) are not measures; every other numeric column is summed. */
function isKeyColumn(name: string): boolean {
  return /^(\w+_)?id\d+$/.test(name);
}

export function checksumOf(result: ResultSet): Checksum {
  const sums: { column: string; sum: number }[] = [];
  result.columns.forEach((column, c) => {
    if (isKeyColumn(column)) return;
    let sum = 0;
    let numeric = false;
    for (const row of result.rows) {
      const v = row[c];
      // NaN (corr or stddev over constant values) is left out, as R's sum(na.rm = TRUE) does.
      if (typeof v === 'number') {
        if (!Number.isNaN(v)) sum += v;
        numeric = true;
      }
    }
    if (numeric || result.rows.length === 0) sums.push({ column, sum });
  });
  return { rows: result.rows.length, sums };
}

/** Sums agree within a relative 1e-6 (summation order differs between engines) or absolute 0.01. */
export function compareChecksums(actual: Checksum, expected: Checksum): Verdict {
  if (actual.rows !== expected.rows)
    return { ok: false, message: `${actual.rows} rows, expected ${expected.rows}` };
  if (actual.sums.length !== expected.sums.length)
    return {
      ok: false,
      message: `measure columns ${actual.sums.map((s) => s.column).join(', ')}, expected ${expected.sums.map((s) => s.column).join(', ')}`,
    };
  for (let i = 0; i < expected.sums.length; i++) {
    const e = expected.sums[i]!;
    const a = actual.sums[i]!;
    if (!numbersAgree(a.sum, e.sum))
      return { ok: false, message: `sum(${e.column}) = ${a.sum}, expected ${e.sum}` };
  }
  return { ok: true };
}
