// max_by/min_by with k, WITHIN GROUP percentiles across partial buffers and listagg's checks, with
// the values of Spark's golden files (max-min-by-k.sql, percentiles.sql, listagg.sql).

import { describe, expect, it } from 'vitest';
import {
  FlintError,
  getValue,
  T,
  vectorFromValues,
  type DataType,
  type Value,
  type Vector,
} from '@flint/common';
import { lookupFunction, type CallInfo, type Expr } from '@flint/planner';
import { lookupAggregate } from './index.js';
import type { AggregateExpr, EvalContext } from './kernel.js';

const ctx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };
let id = 1;
const col = (dataType: DataType): Expr => ({
  kind: 'AttributeReference',
  id: id++,
  name: `c${id}`,
  dataType,
  nullable: true,
  qualifier: [],
});
const lit = (value: Value, dataType: DataType): Expr => ({ kind: 'Literal', value, dataType });

function resolve(name: string, args: Expr[], call: Partial<CallInfo> = {}): AggregateExpr {
  const e = lookupFunction(name)!.resolve(
    args,
    { distinct: false, isStar: false, filter: null, ignoreNulls: false, ...call },
    { ansi: true, timeZone: 'UTC', nextExprId: () => id++, conf: new Map() },
  );
  if (e.kind !== 'AggregateExpression') throw new Error('not an aggregate');
  return e;
}

function vectors(e: AggregateExpr, cols: Value[][], n: number): Vector[] {
  return e.args.map((a, i) => {
    const c = cols[i] ?? new Array<Value>(n).fill(a.kind === 'Literal' ? a.value : null);
    return vectorFromValues((a as { dataType: DataType }).dataType, c);
  });
}

/** Two partitions aggregated partially, then merged, as the final aggregate of a shuffle does. */
function runMerged(e: AggregateExpr, cols: Value[][], split: number): Value {
  const final = lookupAggregate(e.name)!.createState(e, ctx);
  for (const p of [cols.map((c) => c.slice(0, split)), cols.map((c) => c.slice(split))]) {
    const n = p[0]!.length;
    const st = lookupAggregate(e.name)!.createState(e, ctx);
    st.update(new Int32Array(n), vectors(e, p, n), n, null);
    final.merge(new Int32Array(1), st.buffers(1), 1);
  }
  return getValue(final.evaluate(1), 0);
}

function errorClass(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof FlintError) return err.errorClass;
    throw err;
  }
  return 'no error';
}

const names = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve'];
const scores = [85, 92, 78, 95, 88];

describe('max_by / min_by with k', () => {
  it('returns the x of the k largest (smallest) ords, best first', () => {
    const k3 = resolve('max_by', [col(T.string), col(T.int), lit(3, T.int)]);
    expect(k3.dataType).toEqual(T.array(T.string));
    expect(runMerged(k3, [names, scores], 2)).toEqual(['Dave', 'Bob', 'Eve']);
    const min10 = resolve('min_by', [col(T.string), col(T.int), lit(10, T.int)]);
    expect(runMerged(min10, [names, scores], 3)).toEqual(['Carol', 'Alice', 'Eve', 'Bob', 'Dave']);
  });
  it('skips NULL ords and keeps NULL values', () => {
    const e = resolve('min_by', [col(T.string), col(T.int), lit(2, T.int)]);
    expect(
      runMerged(
        e,
        [
          [null, 'b', 'c'],
          [10, 20, 30],
        ],
        1,
      ),
    ).toEqual([null, 'b']);
    const m = resolve('max_by', [col(T.string), col(T.int), lit(2, T.int)]);
    expect(
      runMerged(
        m,
        [
          ['a', 'b', 'c', 'd'],
          [10, null, 30, 20],
        ],
        2,
      ),
    ).toEqual(['c', 'd']);
  });
  it('k must be in [1, 100000]', () => {
    for (const k of [0, -1, 100001])
      expect(errorClass(() => resolve('max_by', [col(T.string), col(T.int), lit(k, T.int)]))).toBe(
        'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE',
      );
  });
});

describe('percentile_cont / percentile_disc WITHIN GROUP', () => {
  const v = [0, 10, 20, 30, 40, 10, 20, 10, 20, 25, 30, 60, null];
  const within = (name: string, p: number, desc = false): AggregateExpr => {
    const key = col(T.int);
    return resolve(name, [lit(p, T.double)], {
      orderWithin: [
        {
          kind: 'SortOrder',
          child: key,
          direction: desc ? 'Descending' : 'Ascending',
          nullOrdering: desc ? 'NullsLast' : 'NullsFirst',
        } as Expr,
      ],
    });
  };
  it('merged partial buffers keep the percentage', () => {
    expect(runMerged(within('percentile_cont', 0.25), [v], 6)).toBe(10);
    expect(runMerged(within('percentile_cont', 0.25, true), [v], 6)).toBe(30);
    expect(runMerged(within('percentile_cont', 0.5), [v], 6)).toBe(20);
  });
  it('percentile_disc picks a value', () => {
    const a = [0, 1, 2, 3, 4];
    expect(runMerged(within('percentile_disc', 0.6), [a], 2)).toBe(2);
    expect(runMerged(within('percentile_disc', 1.0), [a], 2)).toBe(4);
  });
  it('rejects DISTINCT, a missing WITHIN GROUP and several orderings', () => {
    const key = {
      kind: 'SortOrder',
      child: col(T.int),
      direction: 'Ascending',
      nullOrdering: 'NullsFirst',
    } as Expr;
    expect(errorClass(() => resolve('percentile_cont', [lit(0.5, T.double)]))).toBe(
      'INVALID_WITHIN_GROUP_EXPRESSION.WITHIN_GROUP_MISSING',
    );
    expect(
      errorClass(() =>
        resolve('percentile_cont', [lit(0.5, T.double)], { distinct: true, orderWithin: [key] }),
      ),
    ).toBe('INVALID_WITHIN_GROUP_EXPRESSION.DISTINCT_UNSUPPORTED');
    expect(
      errorClass(() => resolve('percentile_cont', [lit(0.5, T.double)], { orderWithin: [key, key] })),
    ).toBe('INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS');
  });
});

describe('listagg checks', () => {
  it('rejects arrays and a non-constant delimiter', () => {
    expect(errorClass(() => resolve('listagg', [col(T.array(T.string))]))).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    );
    expect(errorClass(() => resolve('listagg', [col(T.string), col(T.string)]))).toBe(
      'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    );
  });
  it('DISTINCT orders only by its input, cast safely to a string', () => {
    const order = (e: Expr): Partial<CallInfo> => ({
      distinct: true,
      orderWithin: [
        { kind: 'SortOrder', child: e, direction: 'Ascending', nullOrdering: 'NullsFirst' } as Expr,
      ],
    });
    const a = col(T.string);
    expect(errorClass(() => resolve('listagg', [a], order(col(T.string))))).toBe(
      'INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT',
    );
    const d = col(T.double);
    expect(errorClass(() => resolve('listagg', [d, lit(',', T.string)], order(d)))).toBe(
      'INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT_UNSAFE_CAST',
    );
    const i = col(T.int);
    expect(resolve('listagg', [i, lit(',', T.string)], order(i)).dataType).toEqual(T.string);
  });
});
