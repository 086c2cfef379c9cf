import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.js';

describe('parseCliArgs', () => {
  it('defaults to the interactive shell in table mode with the samples', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: {
        execute: null,
        file: null,
        mode: 'table',
        conf: [],
        samples: true,
        continueOnError: false,
        maxRows: 20,
        silent: false,
      },
    });
  });

  it('reads -e, --mode, --conf, --no-samples and --continue', () => {
    const r = parseCliArgs([
      '-e',
      "SELECT 1 + 1 AS two, 'x' AS s",
      '--mode',
      'csv',
      '--conf',
      'spark.sql.ansi.enabled=false',
      '--conf=spark.sql.session.timeZone=UTC',
      '--no-samples',
      '--continue',
    ]);
    expect(r.kind === 'run' && r.options).toMatchObject({
      execute: "SELECT 1 + 1 AS two, 'x' AS s",
      mode: 'csv',
      conf: [
        ['spark.sql.ansi.enabled', 'false'],
        ['spark.sql.session.timeZone', 'UTC'],
      ],
      samples: false,
      continueOnError: true,
    });
  });

  it('reads -f and --mode=json', () => {
    const r = parseCliArgs(['-f', 'q.sql', '--mode=json', '--max-rows', '5', '-S']);
    expect(r.kind === 'run' && r.options).toMatchObject({
      file: 'q.sql',
      mode: 'json',
      maxRows: 5,
      silent: true,
    });
  });

  it('rejects bad input with a message', () => {
    expect(parseCliArgs(['--mode', 'xml']).kind).toBe('error');
    expect(parseCliArgs(['-e']).kind).toBe('error');
    expect(parseCliArgs(['--conf', 'novalue']).kind).toBe('error');
    expect(parseCliArgs(['-e', 'SELECT 1', '-f', 'x.sql']).kind).toBe('error');
    expect(parseCliArgs(['--bogus']).kind).toBe('error');
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
