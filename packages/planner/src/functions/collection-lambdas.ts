// Higher-order collection functions (lambda arguments): transform, filter, exists, forall, aggregate,
// reduce, zip_with, array_sort, map_filter, transform_keys, transform_values, map_zip_with; plus the
// lambda parameter types the analyzer binds for each (lambdaParamTypes).

import { T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import { dataTypeMismatch, unexpectedInputType } from '../types/errors.js';
import type { FunctionDef } from './function-def.js';
import { exprSqlOf } from './define.js';
import { typeSql } from '../types/type-names.js';
import {
  anyNullable,
  cast,
  collectionDef,
  expectArg,
  fn,
  widerNoString,
  type CollectionCall,
} from './collection-support.js';

type Lambda = Extract<Expr, { kind: 'LambdaFunction' }>;

/** A lambda argument; a plain expression becomes a lambda without parameters (`transform(a, 0)`). */
function lambdaArg(c: CollectionCall, i: number, arity: number, constArity = arity): Lambda {
  const a = c.args[i]!;
  if (a.kind === 'LambdaFunction') {
    if (a.params.length > arity) {
      throw dataTypeMismatch(
        'INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH',
        c.callSql,
        'lambda function arguments do not match',
        {
          expectedNumArgs: String(arity),
          actualNumArgs: String(a.params.length),
        },
      );
    }
    return a;
  }
  // Spark gives such a lambda the parameters the function passes, unused.
  const params = Array.from({ length: constArity }, (_, k) => ({
    kind: 'LambdaVariable' as const,
    name: `__unused${k}`,
    id: c.ctx.nextExprId(),
    dataType: T.null,
    nullable: true,
  }));
  return { kind: 'LambdaFunction', params, body: a };
}

/** Spark's DataType.equalsStructurally with nullability ignored: field names do not matter. */
function equalsStructurally(a: DataType, b: DataType): boolean {
  if (a.kind === 'array' && b.kind === 'array') return equalsStructurally(a.elementType, b.elementType);
  if (a.kind === 'map' && b.kind === 'map')
    return equalsStructurally(a.keyType, b.keyType) && equalsStructurally(a.valueType, b.valueType);
  if (a.kind === 'struct' && b.kind === 'struct') {
    return (
      a.fields.length === b.fields.length &&
      a.fields.every((f, i) => equalsStructurally(f.dataType, b.fields[i]!.dataType))
    );
  }
  return typeSql(a) === typeSql(b);
}

function withBody(l: Lambda, body: Expr): Lambda {
  return { ...l, body };
}

function bodyType(l: Lambda): DataType {
  return dataTypeOf(l.body);
}

function booleanBody(c: CollectionCall, l: Lambda, i: number): Lambda {
  const t = bodyType(l);
  if (t.kind === 'boolean') return l;
  if (t.kind === 'null') return withBody(l, cast(l.body, T.boolean, c.ctx));
  throw unexpectedInputType(c.callSql, i, T.boolean, l.body, exprSqlOf(l.body, c.ctx));
}

function arrayArg(c: CollectionCall, i: number): Expr {
  return expectArg(c, i, 'array');
}

function mapArg(c: CollectionCall, i: number): Expr {
  return expectArg(c, i, 'map');
}

function elem(e: Expr): DataType {
  const t = dataTypeOf(e);
  return t.kind === 'array' ? t.elementType : T.null;
}

function hof(
  name: string,
  min: number,
  max: number,
  resolve: (c: CollectionCall) => Expr,
  lambdaParamTypes: FunctionDef['lambdaParamTypes'],
  prettySql?: FunctionDef['prettySql'],
): FunctionDef {
  return {
    ...collectionDef(name, { min, max, resolve, ...(prettySql ? { prettySql } : {}) }),
    ...(lambdaParamTypes ? { lambdaParamTypes } : {}),
  };
}

/** aggregate(a, zero, merge) prints Spark's default finish lambda (identity) as a fourth argument. */
function aggregatePretty(expr: Expr, argSql: readonly string[]): string {
  const pn = 'options' in expr ? expr.options?.['prettyName'] : undefined;
  const args =
    argSql.length === 3
      ? [...argSql, 'lambdafunction(namedlambdavariable(), namedlambdavariable())']
      : argSql;
  return `${typeof pn === 'string' ? pn : 'aggregate'}(${args.join(', ')})`;
}

const elementAndIndex = (args: readonly Expr[]): DataType[] => [elem(args[0]!), T.int];
const keyAndValue = (args: readonly Expr[]): DataType[] => {
  const t = dataTypeOf(args[0]!);
  return t.kind === 'map' ? [t.keyType, t.valueType] : [T.null, T.null];
};

function aggregateDef(name: string): FunctionDef {
  return hof(
    name,
    3,
    4,
    (c) => {
      const a = arrayArg(c, 0);
      const zero = c.args[1]!;
      const zt = dataTypeOf(zero);
      const merge = lambdaArg(c, 2, 2);
      const mt = bodyType(merge);
      const accType = zt.kind === 'null' ? mt : zt;
      if (!equalsStructurally(mt, accType)) {
        throw unexpectedInputType(c.callSql, 2, accType, merge.body, exprSqlOf(merge.body, c.ctx));
      }
      const m2 = withBody(merge, cast(merge.body, accType, c.ctx));
      const args: Expr[] = [a, cast(zero, accType, c.ctx), m2];
      let out = accType;
      if (c.args.length > 3) {
        const finish = lambdaArg(c, 3, 1);
        args.push(finish);
        out = bodyType(finish);
      }
      return fn('aggregate', args, out, true, name !== 'aggregate' ? { prettyName: name } : undefined);
    },
    (args, i) => {
      const zt = args[1] && args[1].kind !== 'LambdaFunction' ? dataTypeOf(args[1]) : T.null;
      return i === 2 ? [zt, elem(args[0]!)] : [zt];
    },
    aggregatePretty,
  );
}

export const lambdaFunctions: FunctionDef[] = [
  hof(
    'transform',
    2,
    2,
    (c) => {
      const a = arrayArg(c, 0);
      const f = lambdaArg(c, 1, 2, 1);
      return fn('transform', [a, f], T.array(bodyType(f), nullableOf(f.body)), nullableOf(a));
    },
    elementAndIndex,
  ),
  hof(
    'filter',
    2,
    2,
    (c) => {
      const a = arrayArg(c, 0);
      const f = booleanBody(c, lambdaArg(c, 1, 2, 1), 1);
      return fn('filter', [a, f], dataTypeOf(a), nullableOf(a));
    },
    elementAndIndex,
  ),
  ...(['exists', 'forall'] as const).map((name) =>
    hof(
      name,
      2,
      2,
      (c) => {
        const a = arrayArg(c, 0);
        const f = booleanBody(c, lambdaArg(c, 1, 1), 1);
        return fn(name, [a, f], T.boolean, true, {
          threeValued:
            (c.ctx.conf.get('spark.sql.legacy.followThreeValuedLogicInArrayExists') ?? 'true') !== 'false',
        });
      },
      elementAndIndex,
    ),
  ),
  aggregateDef('aggregate'),
  aggregateDef('reduce'),
  hof(
    'zip_with',
    3,
    3,
    (c) => {
      const a = arrayArg(c, 0);
      const b = arrayArg(c, 1);
      const f = lambdaArg(c, 2, 2);
      return fn('zip_with', [a, b, f], T.array(bodyType(f), true), anyNullable([a, b]));
    },
    (args) => [elem(args[0]!), elem(args[1]!)],
  ),
  hof(
    'array_sort',
    1,
    2,
    (c) => {
      const a = arrayArg(c, 0);
      if (c.args.length === 1) return fn('array_sort', [a], dataTypeOf(a), nullableOf(a));
      const f = lambdaArg(c, 1, 2);
      const bt = bodyType(f);
      if (bt.kind !== 'integer' && bt.kind !== 'null') {
        throw dataTypeMismatch(
          'UNEXPECTED_RETURN_TYPE',
          c.callSql,
          `The \`array_sort\` requires the return type "INT", but the actual is "${typeSql(bt)}".`,
          {
            functionName: '`array_sort`',
            expectedType: '"INT"',
            actualType: `"${typeSql(bt)}"`,
          },
        );
      }
      const g = bt.kind === 'integer' ? f : withBody(f, cast(f.body, T.int, c.ctx));
      return fn('array_sort', [a, g], dataTypeOf(a), nullableOf(a));
    },
    (args) => [elem(args[0]!), elem(args[0]!)],
  ),
  hof(
    'map_filter',
    2,
    2,
    (c) => {
      const m = mapArg(c, 0);
      const f = booleanBody(c, lambdaArg(c, 1, 2), 1);
      return fn('map_filter', [m, f], dataTypeOf(m), nullableOf(m));
    },
    keyAndValue,
  ),
  hof(
    'transform_keys',
    2,
    2,
    (c) => {
      const m = mapArg(c, 0);
      const f = lambdaArg(c, 1, 2);
      const t = dataTypeOf(m);
      const vt = t.kind === 'map' ? t.valueType : T.null;
      if (bodyType(f).kind === 'map') {
        throw dataTypeMismatch('INVALID_MAP_KEY_TYPE', c.callSql, 'The key of map cannot be/contain "MAP".', {
          keyType: `"${typeSql(bodyType(f))}"`,
        });
      }
      return fn(
        'transform_keys',
        [m, f],
        T.map(bodyType(f), vt, t.kind === 'map' ? t.valueContainsNull : true),
        nullableOf(m),
        {
          dedup: (c.ctx.conf.get('spark.sql.mapKeyDedupPolicy') ?? 'EXCEPTION').toUpperCase(),
        },
      );
    },
    keyAndValue,
  ),
  hof(
    'transform_values',
    2,
    2,
    (c) => {
      const m = mapArg(c, 0);
      const f = lambdaArg(c, 1, 2);
      const t = dataTypeOf(m);
      return fn(
        'transform_values',
        [m, f],
        T.map(t.kind === 'map' ? t.keyType : T.null, bodyType(f), nullableOf(f.body)),
        nullableOf(m),
      );
    },
    keyAndValue,
  ),
  hof(
    'map_zip_with',
    3,
    3,
    (c) => {
      let m1 = mapArg(c, 0);
      let m2 = mapArg(c, 1);
      const t1 = dataTypeOf(m1);
      const t2 = dataTypeOf(m2);
      if (t1.kind !== 'map' || t2.kind !== 'map') return m1;
      const kt = widerNoString(t1.keyType, t2.keyType);
      if (kt === null) {
        throw dataTypeMismatch(
          'MAP_ZIP_WITH_DIFF_TYPES',
          c.callSql,
          `Input to the \`map_zip_with\` should have been two maps with compatible key types, but it's ["${t1.keyType.kind}", "${t2.keyType.kind}"].`,
          {
            functionName: '`map_zip_with`',
            leftType: `"${t1.keyType.kind}"`,
            rightType: `"${t2.keyType.kind}"`,
          },
        );
      }
      m1 = cast(m1, T.map(kt, t1.valueType, t1.valueContainsNull), c.ctx);
      m2 = cast(m2, T.map(kt, t2.valueType, t2.valueContainsNull), c.ctx);
      const f = lambdaArg(c, 2, 3);
      return fn('map_zip_with', [m1, m2, f], T.map(kt, bodyType(f), true), anyNullable([m1, m2]));
    },
    (args) => {
      const t1 = dataTypeOf(args[0]!);
      const t2 = dataTypeOf(args[1]!);
      const kt =
        t1.kind === 'map' && t2.kind === 'map'
          ? (widerNoString(t1.keyType, t2.keyType) ?? t1.keyType)
          : T.null;
      return [kt, t1.kind === 'map' ? t1.valueType : T.null, t2.kind === 'map' ? t2.valueType : T.null];
    },
  ),
];
