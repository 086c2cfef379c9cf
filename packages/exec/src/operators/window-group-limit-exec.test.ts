// WindowGroupLimitExec over sorted rows that arrive in several batches: ranks carry across batch
// boundaries (a partition, and a run of tied order values, both split between batches).
import { T, type Value } from '@flint/common';
import type { PhysicalPlan, RankLikeFunction } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { attr, desc, rowsOf, table } from '../test-support.js';

const g = attr(1, 'g', T.int);
const v = attr(2, 'v', T.int);
const id = attr(3, 'id', T.int);

// Sorted by g ASC NULLS FIRST, v DESC NULLS LAST; cut into batches at the marks.
const batches: Value[][][] = [
  [
    [null, 5, 0],
    [null, 5, 1],
  ],
  [
    [null, 4, 2],
    [1, 9, 3],
    [1, 9, 4],
  ],
  [
    [1, 9, 5],
    [1, 8, 6],
    [1, null, 7],
  ],
  [
    [2, 3, 8],
    [2, 2, 9],
    [2, 2, 10],
    [2, 1, 11],
  ],
];

function limited(rankLikeFunction: RankLikeFunction, limit: number): PhysicalPlan {
  return {
    kind: 'WindowGroupLimitExec',
    partitionSpec: [g],
    orderSpec: [desc(v)],
    rankLikeFunction,
    limit,
    mode: 'Final',
    child: {
      kind: 'CoalesceExec',
      numPartitions: 1,
      child: {
        kind: 'UnionExec',
        output: [g, v, id],
        children: batches.map((rows) => table([g, v, id], rows)),
      },
    },
  } as PhysicalPlan;
}

const ids = async (plan: PhysicalPlan) => (await rowsOf(plan)).map((r) => r[2]);

describe('WindowGroupLimitExec', () => {
  it('row_number keeps the first k rows of each partition, in order', async () => {
    expect(await ids(limited('row_number', 2))).toEqual([0, 1, 3, 4, 8, 9]);
    expect(await ids(limited('row_number', 1))).toEqual([0, 3, 8]);
  });

  it('rank keeps every row tied within the limit, and skips ranks after ties', async () => {
    // g = NULL: ranks 1 1 3; g = 1: 1 1 1 4 5; g = 2: 1 2 2 4.
    expect(await ids(limited('rank', 2))).toEqual([0, 1, 3, 4, 5, 8, 9, 10]);
    expect(await ids(limited('rank', 3))).toEqual([0, 1, 2, 3, 4, 5, 8, 9, 10]);
  });

  it('dense_rank counts distinct order values', async () => {
    // g = NULL: 1 1 2; g = 1: 1 1 1 2 3; g = 2: 1 2 2 3.
    expect(await ids(limited('dense_rank', 2))).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10]);
    expect(await ids(limited('dense_rank', 1))).toEqual([0, 1, 3, 4, 5, 8]);
  });
});
