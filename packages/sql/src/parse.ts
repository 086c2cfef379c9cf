// The public parse functions: tokenize, run one grammar entry rule, demand the end of input, and turn
// chevrotain's recognition errors into Spark's PARSE_SYNTAX_ERROR.

import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { DataType } from '@flint/common';
import type { AstExpr, Query, Statement } from './ast.js';
import { tokenize } from './lexer.js';
import { getParser, type SqlParser } from './parser.js';
import { syntaxError } from './errors.js';

function placeOfToken(text: string, tok: IToken | undefined): Parameters<typeof syntaxError>[1] {
  if (!tok || tok.tokenType === EOF || Number.isNaN(tok.startOffset)) {
    const lines = text.split('\n');
    const last = lines[lines.length - 1] ?? '';
    return { offset: text.length, line: lines.length, column: last.length + 1, image: undefined };
  }
  return {
    offset: tok.startOffset,
    line: tok.startLine ?? 1,
    column: tok.startColumn ?? 1,
    image: tok.image,
  };
}

function run<R>(text: string, entry: (p: SqlParser) => R): R {
  const tokens = tokenize(text);
  const parser = getParser();
  parser.prepare(text, tokens);
  const result = entry(parser);
  const errors: IRecognitionException[] = parser.errors;
  if (errors.length > 0) {
    const e = errors[0]!;
    // An error inside a nested rule reports the token where the input stopped matching.
    throw syntaxError(text, placeOfToken(text, e.token));
  }
  const next = parser.peek();
  if (next.tokenType !== EOF) throw syntaxError(text, placeOfToken(text, next));
  return result;
}

/** SET / RESET take the rest of the statement as raw text, as Spark does (values may hold any character). */
function rawConfigStatement(text: string): Statement | null {
  // Skip leading spaces and comments, then look for the SET / RESET keyword.
  let i = 0;
  for (;;) {
    const m = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)/.exec(text.slice(i));
    if (!m || m[0].length === 0) break;
    i += m[0].length;
  }
  const kw = /^(SET|RESET)(?![\w])/i.exec(text.slice(i));
  if (!kw) return null;
  const keyword = kw[1]!.toUpperCase();
  let body = text.slice(i + kw[0].length);
  // Drop a trailing ';' and spaces; SET VAR / SET VARIABLE are session-variable statements, not config.
  body = body.replace(/\s*;\s*$/, '').trim();
  if (keyword === 'SET' && /^(VAR|VARIABLE)\b/i.test(body)) return null;
  const lines = text.slice(0, i).split('\n');
  const origin = {
    start: i,
    stop: text.length - 1,
    line: lines.length,
    column: (lines[lines.length - 1] ?? '').length + 1,
  };
  const rest = body;
  if (keyword === 'RESET') {
    return rest === ''
      ? { kind: 'ResetConfig', origin }
      : { kind: 'ResetConfig', key: unquoteKey(rest), origin };
  }
  if (rest === '') return { kind: 'SetConfig', origin };
  // SET TIME ZONE 'x' / LOCAL
  const tz = /^TIME\s+ZONE\s+(.*)$/is.exec(rest);
  if (tz) {
    const v = tz[1]!.trim();
    const value = /^'.*'$|^".*"$/s.test(v) ? v.slice(1, -1) : v;
    return { kind: 'SetConfig', key: 'spark.sql.session.timeZone', value, origin };
  }
  const eq = rest.indexOf('=');
  if (eq < 0) return { kind: 'SetConfig', key: unquoteKey(rest), origin };
  return {
    kind: 'SetConfig',
    key: unquoteKey(rest.slice(0, eq).trim()),
    value: rest.slice(eq + 1).trim(),
    origin,
  };
}

const unquoteKey = (k: string): string => (/^`.*`$/s.test(k) ? k.slice(1, -1).replace(/``/g, '`') : k);

/** Parses one statement; a trailing `;` is allowed. */
export function parseStatement(text: string): Statement {
  const raw = rawConfigStatement(text);
  if (raw) return raw;
  return run(text, (p) => p.statementEntry());
}

/** Parses a query (SELECT, VALUES, WITH ..., set operations). */
export function parseQuery(text: string): Query {
  return run(text, (p) => p.query());
}

/** Parses an expression, as DataFrame `expr()`, `selectExpr` and `filter(string)` need. */
export function parseExpression(text: string): AstExpr {
  return run(text, (p) => p.expr());
}

/** Parses a Spark SQL type such as `decimal(10,2)`, `array<struct<a:int>>` or `interval day to second`. */
export function parseDataType(text: string): DataType {
  return run(text, (p) => p.dataType());
}

/** Parses `db.table` or `` `a b`.c `` into its name parts. */
export function parseTableIdentifier(text: string): string[] {
  return run(text, (p) => p.qualifiedName());
}
