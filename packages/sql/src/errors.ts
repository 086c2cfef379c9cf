// Parse-time errors with Spark's error classes, messages and the place in the text they are about.

import { FlintError, type QueryContext } from '@flint/common';

export interface ErrorPlace {
  readonly offset: number;
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
  /** The offending token's text; undefined at end of input. */
  readonly image: string | undefined;
  readonly stop?: number;
}

/** Spark's ParseException rendering: the message, (line l, pos p), then the SQL with a caret line. */
export function withSqlContext(message: string, text: string, line: number, pos: number): string {
  const lines = text.split('\n');
  const above = lines.slice(0, line);
  const below = lines.slice(line);
  let out = `${message} (line ${line}, pos ${pos})\n\n== SQL ==\n`;
  for (const l of above) out += l + '\n';
  out += '-'.repeat(pos) + '^^^\n';
  for (const l of below) out += l + '\n';
  return out;
}

function contextOf(text: string, p: ErrorPlace): QueryContext {
  const stop = p.stop ?? (p.image === undefined ? p.offset : p.offset + p.image.length - 1);
  return {
    sqlText: text,
    start: p.offset,
    stop,
    line: p.line,
    column: p.column,
    fragment: text.slice(p.offset, stop + 1),
  };
}

/** PARSE_SYNTAX_ERROR at a token (or at end of input when image is undefined). */
export function syntaxError(text: string, p: ErrorPlace, hint = ''): FlintError {
  const near = p.image === undefined ? 'end of input' : `'${p.image}'`;
  const msg = `[PARSE_SYNTAX_ERROR] Syntax error at or near ${near}${hint}. SQLSTATE: 42601`;
  return new FlintError(
    'PARSE_SYNTAX_ERROR',
    withSqlContext(msg, text, p.line, p.column - 1),
    { error: near, hint },
    contextOf(text, p),
    '42601',
  );
}

/** A parse-time error of another class, about a fragment of the text. */
export function parseError(
  errorClass: string,
  message: string,
  params: Readonly<Record<string, string>>,
  sqlState: string,
  text: string,
  p: ErrorPlace | null,
): FlintError {
  const full = `[${errorClass}] ${message} SQLSTATE: ${sqlState}`;
  if (p === null) return new FlintError(errorClass, full, params, null, sqlState);
  return new FlintError(
    errorClass,
    withSqlContext(full, text, p.line, p.column - 1),
    params,
    contextOf(text, p),
    sqlState,
  );
}
