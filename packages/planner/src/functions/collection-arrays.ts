// Array functions: membership and search, set operations, building and slicing, sorting, sequence.

import { T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import { dataTypeMismatch, unexpectedInputType } from '../types/errors.js';
import { typeSql } from '../types/type-names.js';
import type { FunctionDef } from './function-def.js';
import { exprSqlOf, isFoldable } from './define.js';
import {
  anyNullable,
  arrayFunctionDiffTypes,
  binaryArrayDiffTypes,
  cast,
  castArrayTo,
  collectionDef,
  containsNull,
  expectArg,
  fn,
  widerNoString,
  type CollectionCall,
} from './collection-support.js';

function arrayArg(c: CollectionCall, i: number): Expr {
  return expectArg(c, i, 'array');
}

function elemOf(e: Expr): DataType {
  const t = dataTypeOf(e);
  return t.kind === 'array' ? t.elementType : T.null;
}

/** (array, value) functions: both take the wider element type (no string promotion). */
function arrayAndValue(c: CollectionCall, nullTypeIsError: boolean): [Expr, Expr, DataType] {
  const a = c.args[0]!;
  const v = c.args[1]!;
  const at = dataTypeOf(a);
  const vt = dataTypeOf(v);
  if (nullTypeIsError && vt.kind === 'null' && at.kind === 'array') {
    throw dataTypeMismatch(
      'NULL_TYPE',
      c.callSql,
      `Null typed values cannot be used as arguments of \`${c.name}\`.`,
      { functionName: `\`${c.name}\`` },
    );
  }
  if (at.kind !== 'array') throw arrayFunctionDiffTypes(c, at, vt);
  const w = widerNoString(at.elementType, vt);
  if (w === null) throw arrayFunctionDiffTypes(c, at, vt);
  return [castArrayTo(a, w, c.ctx), cast(v, w, c.ctx), w];
}

/** Two arrays with the wider element type. */
function twoArrays(c: CollectionCall): [Expr, Expr, DataType] {
  const a = c.args[0]!;
  const b = c.args[1]!;
  const at = dataTypeOf(a);
  const bt = dataTypeOf(b);
  if (at.kind !== 'array' || bt.kind !== 'array') throw binaryArrayDiffTypes(c, at, bt);
  const w = widerNoString(at.elementType, bt.elementType);
  if (w === null) throw binaryArrayDiffTypes(c, at, bt);
  return [castArrayTo(a, w, c.ctx), castArrayTo(b, w, c.ctx), w];
}

function simple(name: string, min: number, max: number, resolve: (c: CollectionCall) => Expr): FunctionDef {
  return collectionDef(name, { min, max, resolve });
}

function orderableCheck(c: CollectionCall, a: Expr): void {
  const t = elemOf(a);
  if (t.kind === 'map') {
    throw dataTypeMismatch(
      'INVALID_ORDERING_TYPE',
      c.callSql,
      `The \`${c.name}\` does not support ordering on type "${typeSql(t)}".`,
      {
        functionName: `\`${c.name}\``,
        dataType: `"${typeSql(t)}"`,
      },
    );
  }
}

export const arrayFunctions: FunctionDef[] = [
  simple('array_contains', 2, 2, (c) => {
    const [a, v] = arrayAndValue(c, true);
    return fn('array_contains', [a, v], T.boolean, anyNullable([a, v]) || containsNull(a));
  }),
  simple('array_position', 2, 2, (c) => {
    const [a, v] = arrayAndValue(c, true);
    return fn('array_position', [a, v], T.long, anyNullable([a, v]));
  }),
  simple('array_remove', 2, 2, (c) => {
    const [a, v] = arrayAndValue(c, false);
    return fn('array_remove', [a, v], dataTypeOf(a), anyNullable([a, v]));
  }),
  simple('array_append', 2, 2, (c) => {
    const [a, v, w] = arrayAndValue(c, false);
    return fn('array_append', [a, v], T.array(w, containsNull(a) || nullableOf(v)), nullableOf(a));
  }),
  simple('array_prepend', 2, 2, (c) => {
    const [a, v, w] = arrayAndValue(c, false);
    return fn('array_prepend', [a, v], T.array(w, containsNull(a) || nullableOf(v)), nullableOf(a));
  }),
  simple('array_insert', 3, 3, (c) => {
    const a = c.args[0]!;
    const v = c.args[2]!;
    const at = dataTypeOf(a);
    const vt = dataTypeOf(v);
    if (at.kind !== 'array') throw unexpectedInputType(c.callSql, 0, 'array', a, exprSqlOf(a, c.ctx));
    const w = widerNoString(at.elementType, vt);
    if (w === null) throw arrayFunctionDiffTypes(c, at, vt);
    const pos = expectArg(c, 1, T.int);
    const legacy = (c.ctx.conf.get('spark.sql.legacy.negativeIndexInArrayInsert') ?? 'false') === 'true';
    return fn(
      'array_insert',
      [castArrayTo(a, w, c.ctx), pos, cast(v, w, c.ctx)],
      T.array(w, true),
      anyNullable([a, pos]),
      { legacyNegativeIndex: legacy },
    );
  }),
  simple('array_distinct', 1, 1, (c) => {
    const a = arrayArg(c, 0);
    return fn('array_distinct', [a], dataTypeOf(a), nullableOf(a));
  }),
  ...(['array_union', 'array_intersect', 'array_except'] as const).map((name) =>
    simple(name, 2, 2, (c) => {
      const [a, b, w] = twoArrays(c);
      const cn =
        name === 'array_union'
          ? containsNull(a) || containsNull(b)
          : name === 'array_intersect'
            ? containsNull(a) && containsNull(b)
            : containsNull(a);
      return fn(name, [a, b], T.array(w, cn), anyNullable([a, b]));
    }),
  ),
  simple('arrays_overlap', 2, 2, (c) => {
    const [a, b] = twoArrays(c);
    return fn('arrays_overlap', [a, b], T.boolean, true);
  }),
  simple('array_join', 2, 3, (c) => {
    const a = expectArg(c, 0, T.array(T.string));
    const args = [a, expectArg(c, 1, T.string)];
    if (c.args.length > 2) args.push(expectArg(c, 2, T.string));
    return fn('array_join', args, T.string, anyNullable(args));
  }),
  ...(['array_max', 'array_min'] as const).map((name) =>
    simple(name, 1, 1, (c) => {
      const a = arrayArg(c, 0);
      orderableCheck(c, a);
      return fn(name, [a], elemOf(a), true);
    }),
  ),
  simple('array_repeat', 2, 2, (c) => {
    const e = c.args[0]!;
    const n = expectArg(c, 1, T.int);
    return fn('array_repeat', [e, n], T.array(dataTypeOf(e), nullableOf(e)), nullableOf(n));
  }),
  simple('array_compact', 1, 1, (c) => {
    const a = arrayArg(c, 0);
    return fn('array_compact', [a], T.array(elemOf(a), false), nullableOf(a));
  }),
  collectionDef('arrays_zip', {
    min: 0,
    max: Infinity,
    resolve: (c) => {
      const args = c.args.map((_, i) => arrayArg(c, i));
      const fields = args.map((a, i) => {
        const name = a.kind === 'AttributeReference' || a.kind === 'Alias' ? a.name : String(i);
        return T.field(name, elemOf(a), true);
      });
      return fn('arrays_zip', args, T.array(T.struct(fields), false), anyNullable(args));
    },
  }),
  simple('flatten', 1, 1, (c) => {
    const a = c.args[0]!;
    const t = dataTypeOf(a);
    if (t.kind !== 'array' || t.elementType.kind !== 'array') {
      throw unexpectedInputType(c.callSql, 0, T.array(T.array(T.null)), a, exprSqlOf(a, c.ctx));
    }
    return fn(
      'flatten',
      [a],
      T.array(t.elementType.elementType, t.elementType.containsNull),
      nullableOf(a) || t.containsNull,
    );
  }),
  simple('sequence', 2, 3, (c) => {
    const types = c.args.slice(0, 2).map(dataTypeOf);
    const isInt = types.every(
      (t) =>
        t.kind === 'byte' ||
        t.kind === 'short' ||
        t.kind === 'integer' ||
        t.kind === 'long' ||
        t.kind === 'null',
    );
    if (isInt) {
      const w =
        types.some((t) => t.kind === 'long') ||
        (c.args[2] !== undefined && dataTypeOf(c.args[2]).kind === 'long')
          ? T.long
          : T.int;
      const args = c.args.map((a) => cast(a, w, c.ctx));
      return fn('sequence', args, T.array(w, false), anyNullable(args));
    }
    const dt =
      types.find((t) => t.kind === 'timestamp' || t.kind === 'timestamp_ntz') ??
      (types.some((t) => t.kind === 'date') ? T.date : null);
    if (dt === null)
      throw unexpectedInputType(
        c.callSql,
        0,
        ['integral', T.date, 'anyTimestamp'],
        c.args[0]!,
        exprSqlOf(c.args[0]!, c.ctx),
      );
    const args = c.args.slice(0, 2).map((a) => cast(a, dt, c.ctx));
    if (c.args[2] !== undefined) args.push(c.args[2]);
    return fn('sequence', args, T.array(dt, false), anyNullable(args));
  }),
  simple('slice', 3, 3, (c) => {
    const a = arrayArg(c, 0);
    const s = expectArg(c, 1, T.int);
    const l = expectArg(c, 2, T.int);
    return fn('slice', [a, s, l], dataTypeOf(a), anyNullable([a, s, l]));
  }),
  collectionDef('sort_array', {
    min: 1,
    max: 2,
    resolve: (c) => {
      const a = arrayArg(c, 0);
      orderableCheck(c, a);
      const asc: Expr = c.args[1] ?? { kind: 'Literal', value: true, dataType: T.boolean };
      const at = dataTypeOf(asc);
      if (at.kind !== 'boolean' || !isFoldable(asc))
        throw unexpectedInputType(c.callSql, 1, T.boolean, asc, exprSqlOf(asc, c.ctx));
      return fn('sort_array', [a, asc], dataTypeOf(a), nullableOf(a) || nullableOf(asc));
    },
  }),
  simple('shuffle', 1, 2, (c) => {
    const a = arrayArg(c, 0);
    return fn('shuffle', [a], dataTypeOf(a), nullableOf(a), { seed: Math.floor(Math.random() * 2 ** 31) });
  }),
];
