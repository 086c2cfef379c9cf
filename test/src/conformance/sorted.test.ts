import { describe, expect, it } from 'vitest';
import { isOrderedSql, isSortedPlan } from './sorted.js';

describe('isOrderedSql', () => {
  it('sees a top-level ORDER BY', () => {
    expect(isOrderedSql('SELECT * FROM t ORDER BY a LIMIT 3')).toBe(true);
    expect(isOrderedSql('select a from x union select b from y order by 1')).toBe(true);
    expect(isOrderedSql('DESC FUNCTION abs')).toBe(true);
  });
  it('ignores ORDER BY inside parentheses, strings and comments', () => {
    expect(isOrderedSql('SELECT rank() OVER (ORDER BY a) FROM t')).toBe(false);
    expect(isOrderedSql("SELECT 'order by' FROM t")).toBe(false);
    expect(isOrderedSql('SELECT a FROM t -- order by a')).toBe(false);
    expect(isOrderedSql('SELECT a FROM t /* order by a */')).toBe(false);
    expect(isOrderedSql('SELECT * FROM (SELECT a FROM t ORDER BY a) GROUP BY a')).toBe(false);
  });
});

describe('isSortedPlan', () => {
  const scan = { kind: 'LogicalRelation' };
  const sort = (child: unknown, global = true) => ({ kind: 'Sort', order: [], global, child });
  it('finds a global sort under projects and filters, and through limits and aliases', () => {
    expect(isSortedPlan({ kind: 'Project', child: { kind: 'Filter', child: sort(scan) } })).toBe(true);
    expect(isSortedPlan({ kind: 'Limit', child: sort(scan) })).toBe(true);
    expect(isSortedPlan({ kind: 'Project', child: { kind: 'SubqueryAlias', child: sort(scan) } })).toBe(true);
  });
  it('stops at joins and aggregates, and ignores local sorts', () => {
    expect(isSortedPlan({ kind: 'Aggregate', child: sort(scan) })).toBe(false);
    expect(isSortedPlan({ kind: 'Join', left: sort(scan), right: scan })).toBe(false);
    expect(isSortedPlan(sort(scan, false))).toBe(false);
    expect(isSortedPlan(scan)).toBe(false);
  });
});
