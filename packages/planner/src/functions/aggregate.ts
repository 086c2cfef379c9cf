// Built-in aggregate functions: type checking, result types (Spark 4 rules) and partial-buffer types.

import { FlintError, isNumeric, T, type DataType, type Value } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { MAX_PRECISION } from '../types/decimal.js';
import { checkArgCount, dataDiffTypes, unexpectedInputType } from '../types/errors.js';
import { typeSql } from '../types/type-names.js';
import { castTo, type AbstractType } from '../types/coercion.js';
import type { FunctionDef, FunctionResolutionContext } from './function-def.js';
import {
  aggregate,
  aggregateBufferTypeRegistry,
  aggregatePrettySql,
  callSqlOf,
  exprSqlOf,
  isFoldable,
  literalValue,
  nonFoldableInput,
} from './define.js';

type Agg = Extract<Expr, { kind: 'AggregateExpression' }>;

const NUMERIC_OR_INTERVAL: AbstractType = ['numeric', 'yearMonthInterval', 'dayTimeInterval'];

function arg0Type(e: Agg): DataType {
  const a = e.args[0];
  return a === undefined ? T.null : dataTypeOf(a);
}

/** Sum's result type: bigint for integrals, decimal(p+10, s), double for float/double, intervals as is. */
export function sumResultType(t: DataType): DataType {
  switch (t.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return T.long;
    case 'decimal':
      return T.decimal(Math.min(MAX_PRECISION, t.precision + 10), t.scale);
    case 'year_month_interval':
    case 'day_time_interval':
      return t;
    default:
      return T.double;
  }
}

/** Average's result type: decimal(p+4, s+4), the widest interval of the family, otherwise double. */
export function avgResultType(t: DataType): DataType {
  switch (t.kind) {
    case 'decimal':
      return T.decimal(Math.min(MAX_PRECISION, t.precision + 4), Math.min(MAX_PRECISION, t.scale + 4));
    case 'year_month_interval':
      return T.yearMonthInterval(0, 1);
    case 'day_time_interval':
      return T.dayTimeInterval(0, 3);
    default:
      return T.double;
  }
}

/** Average's running-sum type: decimal(p+10, s) for decimals, the interval for intervals, else double. */
export function avgSumType(t: DataType): DataType {
  return t.kind === 'decimal' || t.kind === 'year_month_interval' || t.kind === 'day_time_interval'
    ? sumResultType(t)
    : T.double;
}

const D = T.double;
const L = T.long;

function sameType(types: readonly DataType[]): DataType {
  return types[0] ?? T.null;
}

function moments(n: number): () => DataType[] {
  return () => Array.from({ length: n }, () => D);
}

/** `first(x)` / `first(x, true)`: the optional second argument is a constant ignoreNulls flag. */
function ignoreNullsOption(args: readonly Expr[]): Readonly<Record<string, Value>> {
  const v = args[1] === undefined ? false : literalValue(args[1]);
  return { ignoreNulls: v === true };
}

const firstLast = (name: string, aliases: readonly string[]): FunctionDef =>
  aggregate(name, {
    aliases,
    inputs: ['any', T.boolean],
    minArgs: 1,
    maxArgs: 2,
    returns: sameType,
    options: ignoreNullsOption,
    bufferTypes: (e) => [arg0Type(e), T.boolean],
    prettySql: (expr, argSql) => {
      const name2 = expr.kind === 'AggregateExpression' ? (expr.options?.['prettyName'] ?? expr.name) : name;
      return `${String(name2)}(${argSql[0] ?? ''})`;
    },
  });

const statsDef = (name: string, aliases: readonly string[], nBuf: number): FunctionDef =>
  aggregate(name, { aliases, inputs: [D], returns: D, bufferTypes: moments(nBuf), aliasPrints: true });

const twoDoubles = (name: string, nBuf: number): FunctionDef =>
  aggregate(name, { inputs: [D, D], returns: D, bufferTypes: moments(nBuf) });

const percentileArgTypes: AbstractType[] = [
  [T.double, 'yearMonthInterval', 'dayTimeInterval'],
  [D, T.array(D)],
  'integral',
];

function percentileReturn(types: readonly DataType[]): DataType {
  const t0 = types[0] ?? D;
  // Intervals come back as the widest type of their family (interval year to month / day to second).
  const elem =
    t0.kind === 'year_month_interval'
      ? T.yearMonthInterval(0, 1)
      : t0.kind === 'day_time_interval'
        ? T.dayTimeInterval(0, 3)
        : D;
  return types[1]?.kind === 'array' ? T.array(elem, false) : elem;
}

/** The WITHIN GROUP (ORDER BY ...) keys become trailing args; their directions go to options.orderWithin. */
function orderWithinOptions(order: readonly Expr[]): { keys: Expr[]; dirs: string[] } {
  const keys: Expr[] = [];
  const dirs: string[] = [];
  for (const o of order) {
    if (o.kind === 'SortOrder') {
      keys.push(o.child);
      dirs.push(`${o.direction}:${o.nullOrdering}`);
    } else {
      keys.push(o);
      dirs.push('Ascending:NullsFirst');
    }
  }
  return { keys, dirs };
}

function sortSuffix(dir: string, full: boolean): string {
  const [d, n] = dir.split(':');
  if (!full) return d === 'Descending' ? ' DESC' : '';
  return `${d === 'Descending' ? ' DESC' : ' ASC'} ${n === 'NullsLast' ? 'NULLS LAST' : 'NULLS FIRST'}`;
}

function withinGroupSql(
  expr: Expr,
  argSql: readonly string[],
  nArgs: number,
  full: boolean,
  head: string,
): string {
  const dirs =
    expr.kind === 'AggregateExpression'
      ? ((expr.options?.['orderWithin'] as readonly string[] | undefined) ?? [])
      : [];
  if (dirs.length === 0) return head;
  const keys = argSql.slice(nArgs).map((k, i) => `${k}${sortSuffix(dirs[i] ?? '', full)}`);
  return `${head} WITHIN GROUP (ORDER BY ${keys.join(', ')})`;
}

/** Casting these to string keeps distinct values distinct and their order, so DISTINCT may order by the source. */
function castToStringKeepsDistinct(t: DataType): boolean {
  return t.kind !== 'double' && t.kind !== 'float' && t.kind !== 'timestamp';
}

/** listagg(DISTINCT x) WITHIN GROUP (ORDER BY k): k must be x itself, or what x casts to a string. */
function checkDistinctOrdering(arg: Expr, keys: readonly Expr[], ctx: FunctionResolutionContext): void {
  const argSql = exprSqlOf(arg, ctx);
  const key = keys[0]!;
  const keySql = exprSqlOf(key, ctx);
  if (keys.length === 1 && keySql === argSql) {
    const t = dataTypeOf(arg);
    if (t.kind !== 'string' && t.kind !== 'binary' && !castToStringKeepsDistinct(t)) throw unsafeCast(t);
    return;
  }
  const inner = arg.kind === 'Cast' && dataTypeOf(arg).kind === 'string' ? arg.child : null;
  if (keys.length === 1 && inner !== null && exprSqlOf(inner, ctx) === keySql) {
    if (!castToStringKeepsDistinct(dataTypeOf(inner))) throw unsafeCast(dataTypeOf(inner));
    return;
  }
  const funcArg = `"${argSql}"`;
  const orderingExpr = keys.map((k) => `"${exprSqlOf(k, ctx)}"`).join(', ');
  throw new FlintError(
    'INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT',
    `[INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT] Invalid function \`listagg\` with WITHIN GROUP. The function is invoked with DISTINCT and WITHIN GROUP but expressions ${funcArg} and ${orderingExpr} do not match. The WITHIN GROUP ordering expression must be picked from the function inputs.`,
    { funcName: '`listagg`', funcArg, orderingExpr },
    null,
    '42K0K',
  );
}

function unsafeCast(t: DataType): FlintError {
  const inputType = `"${typeSql(t)}"`;
  return new FlintError(
    'INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT_UNSAFE_CAST',
    `[INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT_UNSAFE_CAST] Invalid function \`listagg\` with WITHIN GROUP. The function is invoked with DISTINCT and WITHIN GROUP but the input of type ${inputType} cannot be safely cast to "STRING": distinct values may become equal.`,
    { funcName: '`listagg`', inputType, castType: '"STRING"' },
    null,
    '42K0K',
  );
}

const listagg: FunctionDef = {
  name: 'listagg',
  aliases: ['string_agg'],
  kind: 'aggregate',
  resolve(args0, call, ctx) {
    checkArgCount(call.name ?? 'listagg', args0, 1, 2);
    const original = args0[0]!;
    let value = original;
    let sep: Expr = args0[1] ?? { kind: 'Literal', value: null, dataType: T.null };
    const sqlArgs = [original, sep];
    const vt = dataTypeOf(value);
    if (vt.kind === 'array' || vt.kind === 'map' || vt.kind === 'struct') {
      throw unexpectedInputType(
        callSqlOf('listagg', sqlArgs, ctx),
        0,
        [T.string, T.binary],
        original,
        exprSqlOf(original, ctx),
      );
    }
    if (vt.kind !== 'string' && vt.kind !== 'binary') value = castTo(value, T.string, ctx.ansi);
    const rt = dataTypeOf(value);
    if (!isFoldable(sep))
      throw nonFoldableInput(
        callSqlOf('listagg', sqlArgs, ctx),
        'delimiter',
        sep,
        exprSqlOf(sep, ctx),
        typeSql(dataTypeOf(sep)),
      );
    const st = dataTypeOf(sep);
    if (st.kind === 'null') sep = { kind: 'Literal', value: null, dataType: rt };
    else if (st.kind !== rt.kind) throw dataDiffTypes(callSqlOf('listagg', args0, ctx), 'listagg', [rt, st]);
    const { keys, dirs } = orderWithinOptions(call.orderWithin ?? []);
    if (call.distinct && keys.length > 0) checkDistinctOrdering(original, keys, ctx);
    return {
      kind: 'AggregateExpression',
      name: 'listagg',
      args: [value, sep, ...keys],
      distinct: call.distinct,
      filter: call.filter,
      dataType: rt,
      nullable: true,
      resultId: ctx.nextExprId(),
      options: { orderWithin: dirs, ...(call.name === 'string_agg' ? { prettyName: 'string_agg' } : {}) },
      ...(call.origin !== undefined ? { origin: call.origin } : {}),
    };
  },
  prettySql: (expr, argSql) =>
    withinGroupSql(expr, argSql, 2, true, aggregatePrettySql(expr, argSql.slice(0, 2))),
};

const WITHIN_GROUP_MESSAGES = {
  WITHIN_GROUP_MISSING: 'WITHIN GROUP is required for inverse distribution function.',
  DISTINCT_UNSUPPORTED: 'The function does not support DISTINCT with WITHIN GROUP.',
  WRONG_NUM_ORDERINGS: 'The function requires 1 orderings in WITHIN GROUP but got',
} as const;

/** INVALID_WITHIN_GROUP_EXPRESSION.* for percentile_cont / percentile_disc. */
function withinGroupError(
  sub: keyof typeof WITHIN_GROUP_MESSAGES,
  name: string,
  actual?: number,
): FlintError {
  const funcName = `\`${name}\``;
  const detail = WITHIN_GROUP_MESSAGES[sub] + (actual !== undefined ? ` ${actual}.` : '');
  return new FlintError(
    `INVALID_WITHIN_GROUP_EXPRESSION.${sub}`,
    `[INVALID_WITHIN_GROUP_EXPRESSION.${sub}] Invalid function ${funcName} with WITHIN GROUP. ${detail}`,
    actual !== undefined ? { funcName, expectedNum: '1', actualNum: String(actual) } : { funcName },
    null,
    '42K0K',
  );
}

function percentileWithin(name: 'percentile_cont' | 'percentile_disc'): FunctionDef {
  return {
    name,
    kind: 'aggregate',
    resolve(args0, call, ctx) {
      checkArgCount(name, args0, 1, 1);
      const order = call.orderWithin ?? [];
      if (order.length === 0) throw withinGroupError('WITHIN_GROUP_MISSING', name);
      if (call.distinct) throw withinGroupError('DISTINCT_UNSUPPORTED', name);
      if (order.length !== 1) throw withinGroupError('WRONG_NUM_ORDERINGS', name, order.length);
      const { keys, dirs } = orderWithinOptions(order);
      let v = keys[0]!;
      const vt = dataTypeOf(v);
      if (!(vt.kind === 'year_month_interval' || vt.kind === 'day_time_interval') && !isNumeric(vt))
        v = castTo(v, D, ctx.ansi);
      else if (isNumeric(vt)) v = castTo(v, D, ctx.ansi);
      const p = castTo(args0[0]!, D, ctx.ansi);
      if (!isFoldable(args0[0]!)) {
        const callSql = `${name}(${[v, p].map((a) => exprSqlOf(a, ctx)).join(', ')})`;
        throw nonFoldableInput(callSql, 'percentage', args0[0]!, exprSqlOf(args0[0]!, ctx), 'DOUBLE');
      }
      const t = dataTypeOf(v);
      const resultType = percentileReturn([t, D]);
      return {
        kind: 'AggregateExpression',
        name,
        args: [v, p],
        distinct: call.distinct,
        filter: call.filter,
        dataType: resultType,
        nullable: true,
        resultId: ctx.nextExprId(),
        options: { orderWithin: dirs, reverse: (dirs[0] ?? '').startsWith('Descending') },
        ...(call.origin !== undefined ? { origin: call.origin } : {}),
      };
    },
    prettySql: (expr, argSql) => {
      const dirs =
        expr.kind === 'AggregateExpression'
          ? ((expr.options?.['orderWithin'] as readonly string[] | undefined) ?? [])
          : [];
      return `${name}(${argSql[1] ?? ''}) WITHIN GROUP (ORDER BY ${argSql[0] ?? ''}${sortSuffix(dirs[0] ?? '', false)})`;
    },
  };
}

const count: FunctionDef = {
  name: 'count',
  kind: 'aggregate',
  resolve(args0, call, ctx) {
    let args = args0;
    if (
      call.isStar ||
      (args.length === 0 && ctx.conf.get('spark.sql.legacy.allowParameterlessCount') === 'true')
    )
      args = [{ kind: 'Literal', value: 1, dataType: T.int }];
    if (args.length === 0) {
      throw new FlintError(
        'WRONG_NUM_ARGS.WITH_SUGGESTION',
        '[WRONG_NUM_ARGS.WITH_SUGGESTION] The `count` requires >= 1 parameters but the actual number is 0. If you have to call this function with 0 parameters, set the legacy configuration "spark.sql.legacy.allowParameterlessCount" to "true".',
        {
          functionName: '`count`',
          expectedNum: ' >= 1',
          actualNum: '0',
          legacyNum: '0',
          legacyConfKey: '"spark.sql.legacy.allowParameterlessCount"',
          legacyConfValue: '"true"',
        },
        null,
        '42605',
      );
    }
    return {
      kind: 'AggregateExpression',
      name: 'count',
      args,
      distinct: call.distinct,
      filter: call.filter,
      dataType: L,
      nullable: false,
      resultId: ctx.nextExprId(),
      ...(call.origin !== undefined ? { origin: call.origin } : {}),
    };
  },
  prettySql: aggregatePrettySql,
};
aggregateBufferTypeRegistry.set('count', () => [L]);

function maxMinByReturn(types: readonly DataType[]): DataType {
  return types.length === 3 ? T.array(types[0] ?? T.null) : (types[0] ?? T.null);
}

/** max_by(x, ord[, k]): with k, the x of the k largest (smallest) ords, k a constant in [1, 100000]. */
const maxMinBy = (name: 'max_by' | 'min_by'): FunctionDef =>
  aggregate(name, {
    inputs: ['any', 'any', T.int],
    minArgs: 2,
    maxArgs: 3,
    returns: maxMinByReturn,
    check(args, ctx, callSql) {
      const k = args[2];
      if (k === undefined) return;
      const v = literalValue(k);
      if (v === undefined) throw nonFoldableInput(callSql, 'k', k, exprSqlOf(k, ctx), 'INT');
      if (v === null || Number(v) < 1 || Number(v) > 100000) {
        const cur = String(v);
        throw new FlintError(
          'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE',
          `[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "${callSql}" due to data type mismatch: The \`k\` must be between [1, 100000] (current value = ${cur}).`,
          { exprName: '`k`', valueRange: '[1, 100000]', currentValue: cur, sqlExpr: `"${callSql}"` },
          null,
          '42K09',
        );
      }
    },
    bufferTypes: (e) => {
      const xt = arg0Type(e);
      const ot = e.args[1] ? dataTypeOf(e.args[1]) : T.null;
      return e.args.length === 3 ? [T.array(xt), T.array(ot, false)] : [xt, ot];
    },
  });

// The plain builders that percentile/percentile_approx defer to after adding default arguments.
const percentileBase = aggregate('percentile', {
  inputs: percentileArgTypes,
  minArgs: 2,
  maxArgs: 3,
  returns: percentileReturn,
  bufferTypes: (e) => [T.array(arg0Type(e), false), T.array(L, false)],
});
const percentileApproxBase = aggregate('percentile_approx', {
  aliases: ['approx_percentile'],
  aliasPrints: true,
  inputs: [
    ['numeric', T.date, T.timestamp, T.timestampNtz, T.time(6), 'yearMonthInterval', 'dayTimeInterval'],
    [D, T.array(D)],
    T.int,
  ],
  minArgs: 2,
  maxArgs: 3,
  returns: (t) => (t[1]?.kind === 'array' ? T.array(t[0] ?? D, false) : (t[0] ?? D)),
  bufferTypes: (e) => [T.array(arg0Type(e), false)],
});

const avgBase = aggregate('avg', {
  aliases: ['mean'],
  aliasPrints: true,
  inputs: [NUMERIC_OR_INTERVAL],
  returns: (t) => avgResultType(t[0] ?? D),
  bufferTypes: (e) => [avgSumType(arg0Type(e)), L],
});

export const aggregateFunctions: FunctionDef[] = [
  count,
  aggregate('count_if', { inputs: [T.boolean], returns: L, nullable: false, bufferTypes: () => [L] }),
  aggregate('sum', {
    inputs: [NUMERIC_OR_INTERVAL],
    returns: (t) => sumResultType(t[0] ?? D),
    bufferTypes: (e) => [e.dataType],
  }),
  aggregate('try_sum', {
    inputs: [NUMERIC_OR_INTERVAL],
    returns: (t) => sumResultType(t[0] ?? D),
    bufferTypes: (e) => [e.dataType, T.boolean],
  }),
  {
    ...avgBase,
    resolve(args, call, ctx) {
      // A timestamp averages as its seconds (Spark casts it to double implicitly, even under ANSI).
      const a = args[0];
      const t = a === undefined ? null : dataTypeOf(a);
      const cast: Expr | null =
        a !== undefined && (t?.kind === 'timestamp' || t?.kind === 'timestamp_ntz')
          ? { kind: 'Cast', child: a, dataType: D, evalMode: 'LEGACY', userSpecified: false }
          : null;
      return avgBase.resolve(cast ? [cast, ...args.slice(1)] : args, call, ctx);
    },
  },
  aggregate('try_avg', {
    inputs: [NUMERIC_OR_INTERVAL],
    returns: (t) => avgResultType(t[0] ?? D),
    bufferTypes: (e) => [avgSumType(arg0Type(e)), L, T.boolean],
  }),
  aggregate('min', { inputs: ['any'], returns: sameType, bufferTypes: (e) => [e.dataType] }),
  aggregate('max', { inputs: ['any'], returns: sameType, bufferTypes: (e) => [e.dataType] }),
  firstLast('first', ['first_value']),
  firstLast('last', ['last_value']),
  firstLast('any_value', []),
  aggregate('bool_and', {
    aliases: ['every'],
    aliasPrints: true,
    inputs: [T.boolean],
    returns: T.boolean,
    bufferTypes: () => [T.boolean],
  }),
  aggregate('bool_or', {
    aliases: ['any', 'some'],
    aliasPrints: true,
    inputs: [T.boolean],
    returns: T.boolean,
    bufferTypes: () => [T.boolean],
  }),
  statsDef('stddev_samp', ['stddev', 'std'], 3),
  statsDef('stddev_pop', [], 3),
  statsDef('var_samp', ['variance'], 3),
  statsDef('var_pop', [], 3),
  statsDef('skewness', [], 4),
  statsDef('kurtosis', [], 5),
  twoDoubles('covar_pop', 4),
  twoDoubles('covar_samp', 4),
  twoDoubles('corr', 6),
  twoDoubles('regr_avgx', 2),
  twoDoubles('regr_avgy', 2),
  twoDoubles('regr_slope', 6),
  twoDoubles('regr_intercept', 6),
  twoDoubles('regr_r2', 6),
  twoDoubles('regr_sxx', 6),
  twoDoubles('regr_syy', 6),
  twoDoubles('regr_sxy', 6),
  aggregate('regr_count', { inputs: [D, D], returns: L, nullable: false, bufferTypes: () => [L] }),
  aggregate('product', { inputs: [D], returns: D, bufferTypes: () => [D] }),
  aggregate('collect_list', {
    aliases: ['array_agg'],
    aliasPrints: true,
    inputs: ['any'],
    returns: (t) => T.array(t[0] ?? T.null, false),
    nullable: false,
    bufferTypes: (e) => [e.dataType],
  }),
  aggregate('collect_set', {
    inputs: ['any'],
    returns: (t) => T.array(t[0] ?? T.null, false),
    nullable: false,
    bufferTypes: (e) => [e.dataType],
  }),
  aggregate('approx_count_distinct', {
    inputs: ['any', D],
    minArgs: 1,
    maxArgs: 2,
    returns: L,
    nullable: false,
    bufferTypes: (e) => [T.array(arg0Type(e), false)],
  }),
  aggregate('mode', {
    inputs: ['any', T.boolean],
    minArgs: 1,
    maxArgs: 2,
    returns: sameType,
    bufferTypes: (e) => [T.array(arg0Type(e), false)],
  }),
  aggregate('median', {
    inputs: [[T.double, 'yearMonthInterval', 'dayTimeInterval']],
    returns: (t) => percentileReturn([t[0] ?? D, D]),
    // The values as the bytes of doubles (binary, as Spark's Percentile buffer is).
    bufferTypes: () => [T.binary],
  }),
  {
    ...percentileBase,
    resolve(args, call, ctx) {
      // The frequency defaults to 1 and is part of Spark's generated name: percentile(v, 0.5, 1).
      const full =
        args.length === 2 ? [...args, { kind: 'Literal', value: 1, dataType: T.int } as Expr] : args;
      return percentileBase.resolve(full, call, ctx);
    },
  },
  {
    ...percentileApproxBase,
    resolve(args, call, ctx) {
      const full =
        args.length === 2 ? [...args, { kind: 'Literal', value: 10000, dataType: T.int } as Expr] : args;
      return percentileApproxBase.resolve(full, call, ctx);
    },
  },
  percentileWithin('percentile_cont'),
  percentileWithin('percentile_disc'),
  maxMinBy('max_by'),
  maxMinBy('min_by'),
  aggregate('bit_and', { inputs: ['integral'], returns: sameType, bufferTypes: (e) => [e.dataType] }),
  aggregate('bit_or', { inputs: ['integral'], returns: sameType, bufferTypes: (e) => [e.dataType] }),
  aggregate('bit_xor', { inputs: ['integral'], returns: sameType, bufferTypes: (e) => [e.dataType] }),
  listagg,
];

// Buffer types of the listagg and WITHIN GROUP percentiles (built by hand above).
aggregateBufferTypeRegistry.set('listagg', (e) => [
  T.array(T.struct(e.args.map((a, i) => T.field(`c${i}`, dataTypeOf(a)))), false),
]);
aggregateBufferTypeRegistry.set('percentile_cont', (e) => [T.array(arg0Type(e), false)]);
aggregateBufferTypeRegistry.set('percentile_disc', (e) => [T.array(arg0Type(e), false)]);
