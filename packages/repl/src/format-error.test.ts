import { describe, expect, it } from 'vitest';
import { FlintError } from '@flint/common';
import { formatError } from './format-error.js';

describe('formatError', () => {
  it("prints Spark's message with its query context and no stack", () => {
    // Spark 4: SELECT 1/0 under ANSI.
    const msg =
      '[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22012';
    const e = new FlintError(
      'DIVIDE_BY_ZERO',
      msg,
      {},
      {
        sqlText: 'SELECT 1/0',
        start: 7,
        stop: 9,
        line: 1,
        column: 8,
        fragment: '1/0',
      },
      '22012',
    );
    expect(formatError(e)).toBe(`${msg}\n== SQL (line 1, position 8) ==\nSELECT 1/0\n       ^^^`);
  });

  it('adds the class and SQLSTATE to a bare message', () => {
    expect(formatError(new FlintError('X_Y', 'Something.', {}, null, '42000'))).toBe(
      '[X_Y] Something. SQLSTATE: 42000',
    );
  });

  it('adds a missing SQLSTATE before the context block', () => {
    const e = new FlintError(
      'DIVIDE_BY_ZERO',
      '[DIVIDE_BY_ZERO] Division by zero.\n== SQL (line 1, position 8) ==\nSELECT 1/0\n       ^^^\n',
      {},
      null,
      '22012',
    );
    expect(formatError(e)).toBe(
      '[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012\n== SQL (line 1, position 8) ==\nSELECT 1/0\n       ^^^',
    );
  });

  it('marks other errors as internal, without a stack', () => {
    const s = formatError(new TypeError('x is undefined'));
    expect(s).toContain('[INTERNAL_ERROR] x is undefined');
    expect(s).not.toContain('    at ');
  });
});
