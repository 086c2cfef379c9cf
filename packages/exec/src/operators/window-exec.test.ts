import { T, type DataType } from '@flint/common';
import type { Expr, PhysicalPlan, WindowFrameSpec } from '@flint/planner';
import { describe, expect, it, vi } from 'vitest';
import { alias, asc, attr, desc, lit, rowsOf, table } from '../test-support.js';

vi.mock('../functions/index.js', async () => {
  const { mockAggregates } = await import('./mock-aggregates.test-helper.js');
  return { lookupScalarKernel: () => undefined, lookupAggregate: (n: string) => mockAggregates[n] };
});

const x = attr(1, 'x', T.int);
const data = table([x], [[1], [2], [4], [7], [null]]);
const sumX: Expr = {
  kind: 'AggregateExpression',
  name: 'sum',
  args: [x],
  distinct: false,
  filter: null,
  dataType: T.long,
  nullable: true,
  resultId: 99,
};
const wf = (name: string, args: Expr[] = [], dataType: DataType = T.int, ignoreNulls = false): Expr => ({
  kind: 'WindowFunction',
  name,
  args,
  dataType,
  nullable: true,
  ignoreNulls,
});

function windowPlan(fn: Expr, frame: WindowFrameSpec, descending = false): PhysicalPlan {
  const order = [descending ? desc(x) : asc(x)];
  return {
    kind: 'WindowExec',
    windowExprs: [
      alias({ kind: 'WindowExpression', function: fn, partitionSpec: [], orderSpec: order, frame }, 'w', 10),
    ],
    partitionSpec: [],
    orderSpec: order,
    child: data,
  };
}

const off = (n: number) => ({ kind: 'Offset' as const, value: lit(n, T.int) });

describe('WindowExec frames', () => {
  it('RANGE BETWEEN 2 PRECEDING AND CURRENT ROW sums keys within distance 2; NULL keys frame each other', async () => {
    const rows = await rowsOf(
      windowPlan(sumX, { frameType: 'RangeFrame', lower: off(-2), upper: { kind: 'CurrentRow' } }),
    );
    expect(rows).toEqual([
      [null, null],
      [1, 1n],
      [2, 3n],
      [4, 6n],
      [7, 7n],
    ]);
  });
  it('RANGE over a descending order looks at larger keys as preceding', async () => {
    const rows = await rowsOf(
      windowPlan(sumX, { frameType: 'RangeFrame', lower: off(-3), upper: { kind: 'CurrentRow' } }, true),
    );
    expect(rows).toEqual([
      [7, 7n],
      [4, 11n],
      [2, 6n],
      [1, 7n],
      [null, null],
    ]);
  });
  it('empty ROWS frames give the empty aggregate', async () => {
    const rows = await rowsOf(windowPlan(sumX, { frameType: 'RowFrame', lower: off(1), upper: off(2) }));
    expect(rows.map((r) => r[1])).toEqual([3n, 6n, 11n, 7n, null]);
  });
  it('first_value / last_value / nth_value follow the frame; percent_rank', async () => {
    const running: WindowFrameSpec = {
      frameType: 'RowFrame',
      lower: { kind: 'UnboundedPreceding' },
      upper: { kind: 'CurrentRow' },
    };
    expect((await rowsOf(windowPlan(wf('first_value', [x]), running))).map((r) => r[1])).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect((await rowsOf(windowPlan(wf('first_value', [x], T.int, true), running))).map((r) => r[1])).toEqual(
      [null, 1, 1, 1, 1],
    );
    expect((await rowsOf(windowPlan(wf('last_value', [x]), running))).map((r) => r[1])).toEqual([
      null,
      1,
      2,
      4,
      7,
    ]);
    expect((await rowsOf(windowPlan(wf('nth_value', [x, lit(3, T.int)]), running))).map((r) => r[1])).toEqual(
      [null, null, 2, 2, 2],
    );
    const all: WindowFrameSpec = {
      frameType: 'RowFrame',
      lower: { kind: 'UnboundedPreceding' },
      upper: { kind: 'UnboundedFollowing' },
    };
    expect((await rowsOf(windowPlan(wf('percent_rank', [], T.double), all))).map((r) => r[1])).toEqual([
      0, 0.25, 0.5, 0.75, 1,
    ]);
  });
});
