// Numeric literal typing as Spark's AstBuilder does it: suffixes pick the type, plain integers widen
// int -> bigint -> decimal, plain decimals are exact decimals, exponents are doubles.

import { T, type DataType, type Value } from '@flint/common';

export type NumberKind =
  'integer' | 'bigint' | 'smallint' | 'tinyint' | 'decimal' | 'exponent' | 'double' | 'float' | 'bigdecimal';

export type NumberResult =
  | { readonly ok: true; readonly dataType: DataType; readonly value: Value }
  | {
      readonly ok: false;
      readonly errorClass: string;
      readonly message: string;
      readonly params: Record<string, string>;
      readonly sqlState: string;
    };

/** A decimal number split like java.math.BigDecimal: unscaled digits and a scale (may be negative). */
export function parseBigDecimal(text: string): { unscaled: bigint; scale: number } {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  const exp = m[4] ? parseInt(m[4], 10) : 0;
  const digits = (intPart + frac).replace(/^0+(?=.)/, '') || '0';
  let unscaled = BigInt(digits);
  if (m[1] === '-') unscaled = -unscaled;
  return { unscaled, scale: frac.length - exp };
}

const digitCount = (v: bigint): number => (v < 0n ? -v : v).toString().length;

function rangeError(raw: string, typeName: string, min: string, max: string): NumberResult {
  return {
    ok: false,
    errorClass: 'INVALID_NUMERIC_LITERAL_RANGE',
    message: `Numeric literal ${raw} is outside the valid range for ${typeName} with minimum value of ${min} and maximum value of ${max}. Please adjust the value accordingly.`,
    params: { maxValue: max, minValue: min, rawStrippedQualifier: raw, typeName },
    sqlState: '22003',
  };
}

/** Spark's Literal(java.math.BigDecimal): precision = max(digits, scale), negative scales folded into digits. */
export function decimalLiteral(text: string): NumberResult {
  let { unscaled, scale } = parseBigDecimal(text);
  if (scale < 0) {
    unscaled = unscaled * 10n ** BigInt(-scale);
    scale = 0;
  }
  const precision = Math.max(digitCount(unscaled), scale);
  if (precision > 38) {
    return {
      ok: false,
      errorClass: 'DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION',
      message: `Decimal precision ${precision} exceeds max precision 38.`,
      params: { maxPrecision: '38', precision: String(precision) },
      sqlState: '22003',
    };
  }
  return { ok: true, dataType: T.decimal(precision, scale), value: unscaled };
}

function integral(raw: string, bits: 8 | 16 | 64, typeName: string): NumberResult {
  const v = BigInt(raw);
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -(1n << BigInt(bits - 1));
  if (v < min || v > max) return rangeError(raw, typeName, String(min), String(max));
  if (bits === 64) return { ok: true, dataType: T.long, value: v };
  return { ok: true, dataType: bits === 8 ? T.byte : T.short, value: Number(v) };
}

/**
 * Types a numeric literal. `raw` is the token text without its type suffix, with a leading '-' when the
 * literal was negated in the text.
 */
export function numberLiteral(kind: NumberKind, raw: string): NumberResult {
  switch (kind) {
    case 'integer': {
      const v = BigInt(raw);
      if (v >= -2147483648n && v <= 2147483647n) return { ok: true, dataType: T.int, value: Number(v) };
      if (v >= -(1n << 63n) && v <= (1n << 63n) - 1n) return { ok: true, dataType: T.long, value: v };
      return decimalLiteral(raw);
    }
    case 'bigint':
      return integral(raw, 64, 'bigint');
    case 'smallint':
      return integral(raw, 16, 'smallint');
    case 'tinyint':
      return integral(raw, 8, 'tinyint');
    case 'decimal':
    case 'bigdecimal':
      return decimalLiteral(raw);
    case 'exponent':
    case 'double': {
      const v = parseFloat(raw);
      if (!Number.isFinite(v))
        return rangeError(raw, 'double', '-1.7976931348623157E+308', '1.7976931348623157E+308');
      return { ok: true, dataType: T.double, value: v };
    }
    case 'float': {
      const v = parseFloat(raw);
      if (Math.abs(v) > 3.4028234663852886e38) {
        return rangeError(raw, 'float', '-3.4028234663852886E+38', '3.4028234663852886E+38');
      }
      return { ok: true, dataType: T.float, value: Math.fround(v) };
    }
  }
}
