// An error as the CLI prints it: Spark's message ("[CLASS] text SQLSTATE: xxxxx" and the query-context
// block with carets), never a stack trace unless FLINT_DEBUG is set.

import { formatQueryContext, type QueryContext } from '@flint/common';

interface FlintErrorLike {
  readonly errorClass: string;
  readonly message: string;
  readonly sqlState?: string | null;
  readonly queryContext?: QueryContext | null;
}

function isFlintErrorLike(e: unknown): e is FlintErrorLike {
  return (
    typeof e === 'object' && e !== null && typeof (e as { errorClass?: unknown }).errorClass === 'string'
  );
}

export function formatError(e: unknown, debug = false): string {
  if (isFlintErrorLike(e)) {
    let msg = e.message;
    // Errors built without Spark's prefix, SQLSTATE or context block still print them.
    if (!msg.startsWith(`[${e.errorClass}]`)) msg = `[${e.errorClass}] ${msg}`;
    if (e.sqlState && !msg.includes('SQLSTATE:')) {
      const at = msg.indexOf('\n== SQL');
      msg =
        at < 0
          ? `${msg} SQLSTATE: ${e.sqlState}`
          : `${msg.slice(0, at)} SQLSTATE: ${e.sqlState}${msg.slice(at)}`;
    }
    if (e.queryContext && !msg.includes('== SQL')) {
      const block = formatQueryContext(e.queryContext);
      if (block !== '') msg += '\n' + block;
    }
    return msg.trimEnd();
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (debug && err.stack !== undefined) return err.stack;
  return `[INTERNAL_ERROR] ${err.message} (a bug in Flint; set FLINT_DEBUG=1 for the stack trace)`;
}
