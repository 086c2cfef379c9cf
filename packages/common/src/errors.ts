// Errors a user can cause carry Spark's error class, SQL state, message parameters and, for SQL
// text, the place in the query. InternalError marks a bug in Flint.

/** The part of the SQL text an error is about (Spark's QueryContext). Offsets are 0-based, stop inclusive. */
export interface QueryContext {
  readonly sqlText: string;
  readonly start: number;
  readonly stop: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** The fragment of sqlText between start and stop. */
  readonly fragment: string;
}

export class FlintError extends Error {
  override readonly name = 'FlintError';
  constructor(
    /** Spark's error class, e.g. 'UNRESOLVED_COLUMN.WITH_SUGGESTION', 'PARSE_SYNTAX_ERROR', 'DIVIDE_BY_ZERO'. */
    readonly errorClass: string,
    message: string,
    readonly messageParameters: Readonly<Record<string, string>> = {},
    readonly queryContext: QueryContext | null = null,
    /** SQLSTATE, e.g. '42703'. */
    readonly sqlState: string | null = null,
  ) {
    super(message);
  }
}

/** A condition Flint itself should never reach: a bug, not bad input. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}
