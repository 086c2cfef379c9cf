// Shared helpers of the collection function definitions: a compact FunctionDef builder, element-type
// coercion without string promotion (Spark's findWiderTypeWithoutStringPromotion) and error builders.

import { FlintError, T, type DataType, type Value } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import {
  castTo,
  findTightestCommonType,
  findWiderTypeForDecimal,
  implicitCast,
  type AbstractType,
} from '../types/coercion.js';
import { checkArgCount, dataTypeMismatch, unexpectedInputType } from '../types/errors.js';
import { typeSql } from '../types/type-names.js';
import type { CallInfo, FunctionDef, FunctionResolutionContext } from './function-def.js';
import { callSqlOf, exprSqlOf } from './define.js';

export type SF = Extract<Expr, { kind: 'ScalarFunction' }>;

export interface CollectionCall {
  readonly args: readonly Expr[];
  readonly call: CallInfo;
  readonly ctx: FunctionResolutionContext;
  /** `name(a, b)` of the call as written (for error messages). */
  readonly callSql: string;
  /** Name as called (an alias, or the canonical name). */
  readonly name: string;
}

export interface CollectionDefSpec {
  readonly aliases?: readonly string[];
  readonly min: number;
  readonly max?: number;
  readonly kind?: FunctionDef['kind'];
  readonly resolve: (c: CollectionCall) => Expr;
  readonly prettySql?: FunctionDef['prettySql'];
  /** A call through an alias prints the alias. */
  readonly aliasPrints?: boolean;
}

/** A FunctionDef whose resolve gets the argument count checked and the call's SQL text ready. */
export function collectionDef(name: string, spec: CollectionDefSpec): FunctionDef {
  return {
    name,
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    kind: spec.kind ?? 'scalar',
    resolve(args, call, ctx) {
      const shown = call.name ?? name;
      checkArgCount(shown, args, spec.min, spec.max ?? spec.min);
      const e = spec.resolve({ args, call, ctx, callSql: callSqlOf(shown, args, ctx), name: shown });
      if (spec.aliasPrints && shown !== name && e.kind === 'ScalarFunction') {
        return { ...e, options: { ...(e.options ?? {}), prettyName: shown } };
      }
      return e;
    },
    prettySql:
      spec.prettySql ??
      ((expr, argSql) => {
        const pn = 'options' in expr ? expr.options?.['prettyName'] : undefined;
        return `${typeof pn === 'string' ? pn : name}(${argSql.join(', ')})`;
      }),
  };
}

/** A resolved ScalarFunction node. */
export function fn(
  name: string,
  args: readonly Expr[],
  dataType: DataType,
  nullable: boolean,
  options?: Readonly<Record<string, Value>>,
): SF {
  return {
    kind: 'ScalarFunction',
    name,
    args,
    dataType,
    nullable,
    ...(options !== undefined ? { options } : {}),
  };
}

export function anyNullable(args: readonly Expr[]): boolean {
  return args.some(nullableOf);
}

/** Casts argument i to `expected` or throws UNEXPECTED_INPUT_TYPE. */
export function expectArg(c: CollectionCall, i: number, expected: AbstractType): Expr {
  const a = c.args[i]!;
  const r = implicitCast(a, expected, c.ctx.ansi);
  if (r === null) throw unexpectedInputType(c.callSql, i, expected, a, exprSqlOf(a, c.ctx));
  return r;
}

/** Argument i, which must be an array (a NULL literal becomes array<void>... as Spark's ArrayType accepts none). */
export function expectArray(c: CollectionCall, i: number): Expr {
  const a = c.args[i]!;
  if (dataTypeOf(a).kind !== 'array')
    throw unexpectedInputType(c.callSql, i, 'array', a, exprSqlOf(a, c.ctx));
  return a;
}

export function expectMap(c: CollectionCall, i: number): Expr {
  const a = c.args[i]!;
  if (dataTypeOf(a).kind !== 'map') throw unexpectedInputType(c.callSql, i, 'map', a, exprSqlOf(a, c.ctx));
  return a;
}

export function elementType(e: Expr): DataType {
  const t = dataTypeOf(e);
  return t.kind === 'array' ? t.elementType : T.null;
}

export function containsNull(e: Expr): boolean {
  const t = dataTypeOf(e);
  return t.kind === 'array' ? t.containsNull : true;
}

/** Spark's findWiderTypeWithoutStringPromotionForTwo. */
export function widerNoString(a: DataType, b: DataType): DataType | null {
  const r = findTightestCommonType(a, b) ?? findWiderTypeForDecimal(a, b);
  if (r !== null) return r;
  if (a.kind === 'array' && b.kind === 'array') {
    const e = widerNoString(a.elementType, b.elementType);
    return e === null ? null : T.array(e, a.containsNull || b.containsNull);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = widerNoString(a.keyType, b.keyType);
    const v = widerNoString(a.valueType, b.valueType);
    return k === null || v === null ? null : T.map(k, v, a.valueContainsNull || b.valueContainsNull);
  }
  if (a.kind === 'struct' && b.kind === 'struct' && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!;
      const fb = b.fields[i]!;
      if (fa.name.toLowerCase() !== fb.name.toLowerCase()) return null;
      const t = widerNoString(fa.dataType, fb.dataType);
      if (t === null) return null;
      fields.push(T.field(fa.name, t, fa.nullable || fb.nullable));
    }
    return T.struct(fields);
  }
  return null;
}

export function cast(e: Expr, t: DataType, ctx: FunctionResolutionContext): Expr {
  return castTo(e, t, ctx.ansi);
}

/** Casts an array expression to array<elem> (keeping its containsNull). */
export function castArrayTo(
  e: Expr,
  elem: DataType,
  ctx: FunctionResolutionContext,
  containsNullFlag?: boolean,
): Expr {
  const t = dataTypeOf(e);
  const cn = containsNullFlag ?? (t.kind === 'array' ? t.containsNull : true);
  if (t.kind === 'array' && typeSql(t.elementType) === typeSql(elem)) return e;
  return castTo(e, T.array(elem, cn), ctx.ansi);
}

/** DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES (array_contains, array_position, array_insert...). */
export function arrayFunctionDiffTypes(c: CollectionCall, left: DataType, right: DataType): FlintError {
  const l = `"${typeSql(left)}"`;
  const r = `"${typeSql(right)}"`;
  return dataTypeMismatch(
    'ARRAY_FUNCTION_DIFF_TYPES',
    c.callSql,
    `Input to \`${c.name}\` should have been "ARRAY" followed by a value with same element type, but it's [${l}, ${r}].`,
    { functionName: `\`${c.name}\``, dataType: '"ARRAY"', leftType: l, rightType: r },
  );
}

/** DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES (array_union, array_except...). */
export function binaryArrayDiffTypes(c: CollectionCall, left: DataType, right: DataType): FlintError {
  const l = `"${typeSql(left)}"`;
  const r = `"${typeSql(right)}"`;
  return dataTypeMismatch(
    'BINARY_ARRAY_DIFF_TYPES',
    c.callSql,
    `Input to function \`${c.name}\` should have been two "ARRAY" with same element type, but it's [${l}, ${r}].`,
    { functionName: `\`${c.name}\``, arrayType: '"ARRAY"', leftType: l, rightType: r },
  );
}

/** DATATYPE_MISMATCH.DATA_DIFF_TYPES for `name` over `types`. */
export function dataDiff(c: CollectionCall, types: readonly DataType[]): FlintError {
  const list = `(${types.map((t) => `"${typeSql(t)}"`).join(' or ')})`;
  return dataTypeMismatch(
    'DATA_DIFF_TYPES',
    c.callSql,
    `Input to \`${c.name}\` should all be the same type, but it's ${list}.`,
    {
      functionName: `\`${c.name}\``,
      dataType: list,
    },
  );
}

/** The wider common type of all (with string promotion, as array()/map() do), or null. */
export { findWiderCommonType } from '../types/coercion.js';

/** Whether values of the type can be compared / hashed for set operations (no maps). */
export function isOrderable(t: DataType): boolean {
  switch (t.kind) {
    case 'map':
      return false;
    case 'array':
      return isOrderable(t.elementType);
    case 'struct':
      return t.fields.every((f) => isOrderable(f.dataType));
    default:
      return true;
  }
}
