// The session whose SQL parser `functions.expr()` uses. As in PySpark, `expr` needs an active session:
// the SparkSession (and, failing that, the first DataFrame made) registers its state here.

import { FlintError } from '@flint/common';
import type { Expr } from '@flint/planner';
import type { SessionState } from './session/session-state.js';

let active: SessionState | null = null;

export function setActiveSessionState(state: SessionState): void {
  active = state;
}

/** Registers `state` unless a session is already active. */
export function ensureActiveSessionState(state: SessionState): void {
  active ??= state;
}

export function getActiveSessionState(): SessionState | null {
  return active;
}

/**
 * Spark parses `expr()` / `selectExpr()` text as a named expression ('upper(name) AS n'). When the
 * session's expression parser rejects a trailing alias, the alias is split off here and re-applied.
 */
export function parseNamedExpression(state: SessionState, text: string): Expr {
  try {
    return state.parseExpression(text);
  } catch (err) {
    if (!(err instanceof FlintError) || err.errorClass !== 'PARSE_SYNTAX_ERROR') throw err;
    const m = /^([\s\S]*?)\s+(?:AS\s+)?([A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)+`)\s*$/i.exec(text);
    if (m === null) throw err;
    const name = m[2]!.startsWith('`') ? m[2]!.slice(1, -1).replace(/``/g, '`') : m[2]!;
    let child: Expr;
    try {
      child = state.parseExpression(m[1]!);
    } catch {
      throw err;
    }
    return { kind: 'Alias', child, name, id: -1 };
  }
}

export function parseExpressionWithActiveSession(text: string): Expr {
  if (active === null) {
    throw new FlintError(
      'NO_ACTIVE_SESSION',
      '[NO_ACTIVE_SESSION] No active Spark session found. Please create a new Spark session before running the code.',
      {},
    );
  }
  return parseNamedExpression(active, text);
}
