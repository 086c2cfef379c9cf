// Spark's runtime error classes raised by the evaluator, with Spark's message parameters.

import { FlintError, javaDoubleToString, javaFloatToString, sqlTypeName, type DataType } from '@flint/common';

const ANSI_CONFIG = '"spark.sql.ansi.enabled"';

/** Spark's SQL name of a type as it appears in error messages (`toSQLType` without quotes). */
export { sqlTypeName } from '@flint/common';

export function quotedType(t: DataType): string {
  return `"${sqlTypeName(t)}"`;
}

/** Spark's `toSQLValue` for numbers in error messages: 1Y, 1S, 1, 1L, 1.0F, 1.0D. */
export function sqlNumberLiteral(t: DataType, v: number | bigint): string {
  switch (t.kind) {
    case 'byte':
      return `${v}Y`;
    case 'short':
      return `${v}S`;
    case 'long':
      return `${v}L`;
    case 'float':
      return `${javaFloatToString(Number(v))}F`;
    case 'double':
      return `${javaDoubleToString(Number(v))}D`;
    default:
      return String(v);
  }
}

export function divideByZero(): FlintError {
  return new FlintError(
    'DIVIDE_BY_ZERO',
    `[DIVIDE_BY_ZERO] Division by zero. Use \`try_divide\` to tolerate divisor being 0 and return NULL instead. If necessary set ${ANSI_CONFIG} to "false" to bypass this error.`,
    { config: ANSI_CONFIG },
    null,
    '22012',
  );
}

export function remainderByZero(): FlintError {
  return new FlintError(
    'REMAINDER_BY_ZERO',
    `[REMAINDER_BY_ZERO] Remainder by zero. Use \`try_mod\` to tolerate divisor being 0 and return NULL instead. If necessary set ${ANSI_CONFIG} to "false" to bypass this error.`,
    { config: ANSI_CONFIG },
    null,
    '22012',
  );
}

/** hint: e.g. 'try_add' (empty for none). */
export function arithmeticOverflow(message: string, hint: string): FlintError {
  const alternative = hint === '' ? '' : ` Use '${hint}' to tolerate overflow and return NULL instead.`;
  return new FlintError(
    'ARITHMETIC_OVERFLOW',
    `[ARITHMETIC_OVERFLOW] ${message}.${alternative} If necessary set ${ANSI_CONFIG} to "false" to bypass this error.`,
    { message, alternative, config: ANSI_CONFIG },
    null,
    '22003',
  );
}

export function binaryArithmeticOverflow(
  t: DataType,
  a: number,
  symbol: string,
  b: number,
  fn: string,
): FlintError {
  const value1 = sqlNumberLiteral(t, a);
  const value2 = sqlNumberLiteral(t, b);
  return new FlintError(
    'BINARY_ARITHMETIC_OVERFLOW',
    `[BINARY_ARITHMETIC_OVERFLOW] ${value1} ${symbol} ${value2} caused overflow. Use \`${fn}\` to ignore overflow problem and return NULL.`,
    { value1, symbol, value2, functionName: `\`${fn}\`` },
    null,
    '22003',
  );
}

export function numericValueOutOfRange(value: string, precision: number, scale: number): FlintError {
  return new FlintError(
    'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION',
    `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  ${value} cannot be represented as Decimal(${precision}, ${scale}). If necessary set ${ANSI_CONFIG} to "false" to bypass this error, and return NULL instead.`,
    { value, precision: String(precision), scale: String(scale), config: ANSI_CONFIG },
    null,
    '22003',
  );
}

/** `expression` is the already-rendered SQL value, e.g. `'abc'`. */
export function castInvalidInput(expression: string, from: DataType, to: DataType): FlintError {
  return new FlintError(
    'CAST_INVALID_INPUT',
    `[CAST_INVALID_INPUT] The value ${expression} of the type ${quotedType(from)} cannot be cast to ${quotedType(to)} because it is malformed. Correct the value as per the syntax, or change its target type. Use \`try_cast\` to tolerate malformed input and return NULL instead. If necessary set ${ANSI_CONFIG} to "false" to bypass this error.`,
    { expression, sourceType: quotedType(from), targetType: quotedType(to), ansiConfig: ANSI_CONFIG },
    null,
    '22018',
  );
}

/** `value` is the already-rendered SQL value, e.g. `4567890123456789L`. */
export function castOverflow(value: string, from: DataType, to: DataType): FlintError {
  return new FlintError(
    'CAST_OVERFLOW',
    `[CAST_OVERFLOW] The value ${value} of the type ${quotedType(from)} cannot be cast to ${quotedType(to)} due to an overflow. Use \`try_cast\` to tolerate overflow and return NULL instead. If necessary set ${ANSI_CONFIG} to "false" to bypass this error.`,
    { value, sourceType: quotedType(from), targetType: quotedType(to), ansiConfig: ANSI_CONFIG },
    null,
    '22003',
  );
}

/** Spark renders a string value in errors as a SQL literal: 'it''s' → 'it\'s' (single-quoted). */
export function sqlStringLiteral(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
