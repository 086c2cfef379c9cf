import { describe, expect, it } from 'vitest';
import { compareWithBaseline, formatBaselineTable } from './baseline.js';
import { zeroCounts, type Report } from './report.js';

const counts = (rowsEqual: number) => ({ ...zeroCounts(), records: 10, rowsExpected: 8, rowsEqual });

describe('compareWithBaseline', () => {
  it('reports a drop in any count of any tier', () => {
    const report: Report = { tiers: { '1': counts(3), '2': counts(5) }, files: {} };
    const cmp = compareWithBaseline({ tiers: { '1': counts(4), '2': counts(5) } }, report);
    expect(cmp.dropped).toEqual([{ tier: '1', key: 'rowsEqual', baseline: 4, now: 3 }]);
    expect(formatBaselineTable(cmp)).toContain('DROPPED');
  });
  it('never lowers the baseline it proposes', () => {
    const report: Report = { tiers: { '1': counts(6) }, files: {} };
    const cmp = compareWithBaseline({ tiers: { '1': counts(4), '2': counts(5) } }, report);
    expect(cmp.next.tiers['1']!.rowsEqual).toBe(6);
    expect(cmp.next.tiers['2']!.rowsEqual).toBe(5);
    expect(cmp.improved).toBe(true);
  });
});
