// Spark's DecimalPrecision rules: the decimal type an integral/fractional operand widens to and the
// result types of decimal + - * / % (with spark.sql.decimalOperations.allowPrecisionLoss=true).

import { T, decimalForIntegral, type DataType, type DecimalType } from '@flint/common';

export const MAX_PRECISION = 38;
export const MAX_SCALE = 38;
/** Spark's DecimalType.MINIMUM_ADJUSTED_SCALE */
const MINIMUM_ADJUSTED_SCALE = 6;
export const SYSTEM_DEFAULT_DECIMAL: DecimalType = T.decimal(38, 18);
export const USER_DEFAULT_DECIMAL: DecimalType = T.decimal(10, 0);

/** DecimalType.forType: the decimal that holds every value of an integral (or float/double) type. */
export function decimalForType(t: DataType): DecimalType | null {
  switch (t.kind) {
    case 'float':
      return T.decimal(14, 7);
    case 'double':
      return T.decimal(30, 15);
    case 'decimal':
      return t;
    default:
      return decimalForIntegral(t);
  }
}

/** DecimalType.fromLiteral for an integral literal: the fewest digits that hold the value. */
export function decimalForIntegralLiteral(v: number | bigint): DecimalType {
  const digits = (v < 0 ? -BigInt(v) : BigInt(v)).toString().length;
  return T.decimal(Math.max(digits, 1), 0);
}

export function boundedDecimal(precision: number, scale: number): DecimalType {
  return T.decimal(Math.min(precision, MAX_PRECISION), Math.min(scale, MAX_SCALE));
}

/** DecimalType.adjustPrecisionScale: keep the integral digits, give up scale down to 6 when p > 38. */
export function adjustPrecisionScale(precision: number, scale: number): DecimalType {
  if (precision <= MAX_PRECISION) return T.decimal(precision, scale);
  if (scale < 0) return T.decimal(MAX_PRECISION, scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
  const adjustedScale = Math.max(MAX_PRECISION - intDigits, minScale);
  return T.decimal(MAX_PRECISION, adjustedScale);
}

/** DecimalPrecision.widerDecimalType: holds every value of both. */
export function widerDecimalType(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return boundedDecimal(range + scale, scale);
}

export type DecimalOp = 'Add' | 'Subtract' | 'Multiply' | 'Divide' | 'Remainder' | 'Pmod';

/** The result type of `a op b` for two decimals. */
export function decimalResultType(
  op: DecimalOp,
  a: DecimalType,
  b: DecimalType,
  allowPrecisionLoss = true,
): DecimalType {
  const { precision: p1, scale: s1 } = a;
  const { precision: p2, scale: s2 } = b;
  const adjust = allowPrecisionLoss ? adjustPrecisionScale : boundedDecimal;
  switch (op) {
    case 'Add':
    case 'Subtract': {
      const s = Math.max(s1, s2);
      return adjust(Math.max(p1 - s1, p2 - s2) + s + 1, s);
    }
    case 'Multiply':
      return adjust(p1 + p2 + 1, s1 + s2);
    case 'Divide': {
      if (allowPrecisionLoss) {
        const s = Math.max(MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1);
        return adjustPrecisionScale(p1 - s1 + s2 + s, s);
      }
      let intDig = Math.min(MAX_SCALE, p1 - s1 + s2);
      let decDig = Math.min(MAX_SCALE, Math.max(6, s1 + p2 + 1));
      const diff = intDig + decDig - MAX_SCALE;
      if (diff > 0) {
        decDig -= Math.floor(diff / 2) + 1;
        intDig = MAX_SCALE - decDig;
      }
      return boundedDecimal(intDig + decDig, decDig);
    }
    case 'Remainder':
    case 'Pmod': {
      const s = Math.max(s1, s2);
      return adjust(Math.min(p1 - s1, p2 - s2) + s, s);
    }
  }
}
