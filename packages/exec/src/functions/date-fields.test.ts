// year / month / day / EXTRACT over date columns: the typed loop must agree with the calendar.
import { describe, expect, it } from 'vitest';
import { T, batchToRows, vectorFromValues, type Value } from '@flint/common';
import type { Expr } from '@flint/planner';
import { datetimeKernels } from './datetime.js';
import type { EvalContext, ScalarFunctionExpr } from './kernel.js';

const ctx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };

function run(name: string, values: readonly Value[], options?: Record<string, Value>): Value[] {
  const v = vectorFromValues(T.date, values);
  const expr = {
    kind: 'ScalarFunction',
    name,
    args: [] as Expr[],
    dataType: T.int,
    nullable: true,
    ...(options ? { options } : {}),
  } as unknown as ScalarFunctionExpr;
  const out = datetimeKernels[name]!([v], expr, ctx, values.length);
  return batchToRows({ numRows: values.length, columns: [out] }).map((r) => r[0] ?? null);
}

describe('date fields', () => {
  const dates = ['1970-01-01', '1969-12-31', '1995-03-15', '2000-02-29', '1600-03-01', '9999-12-31'];
  const daysOf = (s: string): number => Date.parse(`${s}T00:00:00Z`) / 86_400_000;
  const values: Value[] = [...dates.map(daysOf), null];
  const expected = (k: 0 | 1 | 2): Value[] => [...dates.map((s) => Number(s.split('-')[k])), null];

  it('year, month, day', () => {
    expect(run('year', values)).toEqual(expected(0));
    expect(run('month', values)).toEqual(expected(1));
    expect(run('day', values)).toEqual(expected(2));
  });

  it('EXTRACT(YEAR / MONTH / DAY FROM date)', () => {
    expect(run('extract', values, { field: 'YEAR' })).toEqual(expected(0));
    expect(run('extract', values, { field: 'MONTH' })).toEqual(expected(1));
    expect(run('extract', values, { field: 'DAY' })).toEqual(expected(2));
  });
});
