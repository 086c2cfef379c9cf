// Conformance counts per tier and per file, the JSON report, and the text tables printed for people.

import type { CorpusFile } from './corpus.js';
import { compareRecord, type RecordResult, type StatementOutcome } from './outcome.js';

export interface Counts {
  records: number;
  rowsExpected: number;
  rowsEqual: number;
  errorsExpected: number;
  errorsRaised: number;
  errorClassEqual: number;
  schemaTypesEqual: number;
  namesEqual: number;
}

export const COUNT_KEYS: readonly (keyof Counts)[] = [
  'records',
  'rowsExpected',
  'rowsEqual',
  'errorsExpected',
  'errorsRaised',
  'errorClassEqual',
  'schemaTypesEqual',
  'namesEqual',
];

export interface FileReport extends Counts {
  tier: number;
  /** Records that did not fully pass: index, the start of the SQL, and why. */
  failures: { index: number; sql: string; note: string }[];
}

export interface Report {
  tiers: Record<string, Counts>;
  files: Record<string, FileReport>;
}

export function zeroCounts(): Counts {
  return {
    records: 0,
    rowsExpected: 0,
    rowsEqual: 0,
    errorsExpected: 0,
    errorsRaised: 0,
    errorClassEqual: 0,
    schemaTypesEqual: 0,
    namesEqual: 0,
  };
}

function addResult(c: Counts, r: RecordResult): void {
  c.records++;
  if (r.rowsExpected) c.rowsExpected++;
  if (r.rowsEqual) c.rowsEqual++;
  if (r.errorExpected) c.errorsExpected++;
  if (r.errorRaised) c.errorsRaised++;
  if (r.errorClassEqual) c.errorClassEqual++;
  if (r.schemaTypesEqual) c.schemaTypesEqual++;
  if (r.namesEqual) c.namesEqual++;
}

function addCounts(into: Counts, c: Counts): void {
  for (const k of COUNT_KEYS) into[k] += c[k];
}

/** Compares every outcome with its record and totals the counts. */
export function buildReport(
  files: readonly CorpusFile[],
  outcomes: ReadonlyMap<string, readonly StatementOutcome[]>,
): Report {
  const report: Report = { tiers: {}, files: {} };
  for (const f of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const got = outcomes.get(f.file) ?? [];
    const fr: FileReport = { ...zeroCounts(), tier: f.tier, failures: [] };
    for (const rec of f.records) {
      const o = got.find((x) => x.index === rec.index) ?? {
        kind: 'crash' as const,
        index: rec.index,
        message: 'not run',
      };
      const r = compareRecord(rec, o);
      addResult(fr, r);
      const passed = r.errorExpected ? r.errorClassEqual : r.rowsEqual && r.schemaTypesEqual && r.namesEqual;
      if (!passed)
        fr.failures.push({ index: rec.index, sql: rec.sql.slice(0, 160), note: r.note ?? 'failed' });
    }
    report.files[f.file] = fr;
    const tier = (report.tiers[String(f.tier)] ??= zeroCounts());
    addCounts(tier, fr);
  }
  return report;
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `rowsEqual 123/456 (27.0%)`-style table, one line per tier plus a total. */
export function formatTierTable(report: Report): string {
  const total = zeroCounts();
  const rows: string[][] = [];
  const row = (name: string, c: Counts): string[] => [
    name,
    String(c.records),
    `${c.rowsEqual}/${c.rowsExpected} ${pct(c.rowsEqual, c.rowsExpected)}`,
    `${c.errorsRaised}/${c.errorsExpected} ${pct(c.errorsRaised, c.errorsExpected)}`,
    `${c.errorClassEqual}/${c.errorsExpected} ${pct(c.errorClassEqual, c.errorsExpected)}`,
    `${c.schemaTypesEqual}/${c.rowsExpected} ${pct(c.schemaTypesEqual, c.rowsExpected)}`,
    `${c.namesEqual}/${c.rowsExpected} ${pct(c.namesEqual, c.rowsExpected)}`,
  ];
  for (const t of Object.keys(report.tiers).sort()) {
    const c = report.tiers[t]!;
    addCounts(total, c);
    rows.push(row(`tier ${t}`, c));
  }
  rows.push(row('total', total));
  return table(['', 'records', 'rows equal', 'errors raised', 'error class', 'schema types', 'names'], rows);
}

/** One line per file: counts in the same order as the tier table. */
export function formatFileLines(report: Report): string {
  const rows = Object.entries(report.files).map(([name, c]) => [
    name,
    `t${c.tier}`,
    String(c.records),
    `${c.rowsEqual}/${c.rowsExpected}`,
    `${c.errorsRaised}/${c.errorsExpected}`,
    `${c.errorClassEqual}/${c.errorsExpected}`,
    `${c.schemaTypesEqual}/${c.rowsExpected}`,
    `${c.namesEqual}/${c.rowsExpected}`,
  ]);
  return table(['file', 'tier', 'records', 'rows', 'errors', 'class', 'types', 'names'], rows);
}
