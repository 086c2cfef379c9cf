// Built-in aggregate functions: type checking, result types (Spark 4 rules) and partial-buffer types.

import { FlintError, isNumeric, T, type DataType, type Value } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { MAX_PRECISION } from '../types/decimal.js';
import { checkArgCount, dataDiffTypes } from '../types/errors.js';
import { castTo, type AbstractType } from '../types/coercion.js';
import type { FunctionDef } from './function-def.js';
import {
  aggregate,
  aggregateBufferTypeRegistry,
  aggregatePrettySql,
  callSqlOf,
  literalValue,
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
  const elem = t0.kind === 'year_month_interval' || t0.kind === 'day_time_interval' ? t0 : D;
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

const listagg: FunctionDef = {
  name: 'listagg',
  aliases: ['string_agg'],
  kind: 'aggregate',
  resolve(args0, call, ctx) {
    checkArgCount(call.name ?? 'listagg', args0, 1, 2);
    let value = args0[0]!;
    let sep: Expr = args0[1] ?? { kind: 'Literal', value: null, dataType: T.null };
    const vt = dataTypeOf(value);
    if (vt.kind !== 'string' && vt.kind !== 'binary') value = castTo(value, T.string, ctx.ansi);
    const rt = dataTypeOf(value);
    const st = dataTypeOf(sep);
    if (st.kind === 'null') sep = { kind: 'Literal', value: null, dataType: rt };
    else if (st.kind !== rt.kind) throw dataDiffTypes(callSqlOf('listagg', args0, ctx), 'listagg', [rt, st]);
    const { keys, dirs } = orderWithinOptions(call.orderWithin ?? []);
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

function percentileWithin(name: 'percentile_cont' | 'percentile_disc'): FunctionDef {
  return {
    name,
    kind: 'aggregate',
    resolve(args0, call, ctx) {
      checkArgCount(name, args0, 1, 1);
      const order = call.orderWithin ?? [];
      if (order.length !== 1) {
        throw new FlintError(
          'INVALID_WITHIN_GROUP_EXPRESSION.WITHIN_GROUP_MISSING',
          `[INVALID_WITHIN_GROUP_EXPRESSION.WITHIN_GROUP_MISSING] Invalid function \`${name}\` with WITHIN GROUP. WITHIN GROUP is required for inverse distribution function.`,
          { funcName: `\`${name}\`` },
          null,
          '42K0K',
        );
      }
      const { keys, dirs } = orderWithinOptions(order);
      let v = keys[0]!;
      const vt = dataTypeOf(v);
      if (!(vt.kind === 'year_month_interval' || vt.kind === 'day_time_interval') && !isNumeric(vt))
        v = castTo(v, D, ctx.ansi);
      else if (isNumeric(vt)) v = castTo(v, D, ctx.ansi);
      const p = castTo(args0[0]!, D, ctx.ansi);
      const t = dataTypeOf(v);
      const resultType =
        t.kind === 'year_month_interval' || t.kind === 'day_time_interval' ? T.dayTimeInterval() : D;
      return {
        kind: 'AggregateExpression',
        name,
        args: [v, p],
        distinct: call.distinct,
        filter: call.filter,
        dataType: t.kind === 'year_month_interval' ? T.dayTimeInterval() : resultType,
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
    ['numeric', T.date, T.timestamp, T.timestampNtz, 'yearMonthInterval', 'dayTimeInterval'],
    [D, T.array(D)],
    T.int,
  ],
  minArgs: 2,
  maxArgs: 3,
  returns: (t) => (t[1]?.kind === 'array' ? T.array(t[0] ?? D, false) : (t[0] ?? D)),
  bufferTypes: (e) => [T.array(arg0Type(e), false)],
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
  aggregate('avg', {
    aliases: ['mean'],
    aliasPrints: true,
    inputs: [NUMERIC_OR_INTERVAL],
    returns: (t) => avgResultType(t[0] ?? D),
    bufferTypes: (e) => [avgSumType(arg0Type(e)), L],
  }),
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
    bufferTypes: (e) => [T.array(arg0Type(e), false)],
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
  aggregate('max_by', {
    inputs: ['any', 'any', T.int],
    minArgs: 2,
    maxArgs: 3,
    returns: maxMinByReturn,
    bufferTypes: (e) => [arg0Type(e), e.args[1] ? dataTypeOf(e.args[1]) : T.null],
  }),
  aggregate('min_by', {
    inputs: ['any', 'any', T.int],
    minArgs: 2,
    maxArgs: 3,
    returns: maxMinByReturn,
    bufferTypes: (e) => [arg0Type(e), e.args[1] ? dataTypeOf(e.args[1]) : T.null],
  }),
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
