import { describe, expect, it } from 'vitest';
import { T } from '@flint/common';
import { Column } from './column.js';
import { col, countDistinct, lit, sum, when, count, log, first } from './functions.js';

describe('Column', () => {
  it('prints Spark column strings', () => {
    expect(col('a').plus(1).toString()).toBe('(a + 1)');
    expect(col('a').gt(1).and(col('b').isNull()).toString()).toBe('((a > 1) AND (b IS NULL))');
    expect(col('a').notEqual(1).toString()).toBe('(NOT (a = 1))');
    expect(sum('x').alias('total').toString()).toBe('sum(x) AS total');
    expect(countDistinct('a').toString()).toBe('count(DISTINCT a)');
    expect(col('a').isin(1, 2).toString()).toBe('(a IN (1, 2))');
    expect(col('a').cast('int').toString()).toBe('CAST(a AS INT)');
    expect(col('a').desc().toString()).toBe('a DESC NULLS LAST');
    expect(col('a').asc().toString()).toBe('a ASC NULLS FIRST');
    expect(when(col('a').gt(1), 1).otherwise(0).toString()).toBe('CASE WHEN (a > 1) THEN 1 ELSE 0 END');
    expect(col('a').between(1, 3).toString()).toBe('((a >= 1) AND (a <= 3))');
  });

  it('types literals as PySpark lit does', () => {
    expect(lit(1).expr).toEqual({ kind: 'Literal', value: 1, dataType: T.int });
    expect(lit(3_000_000_000).expr).toEqual({ kind: 'Literal', value: 3_000_000_000n, dataType: T.long });
    expect(lit(1.5).expr).toEqual({ kind: 'Literal', value: 1.5, dataType: T.double });
    expect(lit(5n).expr).toEqual({ kind: 'Literal', value: 5n, dataType: T.long });
    expect(lit('x').expr).toEqual({ kind: 'Literal', value: 'x', dataType: T.string });
    expect(lit(null).expr).toEqual({ kind: 'Literal', value: null, dataType: T.null });
    expect(lit(new Date(Date.UTC(2024, 0, 1))).expr).toEqual({
      kind: 'Literal',
      value: 1704067200000000n,
      dataType: T.timestamp,
    });
  });

  it('builds unresolved operator nodes', () => {
    const e = col('a').gt(1).expr;
    expect(e).toEqual({
      kind: 'Comparison',
      op: 'GreaterThan',
      left: { kind: 'UnresolvedAttribute', nameParts: ['a'] },
      right: { kind: 'Literal', value: 1, dataType: T.int },
    });
    expect(col('t.`a.b`').expr).toEqual({ kind: 'UnresolvedAttribute', nameParts: ['t', 'a.b'] });
    expect(col('t.*').expr).toEqual({ kind: 'UnresolvedStar', target: ['t'] });
    const c = col('a').cast('decimal(10,2)').expr;
    expect(c).toMatchObject({ kind: 'Cast', dataType: T.decimal(10, 2), userSpecified: true });
    expect(col('a').try_cast('int').expr).toMatchObject({ kind: 'Cast', evalMode: 'TRY' });
  });

  it('maps count(*) to count(1) and log(x) to ln(x) as Spark', () => {
    expect(count('*').toString()).toBe('count(1)');
    expect(log('x').toString()).toBe('ln(x)');
    expect(first('x').toString()).toBe('first(x)');
  });

  it('only extends CASE chains made by when()', () => {
    expect(() => col('a').when(col('b'), 1)).toThrowError(/INVALID_WHEN_USAGE/);
    const done = when(col('a'), 1).otherwise(2);
    expect(() => done.otherwise(3)).toThrowError(/INVALID_WHEN_USAGE/);
    expect(() => done.when(col('b'), 3)).toThrowError(/INVALID_WHEN_USAGE/);
  });

  it('flattens an array argument of isin', () => {
    expect(col('a').isin([1, 2, 3]).toString()).toBe('(a IN (1, 2, 3))');
    expect(new Column(col('a').expr).isin(lit(1), col('b')).toString()).toBe('(a IN (1, b))');
  });
});
