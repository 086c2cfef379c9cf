// Spark 4 ANSI type coercion (AnsiTypeCoercion): common types of several expressions, which implicit
// casts are allowed, and the abstract input types (NumericType, IntegralType...) functions declare.

import {
  dataTypeEquals,
  isDatetime,
  isIntegral,
  isNumeric,
  T,
  type DataType,
  type StructField,
} from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { decimalForType, widerDecimalType } from './decimal.js';
import { typeSql } from './type-names.js';

// Spark's numericPrecedence for non-decimal numerics.
const NUMERIC_PRECEDENCE = ['byte', 'short', 'integer', 'long', 'float', 'double'] as const;

function precedence(t: DataType): number {
  return (NUMERIC_PRECEDENCE as readonly string[]).indexOf(t.kind);
}

function isComplex(t: DataType): boolean {
  return t.kind === 'array' || t.kind === 'map' || t.kind === 'struct';
}

/** Nested types: combine element by element (struct fields must match by name, case-insensitively). */
function findTypeForComplex(
  a: DataType,
  b: DataType,
  find: (x: DataType, y: DataType) => DataType | null,
): DataType | null {
  if (a.kind === 'array' && b.kind === 'array') {
    const e = find(a.elementType, b.elementType);
    return e === null ? null : T.array(e, a.containsNull || b.containsNull);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = find(a.keyType, b.keyType);
    const v = find(a.valueType, b.valueType);
    return k === null || v === null ? null : T.map(k, v, a.valueContainsNull || b.valueContainsNull);
  }
  if (a.kind === 'struct' && b.kind === 'struct') {
    if (a.fields.length !== b.fields.length) return null;
    const fields: StructField[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const f = a.fields[i]!;
      const g = b.fields[i]!;
      if (f.name.toLowerCase() !== g.name.toLowerCase()) return null;
      const t = find(f.dataType, g.dataType);
      if (t === null) return null;
      fields.push({ name: f.name, dataType: t, nullable: f.nullable || g.nullable });
    }
    return T.struct(fields);
  }
  return null;
}

function widerDatetime(a: DataType, b: DataType): DataType {
  if (a.kind === b.kind) return a;
  if (a.kind === 'timestamp' || b.kind === 'timestamp') return T.timestamp;
  return T.timestampNtz; // date with timestamp_ntz
}

/** AnsiTypeCoercion.findTightestCommonType: widening without loss and without decimals or strings. */
export function findTightestCommonType(a: DataType, b: DataType): DataType | null {
  if (dataTypeEquals(a, b, true)) {
    return isComplex(a) ? (findTypeForComplex(a, b, findTightestCommonType) ?? a) : a;
  }
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  const pa = precedence(a);
  const pb = precedence(b);
  if (pa >= 0 && pb >= 0) {
    const wider = NUMERIC_PRECEDENCE[Math.max(pa, pb)]!;
    // An integral with a float widens to double, so that the integral keeps its precision.
    if (wider === 'float' && (isIntegral(a) || isIntegral(b))) return T.double;
    return pa > pb ? a : b;
  }
  if (isDatetime(a) && isDatetime(b)) return widerDatetime(a, b);
  if (a.kind === 'time' && b.kind === 'time') return T.time(Math.max(a.precision, b.precision));
  if (a.kind === 'day_time_interval' && b.kind === 'day_time_interval')
    return T.dayTimeInterval(Math.min(a.startField, b.startField), Math.max(a.endField, b.endField));
  if (a.kind === 'year_month_interval' && b.kind === 'year_month_interval')
    return T.yearMonthInterval(Math.min(a.startField, b.startField), Math.max(a.endField, b.endField));
  return findTypeForComplex(a, b, findTightestCommonType);
}

/** Decimal with another numeric: a wider decimal, or double when the other is float/double. */
export function findWiderTypeForDecimal(a: DataType, b: DataType): DataType | null {
  if (a.kind === 'decimal' && b.kind === 'decimal') return widerDecimalType(a, b);
  if (a.kind === 'decimal' || b.kind === 'decimal') {
    const d = a.kind === 'decimal' ? a : b;
    const o = a.kind === 'decimal' ? b : a;
    if (o.kind === 'float' || o.kind === 'double') return T.double;
    if (isIntegral(o))
      return widerDecimalType(decimalForType(o)!, d.kind === 'decimal' ? d : decimalForType(d)!);
  }
  return null;
}

/** ANSI string promotion: a string next to an integral becomes bigint, next to a fractional double, else the other atomic type. */
export function findWiderTypeForString(a: DataType, b: DataType): DataType | null {
  if (a.kind === 'string' && b.kind === 'string') return T.string;
  if (a.kind !== 'string' && b.kind !== 'string') return null;
  const o = a.kind === 'string' ? b : a;
  if (isIntegral(o)) return T.long;
  if (o.kind === 'float' || o.kind === 'double' || o.kind === 'decimal') return T.double;
  if (isComplex(o) || o.kind === 'calendar_interval') return null;
  return o;
}

/** AnsiTypeCoercion.findWiderTypeForTwo (UNION, CASE, COALESCE, IN, array()...). */
export function findWiderTypeForTwo(a: DataType, b: DataType): DataType | null {
  return (
    findTightestCommonType(a, b) ??
    findWiderTypeForDecimal(a, b) ??
    findWiderTypeForString(a, b) ??
    findTypeForComplex(a, b, findWiderTypeForTwo)
  );
}

/** The wider common type of all of `types` (NULL for an empty list), or null when there is none. */
export function findWiderCommonType(types: readonly DataType[]): DataType | null {
  let r: DataType = T.null;
  for (const t of types) {
    const w = findWiderTypeForTwo(r, t);
    if (w === null) return null;
    r = w;
  }
  return r;
}

// ---------------------------------------------------------------- abstract input types

/**
 * What a function parameter accepts (Spark's AbstractDataType): a concrete DataType, a named
 * abstract type, or a list meaning a TypeCollection (the first that the input can be cast to wins).
 */
export type AbstractType =
  | DataType
  | 'any'
  | 'numeric'
  | 'integral'
  | 'fractional'
  | 'decimal'
  | 'anyTimestamp'
  | 'atomic'
  | 'array'
  | 'map'
  | 'struct'
  | 'dayTimeInterval'
  | 'yearMonthInterval'
  | readonly AbstractType[];

export function acceptsType(expected: AbstractType, t: DataType): boolean {
  if (Array.isArray(expected)) return (expected as readonly AbstractType[]).some((e) => acceptsType(e, t));
  if (typeof expected === 'string') {
    switch (expected) {
      case 'any':
        return true;
      case 'numeric':
        return isNumeric(t);
      case 'integral':
        return isIntegral(t);
      case 'fractional':
        return t.kind === 'float' || t.kind === 'double' || t.kind === 'decimal';
      case 'decimal':
        return t.kind === 'decimal';
      case 'anyTimestamp':
        return t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
      case 'atomic':
        return !isComplex(t) && t.kind !== 'null';
      case 'array':
      case 'map':
      case 'struct':
        return t.kind === expected;
      case 'dayTimeInterval':
        return t.kind === 'day_time_interval';
      case 'yearMonthInterval':
        return t.kind === 'year_month_interval';
    }
  }
  const dt = expected as DataType;
  // Parameterised types (decimal(p,s), array<...>) accept any instance of the same kind only when equal.
  return dataTypeEquals(dt, t, true);
}

export function defaultConcreteType(expected: AbstractType): DataType {
  if (Array.isArray(expected)) return defaultConcreteType((expected as readonly AbstractType[])[0] ?? 'any');
  if (typeof expected === 'string') {
    switch (expected) {
      case 'numeric':
      case 'fractional':
        return T.double;
      case 'integral':
        return T.long;
      case 'decimal':
        return T.decimal(38, 18);
      case 'anyTimestamp':
        return T.timestamp;
      case 'array':
        return T.array(T.null);
      case 'map':
        return T.map(T.null, T.null);
      case 'struct':
        return T.struct([]);
      case 'dayTimeInterval':
        return T.dayTimeInterval();
      case 'yearMonthInterval':
        return T.yearMonthInterval();
      case 'any':
      case 'atomic':
        return T.string;
    }
  }
  return expected as DataType;
}

/** Spark's `simpleString` of an expected type in messages: "NUMERIC", ("INT" or "BIGINT"). */
export function abstractTypeSql(expected: AbstractType): string {
  if (Array.isArray(expected))
    return `(${(expected as readonly AbstractType[]).map(abstractTypeSql).join(' or ')})`;
  if (typeof expected === 'string') {
    const names: Record<string, string> = {
      any: 'ANY',
      numeric: 'NUMERIC',
      integral: 'INTEGRAL',
      fractional: 'FRACTIONAL',
      decimal: 'DECIMAL',
      anyTimestamp: 'ANY_TIMESTAMP',
      atomic: 'ATOMIC',
      array: 'ARRAY',
      map: 'MAP',
      struct: 'STRUCT',
      dayTimeInterval: 'INTERVAL DAY TO SECOND',
      yearMonthInterval: 'INTERVAL YEAR TO MONTH',
    };
    return `"${names[expected] ?? expected.toUpperCase()}"`;
  }
  return `"${typeSql(expected as DataType)}"`;
}

/** Whether a value of `from` may be widened to the concrete `to` without an explicit CAST. */
function canWiden(from: DataType, to: DataType): boolean {
  if (from.kind === 'null') return true;
  if (isNumeric(from) && isNumeric(to)) {
    const w = findWiderTypeForTwo(from, to);
    return w !== null && dataTypeEquals(w, to, true);
  }
  if (from.kind === 'date' && (to.kind === 'timestamp' || to.kind === 'timestamp_ntz')) return true;
  if (from.kind === 'timestamp_ntz' && to.kind === 'timestamp') return true;
  // Spark 4 lets any atomic value be read as a string (length(1.1), concat('$', 1)).
  if (to.kind === 'string' && !isComplex(from) && from.kind !== 'binary') return true;
  if (from.kind === 'array' && to.kind === 'array') return canWiden(from.elementType, to.elementType);
  return false;
}

/** AnsiTypeCoercion.implicitCast on types: the type `inType` becomes to satisfy `expected`, or null. */
export function implicitCastType(inType: DataType, expected: AbstractType): DataType | null {
  if (acceptsType(expected, inType)) return inType;
  if (Array.isArray(expected)) {
    const list = expected as readonly AbstractType[];
    // A NULL takes the first type of the collection.
    if (inType.kind === 'null') return defaultConcreteType(list[0] ?? 'any');
    for (const e of list) {
      const r = implicitCastType(inType, e);
      if (r !== null) return r;
    }
    return null;
  }
  if (typeof expected === 'string') {
    if (inType.kind === 'null') return defaultConcreteType(expected);
    switch (expected) {
      case 'decimal':
        if (isNumeric(inType)) return decimalForType(inType);
        if (inType.kind === 'string') return T.decimal(38, 18);
        return null;
      case 'numeric':
      case 'fractional':
        return inType.kind === 'string' ? T.double : null;
      case 'integral':
        return inType.kind === 'string' ? T.long : null;
      case 'anyTimestamp':
        return inType.kind === 'string' || inType.kind === 'date' ? T.timestamp : null;
      default:
        return null;
    }
  }
  const target = expected as DataType;
  if (inType.kind === 'string' && !isComplex(target) && target.kind !== 'null') return target;
  return canWiden(inType, target) ? target : null;
}

/** Wraps `e` in an implicit (not user-written) cast to `to`, unless it already has that type. */
export function castTo(e: Expr, to: DataType, ansi = true): Expr {
  const from = dataTypeOf(e);
  if (dataTypeEquals(from, to)) return e;
  if (e.kind === 'Literal' && e.value === null) return { kind: 'Literal', value: null, dataType: to };
  const cast: Expr = {
    kind: 'Cast',
    child: e,
    dataType: to,
    evalMode: ansi ? 'ANSI' : 'LEGACY',
    userSpecified: false,
  };
  return e.origin === undefined ? cast : { ...cast, origin: e.origin };
}

/** The expression implicitly cast to satisfy `expected`, or null when ANSI coercion does not allow it. */
export function implicitCast(e: Expr, expected: AbstractType, ansi = true): Expr | null {
  const t = implicitCastType(dataTypeOf(e), expected);
  return t === null ? null : castTo(e, t, ansi);
}
