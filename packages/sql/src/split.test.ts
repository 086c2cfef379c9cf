// Script splitting and statement completeness for the REPL.

import { describe, expect, it } from 'vitest';
import { isCompleteStatement, splitStatements } from './index.js';

describe('splitStatements', () => {
  it('splits on top-level semicolons and keeps offsets', () => {
    const text = "SELECT 1; SELECT ';' AS x;\n-- only a comment;\nSELECT `a;b` /* ; */ FROM t";
    expect(splitStatements(text)).toEqual([
      { text: 'SELECT 1', start: 0 },
      { text: "SELECT ';' AS x", start: 10 },
      { text: '-- only a comment;\nSELECT `a;b` /* ; */ FROM t', start: 27 },
    ]);
  });
  it('drops empty statements', () => {
    expect(splitStatements(' ;; /* c */ ; ')).toEqual([]);
  });
});

describe('isCompleteStatement', () => {
  it('is true only when a semicolon ends the text outside quotes and comments', () => {
    expect(isCompleteStatement('SELECT 1;')).toBe(true);
    expect(isCompleteStatement('SELECT 1;  -- done')).toBe(true);
    expect(isCompleteStatement('SELECT 1')).toBe(false);
    expect(isCompleteStatement("SELECT ';")).toBe(false);
    expect(isCompleteStatement('SELECT 1 /* ;')).toBe(false);
    expect(isCompleteStatement('SELECT 1 -- ;')).toBe(false);
  });
});
