import { describe, expect, it } from 'vitest';
import { T, batchFromRows, type StructType, type Value } from '@flint/common';
import type { CliDataFrame, CliSession } from './engine.js';
import { countShowRows, runStatement, timeTakenLine } from './execute.js';

// Spark 4's show() of SELECT 1 + 1 AS two, 'x' AS s (the README's example).
const SHOW = '+---+---+\n|two|  s|\n+---+---+\n|  2|  x|\n+---+---+\n';

function fakeSession(schema: StructType, rows: Value[][], show: string, fail?: unknown): CliSession {
  const df: CliDataFrame = {
    schema,
    collectBatches: async () => [
      batchFromRows(
        schema.fields.map((f) => f.dataType),
        rows,
      ),
    ],
    showString: async () => show,
    createOrReplaceTempView: () => {},
  };
  return {
    conf: { set: () => {}, get: () => undefined },
    sql: async () => {
      if (fail !== undefined) throw fail;
      return df;
    },
    createDataFrame: () => df,
  };
}

describe('runStatement', () => {
  const schema = T.struct([T.field('two', T.int, false), T.field('s', T.string, false)]);

  it('prints Spark show() text in table mode and the time line on stderr', async () => {
    let out = '';
    let err = '';
    const ok = await runStatement(
      fakeSession(schema, [[2, 'x']], SHOW),
      "SELECT 1 + 1 AS two, 'x' AS s",
      { mode: 'table', maxRows: 20 },
      { out: (t) => (out += t), err: (t) => (err += t), silent: false },
      String,
    );
    expect(ok).toBe(true);
    expect(out).toBe(SHOW);
    expect(err).toMatch(/^Time taken: \d+\.\d{3} seconds, Fetched 1 row\(s\)\n$/);
  });

  it('prints nothing for a command', async () => {
    let out = '';
    let err = '';
    await runStatement(
      fakeSession(T.struct([]), [], ''),
      'CREATE TEMP VIEW v AS SELECT 1',
      { mode: 'table', maxRows: 20 },
      { out: (t) => (out += t), err: (t) => (err += t), silent: false },
      String,
    );
    expect(out).toBe('');
    expect(err).toMatch(/^Time taken: \d+\.\d{3} seconds\n$/);
  });

  it('prints the formatted error and reports failure', async () => {
    let err = '';
    const ok = await runStatement(
      fakeSession(schema, [], '', new Error('boom')),
      'SELECT 1/0',
      { mode: 'table', maxRows: 20 },
      { out: () => {}, err: (t) => (err += t), silent: false },
      (e) => `formatted: ${(e as Error).message}`,
    );
    expect(ok).toBe(false);
    expect(err).toBe('formatted: boom\n');
  });
});

describe('show helpers', () => {
  it('counts the rows of a show() table, with or without the footer', () => {
    expect(countShowRows(SHOW)).toBe(1);
    expect(countShowRows('+---+\n|  a|\n+---+\n|  1|\n|  2|\n+---+\nonly showing top 2 rows\n')).toBe(2);
  });
  it("uses spark-sql's wording for the time line", () => {
    expect(timeTakenLine(123.4, 2)).toBe('Time taken: 0.123 seconds, Fetched 2 row(s)');
    expect(timeTakenLine(1500, 0)).toBe('Time taken: 1.500 seconds');
  });
});
