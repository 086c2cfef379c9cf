#!/usr/bin/env -S node --single-threaded-gc
// The `flint-sql` command: an interactive SQL shell over Flint, or `-e` / `-f` to run statements.
// (The shebang's --single-threaded-gc: Flint's workers fill the cores already; see README, Performance.)

import { readFileSync } from 'node:fs';
import { USAGE, parseCliArgs, type CliOptions } from './args.js';
import { openSession, type CliSession } from './engine.js';
import { runStatement } from './execute.js';
import { formatError } from './format-error.js';
import { runRepl } from './repl.js';
import { registerSamples } from './samples.js';
import { splitSql } from './statements.js';

const debug = process.env['FLINT_DEBUG'] !== undefined;

/** Runs every statement of `text`; stops at the first failure unless --continue. Returns the exit code. */
async function runScript(spark: CliSession, text: string, options: CliOptions): Promise<number> {
  const io = {
    out: (t: string) => process.stdout.write(t),
    err: (t: string) => process.stderr.write(t),
    silent: options.silent,
  };
  let failed = false;
  for (const stmt of splitSql(text)) {
    const ok = await runStatement(spark, stmt, options, io, (e) => formatError(e, debug));
    if (!ok) {
      failed = true;
      if (!options.continueOnError) break;
    }
  }
  return failed ? 1 : 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`flint-sql: ${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  const options = parsed.options;
  let spark: CliSession;
  try {
    spark = openSession(options.conf);
    if (options.samples) registerSamples(spark);
  } catch (e) {
    process.stderr.write(`flint-sql: cannot start a session: ${formatError(e, debug)}\n`);
    return 1;
  }
  if (options.execute !== null) return runScript(spark, options.execute, options);
  if (options.file !== null) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (e) {
      process.stderr.write(`flint-sql: cannot read ${options.file}: ${(e as Error).message}\n`);
      return 1;
    }
    return runScript(spark, text, options);
  }
  if (!process.stdin.isTTY) {
    // Piped input is a script: `echo "SELECT 1;" | flint-sql`.
    return runScript(spark, readFileSync(0, 'utf8'), options);
  }
  await runRepl(spark, options);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // The engine may keep worker threads alive; the command is done once its output is flushed.
    process.stdout.write('', () => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(formatError(e, true) + '\n');
    process.exit(1);
  },
);
