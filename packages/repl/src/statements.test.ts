import { describe, expect, it } from 'vitest';
import { isCompleteSql, splitSql } from './statements.js';

describe('statements', () => {
  it('splits on semicolons outside quotes and comments', () => {
    expect(splitSql("SELECT 'a;b'; SELECT 2 -- x;y\n; /* ; */ SELECT `c;d` FROM t;")).toEqual([
      "SELECT 'a;b'",
      'SELECT 2 -- x;y',
      '/* ; */ SELECT `c;d` FROM t',
    ]);
    expect(splitSql('SELECT 1')).toEqual(['SELECT 1']);
    expect(splitSql(' ;; -- only a comment\n')).toEqual([]);
  });

  it('knows when typed text ends a statement', () => {
    expect(isCompleteSql('SELECT 1;')).toBe(true);
    expect(isCompleteSql('SELECT 1;  ')).toBe(true);
    expect(isCompleteSql('SELECT 1')).toBe(false);
    expect(isCompleteSql("SELECT ';")).toBe(false);
    expect(isCompleteSql('SELECT 1 /* ;')).toBe(false);
    expect(isCompleteSql('SELECT 1; SELECT')).toBe(false);
  });
});
