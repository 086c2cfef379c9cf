// randstr kernel: Spark's values for fixed seeds (tier2 cte-recursion.sql: randstr(10, 82374) and the
// first draws of seeds 237685..237688).
import { describe, expect, it } from 'vitest';
import { T, getValue } from '@flint/common';
import type { Expr } from '@flint/planner';
import { randstrKernels } from './randstr.js';
import type { EvalContext, ScalarFunctionExpr } from './kernel.js';

const ctx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };

function draw(seed: bigint, rows = 1): string[] {
  const expr = {
    kind: 'ScalarFunction',
    name: 'randstr',
    args: [] as Expr[],
    dataType: T.string,
    nullable: false,
    options: { seed, length: 10 },
  } as ScalarFunctionExpr;
  const v = randstrKernels['randstr']!([], expr, ctx, rows);
  return Array.from({ length: rows }, (_, i) => getValue(v, i) as string);
}

describe('randstr', () => {
  it('matches Spark for fixed seeds', () => {
    expect(draw(82374n)).toEqual(['fmfDBMf60f']);
    expect(draw(237685n)).toEqual(['Zj7uI2Ex6e']);
    expect(draw(237686n)).toEqual(['IpXzdTW03I']);
    expect(draw(237687n)).toEqual(['kFeBV7dQWi']);
  });
  it('continues the generator across rows', () => {
    const rows = draw(237685n, 3);
    expect(rows[0]).toBe('Zj7uI2Ex6e');
    expect(new Set(rows).size).toBe(3);
  });
});
