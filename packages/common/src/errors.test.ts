// Spark's error message text and the query-context block.
import { describe, expect, it } from 'vitest';
import { FlintError, errorMessage, flintError, formatQueryContext, type QueryContext } from './errors.js';

function ctx(sqlText: string, fragment: string): QueryContext {
  const start = sqlText.indexOf(fragment);
  const before = sqlText.slice(0, start);
  const line = before.split('\n').length;
  const column = start - (before.lastIndexOf('\n') + 1) + 1;
  return { sqlText, start, stop: start + fragment.length - 1, line, column, fragment };
}

describe('errorMessage', () => {
  it('fills the templates', () => {
    expect(errorMessage('DIVIDE_BY_ZERO', { config: '"spark.sql.ansi.enabled"' })).toBe(
      'Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.',
    );
    expect(
      errorMessage('UNRESOLVED_COLUMN.WITH_SUGGESTION', { objectName: '`x`', proposal: '`a`, `b`' }),
    ).toBe(
      'A column, variable, or function parameter with name `x` cannot be resolved. Did you mean one of the following? [`a`, `b`].',
    );
  });
});

describe('flintError', () => {
  it("builds Spark's full message with SQLSTATE and context", () => {
    const sql = 'SELECT 1/0';
    const e = flintError('DIVIDE_BY_ZERO', { config: '"spark.sql.ansi.enabled"' }, ctx(sql, '1/0'));
    expect(e).toBeInstanceOf(FlintError);
    expect(e.sqlState).toBe('22012');
    expect(e.message).toBe(
      '[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22012\n' +
        '== SQL (line 1, position 8) ==\n' +
        'SELECT 1/0\n' +
        '       ^^^\n',
    );
  });
});

describe('formatQueryContext', () => {
  it('marks the fragment on its line of a multi-line query', () => {
    const sql = 'SELECT a,\n  b / 0 AS c\nFROM t';
    expect(formatQueryContext(ctx(sql, 'b / 0'))).toBe(
      '== SQL (line 2, position 3) ==\n  b / 0 AS c\n  ^^^^^\n',
    );
  });
  it('truncates long lines with ...', () => {
    const sql = 'SELECT ' + 'x'.repeat(50) + ' + 1/0 + ' + 'y'.repeat(50);
    const block = formatQueryContext(ctx(sql, '1/0'));
    const lines = block.split('\n');
    expect(lines[1]!.startsWith('...')).toBe(true);
    expect(lines[1]!.endsWith('...')).toBe(true);
    expect(lines[2]!.trim()).toBe('^^^');
    expect(lines[2]!.indexOf('^')).toBe(lines[1]!.indexOf('1/0'));
  });
});
