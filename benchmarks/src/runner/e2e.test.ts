// End to end: `tpch` on the shared SF 0.1 files, queries 1 and 6, Flint SQL and DuckDB, one run each,
// both answers found correct and the report files written; `h2o` at 10^4 rows, Flint's answers
// checked by checksum against DuckDB's.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench } from './cli.js';
import { inlineLauncher } from './launcher.js';
import { sharedDir } from './paths.js';
import type { SuiteRun } from './run-types.js';

const data = path.join(sharedDir(), 'tpch', 'sf0.1');

describe.skipIf(!existsSync(path.join(data, 'lineitem.parquet')))('bench tpch end to end', () => {
  it('runs q1 and q6 on flint-sql and duckdb and finds both correct', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'flint-bench-e2e-'));
    const argv = ['tpch', '--sf', '0.1', '--data', data, '--engines', 'flint-sql,duckdb', '--queries', '1,6'];
    const [report] = await runBench([...argv, '--runs', '1', '--no-warmup', '--out', out, '--threads', '2'], {
      launcher: inlineLauncher(),
      print: false,
      log: () => {},
    });
    const run = JSON.parse(readFileSync(report!.json, 'utf8')) as SuiteRun;
    const section = run.sections[0]!;
    expect(section.engines.map((e) => e.engine)).toEqual(['duckdb', 'flint-sql']);
    for (const engine of section.engines) {
      expect(engine.queries.map((q) => [q.id, q.status, q.check])).toEqual([
        ['q01', 'ok', 'correct'],
        ['q06', 'ok', 'correct'],
      ]);
      expect(engine.queries.every((q) => q.seconds.length === 1 && (q.peakRssBytes ?? 0) > 0)).toBe(true);
    }
    expect(readFileSync(report!.markdown, 'utf8')).toContain('| q06 | ok ');
    expect(report!.svgs.every((f) => existsSync(f))).toBe(true);
  }, 60_000);
});

describe('bench h2o end to end', () => {
  it("checks Flint's answers against DuckDB's by checksum, over several timed runs", async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'flint-bench-h2o-'));
    const argv = [
      'h2o',
      '--n',
      '1e4',
      '--suite',
      'groupby',
      '--queries',
      'q1,q8',
      '--engines',
      'duckdb,flint-sql',
    ];
    const [report] = await runBench(
      [
        ...argv,
        '--runs',
        '2',
        '--no-warmup',
        '--mode',
        'memory',
        '--out',
        out,
        '--cache-dir',
        out,
        '--threads',
        '1',
      ],
      { launcher: inlineLauncher(), print: false, log: () => {} },
    );
    const run = JSON.parse(readFileSync(report!.json, 'utf8')) as SuiteRun;
    const flint = run.sections[0]!.engines.find((e) => e.engine === 'flint-sql')!;
    expect(flint.queries.map((q) => [q.id, q.status, q.check, q.seconds.length])).toEqual([
      ['q1', 'ok', 'agrees', 2],
      ['q8', 'ok', 'agrees', 2],
    ]);
  }, 60_000);
});
