import { describe, expect, it } from 'vitest';
import { openSession } from './engine.js';
import { runStatement, type OutputOptions } from './execute.js';
import { formatError } from './format-error.js';
import { registerSamples } from './samples.js';

async function run(sql: string, opts: OutputOptions): Promise<{ ok: boolean; out: string; err: string }> {
  const spark = openSession([]);
  registerSamples(spark);
  let out = '';
  let err = '';
  const ok = await runStatement(
    spark,
    sql,
    opts,
    { out: (t) => (out += t), err: (t) => (err += t), silent: true },
    (e) => formatError(e),
  );
  return { ok, out, err };
}

describe('flint-sql over the real engine', () => {
  it("prints the README's example exactly as Spark's show()", async () => {
    const r = await run("SELECT 1 + 1 AS two, 'x' AS s", { mode: 'table', maxRows: 20 });
    expect(r.out).toBe('+---+---+\n|two|  s|\n+---+---+\n|  2|  x|\n+---+---+\n');
  });

  it('queries the sample tables in csv and json', async () => {
    const csv = await run("SELECT name, salary FROM employees WHERE dept = 'HR'", {
      mode: 'csv',
      maxRows: 20,
    });
    expect(csv.out).toBe('name,salary\r\nEve,69000\r\n');
    const json = await run('SELECT state, sum(amount) AS total FROM sales GROUP BY state ORDER BY state', {
      mode: 'json',
      maxRows: 20,
    });
    expect(json.out).toBe(
      '{"state":"CA","total":2106.0}\n{"state":"NY","total":2640.24}\n{"state":"TX","total":1475.0}\n{"state":"WA","total":310.75}\n',
    );
  });

  it("prints Spark's error class for a bad query", async () => {
    const r = await run('SELECT nope FROM employees', { mode: 'table', maxRows: 20 });
    expect(r.ok).toBe(false);
    expect(r.err).toMatch(/^\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\]/);
  });
});
