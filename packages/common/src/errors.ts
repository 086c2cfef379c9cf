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

// ---- Spark's message templates (error-conditions.json) for the classes Flint raises most. ----

type ErrorTemplate = { readonly message: string; readonly sqlState: string };

const MISMATCH_PREFIX = 'Cannot resolve <sqlExpr> due to data type mismatch: ';

/** Templates keyed by error class; `<name>` placeholders are filled from the message parameters. */
export const ERROR_TEMPLATES: Readonly<Record<string, ErrorTemplate>> = {
  'UNRESOLVED_COLUMN.WITH_SUGGESTION': {
    message:
      'A column, variable, or function parameter with name <objectName> cannot be resolved. Did you mean one of the following? [<proposal>].',
    sqlState: '42703',
  },
  'UNRESOLVED_COLUMN.WITHOUT_SUGGESTION': {
    message: 'A column, variable, or function parameter with name <objectName> cannot be resolved.',
    sqlState: '42703',
  },
  'UNRESOLVED_FIELD.WITH_SUGGESTION': {
    message:
      'A field with name <fieldName> cannot be resolved with the struct-type column <columnPath>. Did you mean one of the following? [<proposal>].',
    sqlState: '42703',
  },
  TABLE_OR_VIEW_NOT_FOUND: {
    message:
      'The table or view <relationName> cannot be found. Verify the spelling and correctness of the schema and catalog.\n' +
      'If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n' +
      'To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.',
    sqlState: '42P01',
  },
  PARSE_SYNTAX_ERROR: { message: 'Syntax error at or near <error><hint>.', sqlState: '42601' },
  PARSE_EMPTY_STATEMENT: { message: 'Syntax error, unexpected empty statement.', sqlState: '42617' },
  UNABLE_TO_ACQUIRE_MEMORY: {
    message: 'Unable to acquire <requestedBytes> bytes of memory, got <receivedBytes>.',
    sqlState: '53200',
  },
  DIVIDE_BY_ZERO: {
    message:
      'Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set <config> to "false" to bypass this error.',
    sqlState: '22012',
  },
  REMAINDER_BY_ZERO: {
    message:
      'Remainder by zero. Use `try_mod` to tolerate divisor being 0 and return NULL instead. If necessary set <config> to "false" to bypass this error.',
    sqlState: '22012',
  },
  CAST_INVALID_INPUT: {
    message:
      'The value <expression> of the type <sourceType> cannot be cast to <targetType> because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead.',
    sqlState: '22018',
  },
  CAST_OVERFLOW: {
    message:
      'The value <value> of the type <sourceType> cannot be cast to <targetType> due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead.',
    sqlState: '22003',
  },
  ARITHMETIC_OVERFLOW: {
    message: '<message>.<alternative> If necessary set <config> to "false" to bypass this error.',
    sqlState: '22003',
  },
  'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION': {
    message:
      '<value> cannot be represented as Decimal(<precision>, <scale>). If necessary set <config> to "false" to bypass this error, and return NULL instead.',
    sqlState: '22003',
  },
  'DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES': {
    message:
      MISMATCH_PREFIX +
      'the left and right operands of the binary operator have incompatible types (<left> and <right>).',
    sqlState: '42K09',
  },
  'DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE': {
    message:
      MISMATCH_PREFIX + 'the binary operator requires the input type <inputType>, not <actualDataType>.',
    sqlState: '42K09',
  },
  'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE': {
    message:
      MISMATCH_PREFIX +
      'The <paramIndex> parameter requires the <requiredType> type, however <inputSql> has the type <inputType>.',
    sqlState: '42K09',
  },
  'DATATYPE_MISMATCH.DATA_DIFF_TYPES': {
    message: MISMATCH_PREFIX + "Input to <functionName> should all be the same type, but it's <dataType>.",
    sqlState: '42K09',
  },
  'DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION': {
    message: MISMATCH_PREFIX + 'cannot cast <srcType> to <targetType>.',
    sqlState: '42K09',
  },
  'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT': {
    message:
      MISMATCH_PREFIX +
      'the input <inputName> should be a foldable <inputType> expression; however, got <inputExpr>.',
    sqlState: '42K09',
  },
  'DATATYPE_MISMATCH.WRONG_NUM_ARGS': {
    message:
      MISMATCH_PREFIX +
      'The <functionName> requires <expectedNum> parameters but the actual number is <actualNum>.',
    sqlState: '42K09',
  },
  'DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN': {
    message: MISMATCH_PREFIX + 'Filter expression <filter> of type <type> is not a boolean.',
    sqlState: '42K09',
  },
  UNRESOLVED_ROUTINE: {
    message: 'Cannot resolve routine <routineName> on search path <searchPath>.',
    sqlState: '42883',
  },
  WRONG_NUM_ARGS: {
    message: 'The <functionName> requires <expectedNum> parameters but the actual number is <actualNum>.',
    sqlState: '42605',
  },
  'WRONG_NUM_ARGS.WITHOUT_SUGGESTION': {
    message:
      "The <functionName> requires <expectedNum> parameters but the actual number is <actualNum>. Please, refer to '<docroot>/sql-ref-functions.html' for a fix.",
    sqlState: '42605',
  },
  MISSING_AGGREGATION: {
    message:
      'The non-aggregating expression <expression> is based on columns which are not participating in the GROUP BY clause.\n' +
      'Add the columns or the expression to the GROUP BY, aggregate the expression, or use <expressionAnyValue> if you do not care which of the values within a group is returned.',
    sqlState: '42803',
  },
  MISSING_GROUP_BY: {
    message:
      'The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.',
    sqlState: '42803',
  },
  GROUP_BY_POS_OUT_OF_RANGE: {
    message: 'GROUP BY position <index> is not in select list (valid range is [1, <size>]).',
    sqlState: '42805',
  },
  ORDER_BY_POS_OUT_OF_RANGE: {
    message: 'ORDER BY position <index> is not in select list (valid range is [1, <size>]).',
    sqlState: '42805',
  },
  NUM_COLUMNS_MISMATCH: {
    message:
      '<operator> can only be performed on inputs with the same number of columns, but the first input has <firstNumColumns> columns and the <invalidOrdinalNum> input has <invalidNumColumns> columns.',
    sqlState: '42826',
  },
  INVALID_ARRAY_INDEX: {
    message:
      'The index <indexValue> is out of bounds. The array has <arraySize> elements. Use the SQL function `get()` to tolerate accessing element at invalid index and return NULL instead.',
    sqlState: '22003',
  },
  INVALID_ARRAY_INDEX_IN_ELEMENT_AT: {
    message:
      'The index <indexValue> is out of bounds. The array has <arraySize> elements. Use `try_element_at` to tolerate accessing element at invalid index and return NULL instead.',
    sqlState: '22003',
  },
  AMBIGUOUS_REFERENCE: {
    message: 'Reference <name> is ambiguous, could be: <referenceNames>.',
    sqlState: '42704',
  },
  COLUMN_ALREADY_EXISTS: {
    message: 'The column <columnName> already exists. Choose another name or rename the existing column.',
    sqlState: '42711',
  },
  TABLE_OR_VIEW_ALREADY_EXISTS: {
    message:
      'Cannot create table or view <relationName> because it already exists.\n' +
      'Choose a different name, drop or replace the existing object, or add the IF NOT EXISTS clause to tolerate pre-existing objects.',
    sqlState: '42P07',
  },
  PATH_NOT_FOUND: { message: 'Path does not exist: <path>.', sqlState: '42K03' },
  UNSUPPORTED_DATATYPE: { message: 'Unsupported data type <typeName>.', sqlState: '0A000' },
  DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION: {
    message: 'Decimal precision <precision> exceeds max precision <maxPrecision>.',
    sqlState: '22003',
  },
  'INVALID_CONF_VALUE.TYPE_MISMATCH': {
    message:
      'The value \'<confValue>\' in the config "<confName>" is invalid. It should be of type <confType>.',
    sqlState: '22022',
  },
  'INVALID_CONF_VALUE.TIME_ZONE': {
    message:
      'The value \'<confValue>\' in the config "<confName>" is invalid. Cannot resolve the given timezone.',
    sqlState: '22022',
  },
  SQL_CONF_NOT_FOUND: {
    message: 'The SQL config <sqlConf> cannot be found. Please verify that the config exists.',
    sqlState: '42K0I',
  },
  DECIMAL_SCALE_EXCEEDS_PRECISION: {
    message: 'Decimal scale <scale> exceeds precision <precision>.',
    sqlState: '22003',
  },
  INTERNAL_ERROR: { message: '<message>', sqlState: 'XX000' },
};

/** Fills `<name>` placeholders of the class's template; unknown classes get their parameters listed. */
export function errorMessage(errorClass: string, params: Readonly<Record<string, string>> = {}): string {
  const tpl = ERROR_TEMPLATES[errorClass];
  if (tpl === undefined) {
    const entries = Object.entries(params);
    return entries.length === 0 ? errorClass : entries.map(([k, v]) => `${k}=${v}`).join(', ');
  }
  return tpl.message.replace(/<([a-zA-Z0-9_]+)>/g, (m, name: string) => params[name] ?? m);
}

/** The SQLSTATE of a known class, or null. */
export function errorSqlState(errorClass: string): string | null {
  return ERROR_TEMPLATES[errorClass]?.sqlState ?? null;
}

/** Spark's query-context block: "== SQL (line L, position P) ==\n<text>\n   ^^^\n". */
export function formatQueryContext(ctx: QueryContext): string {
  const text = ctx.sqlText;
  if (text.length === 0) return '';
  const start = Math.max(ctx.start, 0);
  const stop = Math.min(ctx.stop, text.length - 1);
  const maxExtra = 32;
  const dots = '...';
  let out = `== SQL (line ${ctx.line}, position ${ctx.column}) ==\n`;
  let lineStart = start;
  while (lineStart >= 0 && start - lineStart <= maxExtra && text[lineStart] !== '\n') lineStart--;
  const startTruncated = start - lineStart > maxExtra;
  let cur = lineStart;
  if (startTruncated) cur -= dots.length;
  let lineStop = stop;
  while (lineStop < text.length && lineStop - stop <= maxExtra && text[lineStop] !== '\n') lineStop++;
  const stopTruncated = lineStop - stop > maxExtra;
  const sub =
    (startTruncated ? dots : '') + text.substring(lineStart + 1, lineStop) + (stopTruncated ? dots : '');
  for (const line of sub.split('\n')) {
    out += line + '\n';
    cur++;
    let marks = '';
    for (let k = 0; k < line.length; k++) {
      if (cur < start) marks += ' ';
      else if (cur <= stop) marks += '^';
      cur++;
    }
    out += marks + '\n';
  }
  return out;
}

/** Builds a FlintError whose message is Spark's: "[CLASS] text SQLSTATE: xxxxx" plus the query context block. */
export function flintError(
  errorClass: string,
  params: Readonly<Record<string, string>> = {},
  ctx: QueryContext | null = null,
): FlintError {
  const sqlState = errorSqlState(errorClass);
  let message = `[${errorClass}] ${errorMessage(errorClass, params)}`;
  if (sqlState !== null) message += ` SQLSTATE: ${sqlState}`;
  if (ctx !== null) {
    const block = formatQueryContext(ctx);
    if (block !== '') message += '\n' + block;
  }
  return new FlintError(errorClass, message, params, ctx, sqlState);
}
