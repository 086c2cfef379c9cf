// The type and nullability of a resolved expression, derived from the tree (never stored twice).

import { assertNever, InternalError, T, type DataType } from '@flint/common';
import type { Expr } from './expr.js';

export function dataTypeOf(e: Expr): DataType {
  switch (e.kind) {
    case 'Literal':
    case 'AttributeReference':
    case 'Cast':
    case 'Arithmetic':
    case 'CaseWhen':
    case 'ScalarFunction':
    case 'AggregateExpression':
    case 'WindowFunction':
    case 'ScalarSubquery':
    case 'LambdaVariable':
      return e.dataType;
    case 'OuterReference':
      return e.attr.dataType;
    case 'Alias':
    case 'UnaryMinus':
    case 'UnaryPositive':
    case 'BitwiseNot':
    case 'SortOrder':
      return dataTypeOf(e.child);
    case 'Bitwise':
      return dataTypeOf(e.left);
    case 'Comparison':
    case 'And':
    case 'Or':
    case 'Not':
    case 'IsNull':
    case 'IsNotNull':
    case 'In':
    case 'InSubquery':
    case 'Exists':
      return T.boolean;
    case 'WindowExpression':
      return dataTypeOf(e.function);
    case 'LambdaFunction':
      return dataTypeOf(e.body);
    case 'UnresolvedAttribute':
    case 'UnresolvedStar':
    case 'UnresolvedFunction':
    case 'UnresolvedAlias':
    case 'UnresolvedWindowExpression':
    case 'UnresolvedExtractValue':
    case 'UnresolvedTypedLiteral':
    case 'UnresolvedSubquery':
    case 'UnresolvedInSubquery':
    case 'UnresolvedOrdinal':
      throw new InternalError(`dataTypeOf on unresolved ${e.kind}`);
    default:
      return assertNever(e, 'expression');
  }
}

export function nullableOf(e: Expr): boolean {
  switch (e.kind) {
    case 'Literal':
      return e.value === null;
    case 'AttributeReference':
    case 'ScalarFunction':
    case 'AggregateExpression':
    case 'WindowFunction':
    case 'LambdaVariable':
      return e.nullable;
    case 'OuterReference':
      return e.attr.nullable;
    case 'Alias':
    case 'UnaryPositive':
    case 'BitwiseNot':
    case 'SortOrder':
    case 'Not':
    case 'WindowExpression':
      return nullableOf('child' in e ? e.child : e.function);
    case 'UnaryMinus':
      return nullableOf(e.child) || e.evalMode === 'TRY';
    case 'Cast':
      // A cast can produce NULL from a non-null input unless ANSI (which raises instead).
      return nullableOf(e.child) || e.evalMode !== 'ANSI';
    case 'Arithmetic':
      return (
        nullableOf(e.left) ||
        nullableOf(e.right) ||
        e.evalMode !== 'ANSI' ||
        e.op === 'Divide' ||
        e.op === 'IntegralDivide' ||
        e.op === 'Remainder' ||
        e.op === 'Pmod'
      );
    case 'Comparison':
      return e.op === 'EqualNullSafe' ? false : nullableOf(e.left) || nullableOf(e.right);
    case 'And':
    case 'Or':
    case 'Bitwise':
      return nullableOf(e.left) || nullableOf(e.right);
    case 'IsNull':
    case 'IsNotNull':
    case 'Exists':
      return false;
    case 'CaseWhen':
      return e.elseValue === null || nullableOf(e.elseValue) || e.branches.some((b) => nullableOf(b.value));
    case 'In':
      return nullableOf(e.value) || e.list.some(nullableOf);
    case 'InSubquery':
    case 'ScalarSubquery':
      return true;
    case 'LambdaFunction':
      return nullableOf(e.body);
    case 'UnresolvedAttribute':
    case 'UnresolvedStar':
    case 'UnresolvedFunction':
    case 'UnresolvedAlias':
    case 'UnresolvedWindowExpression':
    case 'UnresolvedExtractValue':
    case 'UnresolvedTypedLiteral':
    case 'UnresolvedSubquery':
    case 'UnresolvedInSubquery':
    case 'UnresolvedOrdinal':
      throw new InternalError(`nullableOf on unresolved ${e.kind}`);
    default:
      return assertNever(e, 'expression');
  }
}
