// The interactive shell: multi-line statements ended by ';', history in ~/.flint_sql_history,
// Ctrl-C cancels the running statement or clears the input, Ctrl-D (or `exit;` / `quit;`) leaves.

import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CliSession } from './engine.js';
import { runStatement, type OutputOptions } from './execute.js';
import { formatError } from './format-error.js';
import { isCompleteSql, splitSql } from './statements.js';

export const PROMPT = 'flint-sql> ';
export const CONTINUATION_PROMPT = '         > ';
const HISTORY_SIZE = 1000;

export function historyPath(): string {
  return process.env['FLINT_SQL_HISTORY'] ?? join(homedir(), '.flint_sql_history');
}

function loadHistory(path: string): string[] {
  try {
    // The file is oldest first; readline wants newest first.
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-HISTORY_SIZE)
      .reverse();
  } catch {
    return [];
  }
}

export async function runRepl(
  spark: CliSession,
  opts: OutputOptions & { readonly silent: boolean },
): Promise<void> {
  const path = historyPath();
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    history: loadHistory(path),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  const io = {
    out: (t: string) => process.stdout.write(t),
    err: (t: string) => process.stderr.write(t),
    silent: opts.silent,
  };
  let buffer = '';
  const prompt = (): void => {
    rl.setPrompt(buffer === '' ? PROMPT : CONTINUATION_PROMPT);
    rl.prompt();
  };
  /** The statement running now: Ctrl-C cancels it and the shell returns to the prompt. */
  let running: AbortController | null = null;
  rl.on('SIGINT', () => {
    if (running !== null) {
      process.stdout.write('^C\n');
      running.abort();
      return;
    }
    // Clear what was typed; leaving takes Ctrl-D, as in spark-sql.
    const hadInput = buffer !== '' || rl.line !== '';
    buffer = '';
    process.stdout.write(hadInput ? '^C\n' : '\n(To exit, press Ctrl-D or type exit;)\n');
    (rl as unknown as { line: string }).line = '';
    prompt();
  });
  process.stdout.write(
    'Flint SQL shell. End statements with ";". Sample tables: employees, departments, sales.\n',
  );
  prompt();
  for await (const line of rl) {
    if (line.trim() !== '')
      try {
        appendFileSync(path, line.replace(/\n/g, ' ') + '\n');
      } catch {
        // History is a convenience: an unwritable home does not stop the shell.
      }
    buffer = buffer === '' ? line : `${buffer}\n${line}`;
    if (buffer.trim() === '') {
      buffer = '';
      prompt();
      continue;
    }
    if (!isCompleteSql(buffer)) {
      prompt();
      continue;
    }
    const statements = splitSql(buffer);
    buffer = '';
    for (const stmt of statements) {
      if (/^(exit|quit)$/i.test(stmt.trim())) {
        rl.close();
        return;
      }
      const ac = new AbortController();
      running = ac;
      await runStatement(
        spark,
        stmt,
        opts,
        io,
        (e) => formatError(e, process.env['FLINT_DEBUG'] !== undefined),
        ac.signal,
      ).finally(() => (running = null));
      // Ctrl-C also drops the statements entered after the cancelled one.
      if (ac.signal.aborted) break;
    }
    prompt();
  }
  process.stdout.write('\n');
}
