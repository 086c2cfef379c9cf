// Builders of the analysis errors function type checking raises, with Spark's error classes,
// message parameters and message text.

import { FlintError, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { abstractTypeSql, type AbstractType } from './coercion.js';
import { typeSql } from './type-names.js';

const DOCROOT = 'https://spark.apache.org/docs/latest';
const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

export function ordinalWord(i: number): string {
  return ORDINALS[i] ?? `${i + 1}th`;
}

/** A minimal SQL rendering of a resolved expression, used only when the analyzer gives none. */
export function fallbackExprSql(e: Expr): string {
  switch (e.kind) {
    case 'Literal':
      return e.value === null
        ? 'NULL'
        : typeof e.value === 'object'
          ? JSON.stringify(e.value)
          : String(e.value);
    case 'AttributeReference':
      return e.name;
    case 'Alias':
      return fallbackExprSql(e.child);
    case 'Cast':
      return e.userSpecified
        ? `CAST(${fallbackExprSql(e.child)} AS ${typeSql(e.dataType)})`
        : fallbackExprSql(e.child);
    case 'ScalarFunction':
    case 'AggregateExpression':
    case 'WindowFunction':
      return `${e.name}(${e.args.map(fallbackExprSql).join(', ')})`;
    default:
      return e.kind;
  }
}

export type ExprSql = (e: Expr) => string;

/** WRONG_NUM_ARGS.WITHOUT_SUGGESTION: `expected` as Spark words it ('2', '[1, 2]', '> 0'). */
export function wrongNumArgs(name: string, expected: string, actual: number): FlintError {
  return new FlintError(
    'WRONG_NUM_ARGS.WITHOUT_SUGGESTION',
    `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${expected} parameters but the actual number is ${actual}. Please, refer to '${DOCROOT}/sql-ref-functions.html' for a fix.`,
    { functionName: `\`${name}\``, expectedNum: expected, actualNum: String(actual), docroot: DOCROOT },
    null,
    '42605',
  );
}

/** Throws WRONG_NUM_ARGS unless `min <= args.length <= max`. */
export function checkArgCount(name: string, args: readonly unknown[], min: number, max = min): void {
  const n = args.length;
  if (n >= min && n <= max) return;
  let expected: string;
  if (min === max) expected = String(min);
  else if (max === Infinity) expected = min === 1 ? '> 0' : `>= ${min}`;
  else if (max === min + 1) expected = `[${min}, ${max}]`;
  else expected = `[${Array.from({ length: max - min + 1 }, (_, i) => min + i).join(', ')}]`;
  throw wrongNumArgs(name, expected, n);
}

function mismatch(sub: string, sqlExpr: string, detail: string, params: Record<string, string>): FlintError {
  return new FlintError(
    `DATATYPE_MISMATCH.${sub}`,
    `[DATATYPE_MISMATCH.${sub}] Cannot resolve "${sqlExpr}" due to data type mismatch: ${detail} SQLSTATE: 42K09`,
    { ...params, sqlExpr: `"${sqlExpr}"` },
    null,
    '42K09',
  );
}

/** DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE for argument `index` (0-based) of a call. */
export function unexpectedInputType(
  callSql: string,
  index: number,
  expected: AbstractType,
  arg: Expr,
  argSql: string,
): FlintError {
  return unexpectedInputTypeText(callSql, index, abstractTypeSql(expected), arg, argSql);
}

/** UNEXPECTED_INPUT_TYPE with the required type already written as Spark shows it (`"DATE"`). */
export function unexpectedInputTypeText(
  callSql: string,
  index: number,
  required: string,
  arg: Expr,
  argSql: string,
): FlintError {
  const inputType = `"${typeSql(dataTypeOf(arg))}"`;
  const paramIndex = ordinalWord(index);
  return mismatch(
    'UNEXPECTED_INPUT_TYPE',
    callSql,
    `The ${paramIndex} parameter requires the ${required} type, however "${argSql}" has the type ${inputType}.`,
    { paramIndex, requiredType: required, inputSql: `"${argSql}"`, inputType },
  );
}

/** DATATYPE_MISMATCH.DATA_DIFF_TYPES (coalesce, array, greatest... over types without a common one). */
export function dataDiffTypes(callSql: string, name: string, types: readonly DataType[]): FlintError {
  const list = `(${types.map((t) => `"${typeSql(t)}"`).join(' or ')})`;
  return mismatch(
    'DATA_DIFF_TYPES',
    callSql,
    `Input to \`${name}\` should all be the same type, but it's ${list}.`,
    {
      functionName: `\`${name}\``,
      dataType: list,
    },
  );
}

/** DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES */
export function binaryOpDiffTypes(callSql: string, left: DataType, right: DataType): FlintError {
  const l = `"${typeSql(left)}"`;
  const r = `"${typeSql(right)}"`;
  return mismatch(
    'BINARY_OP_DIFF_TYPES',
    callSql,
    `the left and right operands of the binary operator have incompatible types (${l} and ${r}).`,
    {
      left: l,
      right: r,
    },
  );
}

/** DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE */
export function binaryOpWrongType(callSql: string, expected: AbstractType, actual: DataType): FlintError {
  const inputType = abstractTypeSql(expected);
  const actualDataType = `"${typeSql(actual)}"`;
  return mismatch(
    'BINARY_OP_WRONG_TYPE',
    callSql,
    `the binary operator requires the input type ${inputType}, not ${actualDataType}.`,
    {
      inputType,
      actualDataType,
    },
  );
}

/** Any other DATATYPE_MISMATCH.<sub> with its parameters. */
export function dataTypeMismatch(
  sub: string,
  callSql: string,
  detail: string,
  params: Record<string, string>,
): FlintError {
  return mismatch(sub, callSql, detail, params);
}
