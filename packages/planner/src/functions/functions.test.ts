// Resolution of core built-in functions: result types, nullability and generated names as in Spark's golden files.

import { describe, expect, it } from 'vitest';
import { T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import type { CallInfo, FunctionResolutionContext } from './function-def.js';
import { aggregateBufferTypes, listFunctionNames, lookupFunction } from './index.js';

let nextId = 100;
const ctx: FunctionResolutionContext = {
  ansi: true,
  timeZone: 'UTC',
  nextExprId: () => nextId++,
  conf: new Map(),
};
const call: CallInfo = { distinct: false, isStar: false, filter: null, ignoreNulls: false };

function col(name: string, dataType: DataType, nullable = true): Expr {
  return { kind: 'AttributeReference', id: nextId++, name, dataType, nullable, qualifier: [] };
}
const lit = (value: number | string | null, dataType: DataType): Expr => ({
  kind: 'Literal',
  value,
  dataType,
});

function resolve(name: string, args: Expr[], c: Partial<CallInfo> = {}): Expr {
  const def = lookupFunction(name);
  if (!def) throw new Error(`no ${name}`);
  return def.resolve(args, { ...call, ...c }, ctx);
}

describe('registry', () => {
  it('looks names up case-insensitively, aliases included', () => {
    expect(lookupFunction('COUNT')?.name).toBe('count');
    expect(lookupFunction('ifnull')?.name).toBe('nvl');
    expect(listFunctionNames()).toContain('stddev');
  });
});

describe('aggregates', () => {
  it('count(*) is count(1), bigint, not nullable', () => {
    const e = resolve('count', [], { isStar: true });
    expect(e.kind).toBe('AggregateExpression');
    expect(dataTypeOf(e)).toEqual(T.long);
    expect(nullableOf(e)).toBe(false);
    expect(lookupFunction('count')!.prettySql!(e, ['1'])).toBe('count(1)');
  });
  it('count() without arguments is WRONG_NUM_ARGS.WITH_SUGGESTION', () => {
    expect(() => resolve('count', [])).toThrow(
      expect.objectContaining({ errorClass: 'WRONG_NUM_ARGS.WITH_SUGGESTION' }),
    );
  });
  it('count(DISTINCT a) prints DISTINCT', () => {
    const e = resolve('count', [col('a', T.int)], { distinct: true });
    expect(lookupFunction('count')!.prettySql!(e, ['a'])).toBe('count(DISTINCT a)');
  });
  it('sum types: int -> bigint, decimal(p,s) -> decimal(p+10,s), float -> double', () => {
    expect(dataTypeOf(resolve('sum', [col('a', T.int)]))).toEqual(T.long);
    expect(dataTypeOf(resolve('sum', [col('a', T.decimal(5, 2))]))).toEqual(T.decimal(15, 2));
    expect(dataTypeOf(resolve('sum', [col('a', T.decimal(35, 2))]))).toEqual(T.decimal(38, 2));
    expect(dataTypeOf(resolve('sum', [col('a', T.float)]))).toEqual(T.double);
    // A string argument is read as double.
    const s = resolve('sum', [col('a', T.string)]);
    expect(dataTypeOf(s)).toEqual(T.double);
  });
  it('avg types: double for numerics, decimal(p+4,s+4) for decimals', () => {
    expect(dataTypeOf(resolve('avg', [col('a', T.int)]))).toEqual(T.double);
    expect(dataTypeOf(resolve('avg', [col('a', T.decimal(10, 2))]))).toEqual(T.decimal(14, 6));
    expect(aggregateBufferTypes(resolve('avg', [col('a', T.int)]) as never)).toEqual([T.double, T.long]);
  });
  it('min/max keep the type; collect_list is array<T> not null', () => {
    expect(dataTypeOf(resolve('max', [col('s', T.string)]))).toEqual(T.string);
    const c = resolve('collect_list', [col('a', T.int)]);
    expect(dataTypeOf(c)).toEqual(T.array(T.int, false));
    expect(nullableOf(c)).toBe(false);
  });
  it('percentile adds the default frequency to its name; median is double', () => {
    const e = resolve('percentile', [col('v', T.int), lit(0.5, T.double)]);
    expect(e.kind === 'AggregateExpression' && e.args.length).toBe(3);
    expect(dataTypeOf(resolve('median', [col('v', T.int)]))).toEqual(T.double);
  });
  it('listagg(col1) WITHIN GROUP prints the default NULL delimiter and the order', () => {
    const c1 = col('col1', T.string);
    const e = resolve('listagg', [c1], {
      orderWithin: [{ kind: 'SortOrder', child: c1, direction: 'Descending', nullOrdering: 'NullsLast' }],
    });
    expect(lookupFunction('listagg')!.prettySql!(e, ['col1', 'NULL', 'col1'])).toBe(
      'listagg(col1, NULL) WITHIN GROUP (ORDER BY col1 DESC NULLS LAST)',
    );
  });
});

describe('conditionals', () => {
  it('coalesce(c2, 1/0) is a CASE of type double (lazy), printed as coalesce', () => {
    const div: Expr = {
      kind: 'Arithmetic',
      op: 'Divide',
      left: lit(1, T.int),
      right: lit(0, T.int),
      dataType: T.double,
      evalMode: 'ANSI',
    };
    const e = resolve('coalesce', [col('c2', T.int), div]);
    expect(e.kind).toBe('CaseWhen');
    expect(dataTypeOf(e)).toEqual(T.double);
    expect(e.kind === 'CaseWhen' && e.display?.name).toBe('coalesce');
  });
  it('nvl(1, 2.1d) is double; nvl(NULL, NULL) is void; ifnull keeps its name', () => {
    expect(dataTypeOf(resolve('nvl', [lit(1, T.int), lit(2.1, T.double)]))).toEqual(T.double);
    expect(dataTypeOf(resolve('nvl', [lit(null, T.null), lit(null, T.null)]))).toEqual(T.null);
    const e = resolve('ifnull', [lit(null, T.null), lit('x', T.string)], { name: 'ifnull' });
    expect(e.kind === 'CaseWhen' && e.display?.name).toBe('ifnull');
  });
  it('if(c, 1, 1/0) is double and prints (IF(...))', () => {
    const e = resolve('if', [col('c', T.boolean), lit(1, T.int), lit(1.5, T.double)]);
    expect(dataTypeOf(e)).toEqual(T.double);
    expect(lookupFunction('if')!.prettySql!(e, ['c', '1', '2'])).toBe('(IF(c, 1, 2))');
  });
  it('nullif(1, 2.1d) keeps the first type (int)', () => {
    expect(dataTypeOf(resolve('nullif', [lit(1, T.int), lit(2.1, T.double)]))).toEqual(T.int);
  });
  it('if with tinyint and string branches is bigint', () => {
    expect(dataTypeOf(resolve('if', [lit(1, T.boolean), col('a', T.byte), col('b', T.string)]))).toEqual(
      T.long,
    );
  });
  it('greatest of int and double is double', () => {
    expect(dataTypeOf(resolve('greatest', [col('a', T.int), col('b', T.double)]))).toEqual(T.double);
  });
  it('nvl with three arguments is WRONG_NUM_ARGS', () => {
    expect(() => resolve('nvl', [lit(1, T.int), lit(1, T.int), lit(1, T.int)])).toThrow(
      expect.objectContaining({ errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' }),
    );
  });
});

describe('window functions', () => {
  it('row_number is int, lag appends offset 1 and a NULL default of the input type', () => {
    expect(dataTypeOf(resolve('row_number', []))).toEqual(T.int);
    expect(dataTypeOf(resolve('percent_rank', []))).toEqual(T.double);
    const e = resolve('lag', [col('v', T.long)]);
    expect(e.kind === 'WindowFunction' && e.args.length).toBe(3);
    expect(dataTypeOf(e)).toEqual(T.long);
  });
});
