// The committed conformance baseline and the check that no count fell below it.

import { COUNT_KEYS, zeroCounts, type Counts, type Report } from './report.js';

export interface Baseline {
  tiers: Record<string, Counts>;
}

export interface BaselineRow {
  readonly tier: string;
  readonly key: keyof Counts;
  readonly baseline: number;
  readonly now: number;
}

export interface BaselineComparison {
  readonly rows: readonly BaselineRow[];
  readonly dropped: readonly BaselineRow[];
  readonly improved: boolean;
  /** The baseline to write: the new counts, never below the old ones. */
  readonly next: Baseline;
}

/** Compares the report's tier counts with the baseline; a tier missing from the report counts as zero. */
export function compareWithBaseline(baseline: Baseline, report: Report): BaselineComparison {
  const tiers = [...new Set([...Object.keys(baseline.tiers), ...Object.keys(report.tiers)])].sort();
  const rows: BaselineRow[] = [];
  const next: Baseline = { tiers: {} };
  for (const tier of tiers) {
    const b = baseline.tiers[tier] ?? zeroCounts();
    const n = report.tiers[tier] ?? zeroCounts();
    const out = zeroCounts();
    for (const key of COUNT_KEYS) {
      rows.push({ tier, key, baseline: b[key] ?? 0, now: n[key] ?? 0 });
      out[key] = Math.max(b[key] ?? 0, n[key] ?? 0);
    }
    next.tiers[tier] = out;
  }
  return {
    rows,
    dropped: rows.filter((r) => r.now < r.baseline),
    improved: rows.some((r) => r.now > r.baseline),
    next,
  };
}

export function formatBaselineTable(cmp: BaselineComparison): string {
  const header = ['tier', 'count', 'baseline', 'now', ''];
  const body = cmp.rows.map((r) => [
    r.tier,
    r.key,
    String(r.baseline),
    String(r.now),
    r.now < r.baseline ? 'DROPPED' : r.now > r.baseline ? `+${r.now - r.baseline}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
