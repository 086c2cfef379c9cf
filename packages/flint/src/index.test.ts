// The public surface of the package: the names a PySpark user reaches for.
import { describe, expect, it } from 'vitest';
import * as flint from './index.js';

describe('flint public API', () => {
  it('exports the session, frame, column, window, row and type helpers', () => {
    for (const name of [
      'SparkSession',
      'DataFrame',
      'Column',
      'GroupedData',
      'Window',
      'WindowSpec',
      'Row',
      'DataFrameReader',
      'T',
      'FlintError',
    ]) {
      expect(flint, name).toHaveProperty(name);
    }
  });

  it('exports functions as a namespace (functions, F) and as names, with camelCase twins', () => {
    expect(flint.F).toBe(flint.functions);
    for (const name of [
      'col',
      'lit',
      'expr',
      'when',
      'sum',
      'countDistinct',
      'to_date',
      'toDate',
      'row_number',
      'rowNumber',
      'broadcast',
    ]) {
      expect(typeof (flint.F as Record<string, unknown>)[name], name).toBe('function');
      expect(typeof (flint as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(flint.F.toDate).toBe(flint.F.to_date);
    expect(flint.F.sumDistinct('x').toString()).toBe('sum(DISTINCT x)');
  });
});
