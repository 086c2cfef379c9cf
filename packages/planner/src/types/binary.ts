// Coercion of binary operators under Spark 4 ANSI rules: string promotion (PromoteStrings), decimal
// widening (DecimalPrecision) and numeric widening for arithmetic and comparisons.

import { dataTypeEquals, isIntegral, isNumeric, T, type DataType } from '@flint/common';
import type { ArithmeticOp, Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { castTo, findTightestCommonType, findWiderTypeForString, findWiderTypeForTwo } from './coercion.js';
import { decimalForIntegralLiteral, decimalForType, decimalResultType, widerDecimalType } from './decimal.js';

export interface CoercedBinary {
  readonly left: Expr;
  readonly right: Expr;
}

export interface CoercedArithmetic extends CoercedBinary {
  readonly dataType: DataType;
}

/**
 * PromoteStrings for a binary operator: a string operand next to a non-string atomic one is cast
 * (integral -> bigint both sides, fractional -> double, otherwise to the other's type). Unchanged otherwise.
 */
export function promoteStrings(left: Expr, right: Expr, ansi = true): CoercedBinary {
  const lt = dataTypeOf(left);
  const rt = dataTypeOf(right);
  if ((lt.kind === 'string') === (rt.kind === 'string')) return { left, right };
  const w = findWiderTypeForString(lt, rt);
  if (w === null || w.kind === 'string') return { left, right };
  return { left: castTo(left, w, ansi), right: castTo(right, w, ansi) };
}

/** The decimal an integral operand becomes next to a decimal: a literal uses only the digits it has. */
function asDecimalOperand(e: Expr, t: DataType): DataType {
  if (e.kind === 'Literal' && isIntegral(t) && (typeof e.value === 'number' || typeof e.value === 'bigint'))
    return decimalForIntegralLiteral(e.value);
  return decimalForType(t) ?? t;
}

/**
 * Types `left op right` for numeric arithmetic: casts both operands to the operation type and gives
 * the result type (decimal rules for decimals, double for `/` on non-decimals, bigint for `div`).
 * Returns null when, after string promotion, the operands are not both numeric (datetime and interval
 * arithmetic are the analyzer's), so that the caller can report BINARY_OP_WRONG_TYPE / DIFF_TYPES.
 * `allowPrecisionLoss` is spark.sql.decimalOperations.allowPrecisionLoss (decimal result scales).
 */
export function coerceArithmetic(
  op: ArithmeticOp,
  left0: Expr,
  right0: Expr,
  ansi = true,
  allowPrecisionLoss = true,
): CoercedArithmetic | null {
  let { left, right } = promoteStrings(left0, right0, ansi);
  let lt = dataTypeOf(left);
  let rt = dataTypeOf(right);
  // Both strings (or string and NULL): arithmetic expects NUMERIC, whose default is double.
  if (lt.kind === 'string') {
    left = castTo(left, T.double, ansi);
    lt = T.double;
  }
  if (rt.kind === 'string') {
    right = castTo(right, T.double, ansi);
    rt = T.double;
  }
  if (lt.kind === 'null' && rt.kind === 'null') {
    const t = op === 'IntegralDivide' ? T.long : T.double;
    return { left: castTo(left, t, ansi), right: castTo(right, t, ansi), dataType: t };
  }
  if (lt.kind === 'null') lt = rt;
  if (rt.kind === 'null') rt = lt;
  if (!isNumeric(lt) || !isNumeric(rt)) return null;

  if (lt.kind === 'decimal' || rt.kind === 'decimal') {
    if (lt.kind === 'float' || lt.kind === 'double' || rt.kind === 'float' || rt.kind === 'double') {
      return numericResult(op, castTo(left, T.double, ansi), castTo(right, T.double, ansi), T.double);
    }
    const ld = asDecimalOperand(left, lt);
    const rd = asDecimalOperand(right, rt);
    if (ld.kind !== 'decimal' || rd.kind !== 'decimal') return null;
    const l = castTo(left, ld, ansi);
    const r = castTo(right, rd, ansi);
    if (op === 'IntegralDivide') return { left: l, right: r, dataType: T.long };
    return { left: l, right: r, dataType: decimalResultType(op, ld, rd, allowPrecisionLoss) };
  }
  if (op === 'Divide') {
    return { left: castTo(left, T.double, ansi), right: castTo(right, T.double, ansi), dataType: T.double };
  }
  if (op === 'IntegralDivide') {
    // div accepts only integral (and decimal) operands; a float or double operand is a type error.
    if (!isIntegral(lt) || !isIntegral(rt)) return null;
    return { left: castTo(left, T.long, ansi), right: castTo(right, T.long, ansi), dataType: T.long };
  }
  const t = findTightestCommonType(lt, rt);
  if (t === null) return null;
  return numericResult(op, castTo(left, t, ansi), castTo(right, t, ansi), t);
}

function numericResult(op: ArithmeticOp, left: Expr, right: Expr, t: DataType): CoercedArithmetic {
  return { left, right, dataType: op === 'IntegralDivide' ? T.long : t };
}

/**
 * Coerces the operands of a comparison (=, <, <=>...) to one type: string promotion, then decimal
 * and numeric widening, then the wider common type. Null when they cannot be compared
 * (DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES).
 */
export function coerceComparison(left0: Expr, right0: Expr, ansi = true): CoercedBinary | null {
  const { left, right } = promoteStrings(left0, right0, ansi);
  const lt = dataTypeOf(left);
  const rt = dataTypeOf(right);
  if (dataTypeEquals(lt, rt, true)) return { left, right };
  if (lt.kind === 'decimal' && isIntegral(rt)) {
    const t = widerDecimalType(lt, asDecimalOperand(right, rt) as Extract<DataType, { kind: 'decimal' }>);
    return { left: castTo(left, t, ansi), right: castTo(right, t, ansi) };
  }
  if (rt.kind === 'decimal' && isIntegral(lt)) {
    const t = widerDecimalType(asDecimalOperand(left, lt) as Extract<DataType, { kind: 'decimal' }>, rt);
    return { left: castTo(left, t, ansi), right: castTo(right, t, ansi) };
  }
  const t = findWiderTypeForTwo(lt, rt);
  if (t === null) return null;
  return { left: castTo(left, t, ansi), right: castTo(right, t, ansi) };
}

/** Casts every expression to the wider common type of all of them (CASE, COALESCE, IN, array()), or null. */
export function coerceToCommonType(
  exprs: readonly Expr[],
  ansi = true,
): { exprs: Expr[]; dataType: DataType } | null {
  let t: DataType = T.null;
  for (const e of exprs) {
    const w = findWiderTypeForTwo(t, dataTypeOf(e));
    if (w === null) return null;
    t = w;
  }
  return { exprs: exprs.map((e) => castTo(e, t, ansi)), dataType: t };
}
