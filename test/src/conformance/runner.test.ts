import { describe, expect, it } from 'vitest';
import type { CorpusFile, CorpusRecord } from './corpus.js';
import { runFile, type Lane } from './runner.js';

function file(stmts: readonly [string, boolean][]): CorpusFile {
  const records: CorpusRecord[] = stmts.map(([sql, setup], index) => ({
    file: 'f.sql',
    index,
    sql,
    expected_schema: 'struct<>',
    expected_rows: [],
    expected_output: '',
    expected_error: null,
    is_setup: setup,
    order_sensitive: false,
    mode: 'ansi',
    session_configs: [],
    tier: 1,
  }));
  return { file: 'f.sql', tier: 1, mode: 'ansi', records };
}

const opts = {
  workerUrl: new URL('./fixtures/fake-worker.mjs', import.meta.url),
  tables: [],
  statementTimeoutMs: 500,
  maxOldGenerationSizeMb: 256,
  concurrency: 1,
};

const rowsOf = (o: { kind: string; rows?: readonly string[] }): readonly string[] | string =>
  o.kind === 'ok' ? (o.rows ?? []) : o.kind;

describe('runFile', () => {
  it('runs every statement in order in one worker', async () => {
    const out = await runFile(
      file([
        ['A', true],
        ['B', false],
      ]),
      opts,
    );
    expect(out.map(rowsOf)).toEqual([['A after [] file 1'], ['B after [] file 1']]);
  });

  it("reuses a lane's worker for the next file, and replaces it after a failure", async () => {
    const lane: Lane = { current: null };
    try {
      await runFile(file([['A', false]]), opts, lane);
      const second = await runFile(
        file([
          ['B', false],
          ['EXIT', false],
          ['C', false],
        ]),
        opts,
        lane,
      );
      expect(second.map(rowsOf)).toEqual([['B after [] file 2'], 'crash', ['C after [] file 1']]);
    } finally {
      await lane.current?.worker.terminate();
    }
  });

  it('stops a hanging statement, then continues in a new worker after replaying setup', async () => {
    const out = await runFile(
      file([
        ['S1', true],
        ['HANG', false],
        ['S2', true],
        ['Q', false],
      ]),
      opts,
    );
    expect(out.map(rowsOf)).toEqual([
      ['S1 after [] file 1'],
      'timeout',
      ['S2 after [S1] file 1'],
      ['Q after [S1] file 1'],
    ]);
  });

  it('survives a crashing and an exiting worker, never replaying the statement that killed it', async () => {
    const out = await runFile(
      file([
        ['S1', true],
        ['CRASH', true],
        ['EXIT', false],
        ['Q', false],
      ]),
      opts,
    );
    expect(out.map(rowsOf)).toEqual([['S1 after [] file 1'], 'crash', 'crash', ['Q after [S1] file 1']]);
  });
});
