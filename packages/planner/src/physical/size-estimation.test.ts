// Size estimates as Spark's SizeInBytesOnlyStatsPlanVisitor: real bytes for in-memory data, file sizes
// scaled by row width, Filter keeping its child's size, Project scaling, Join products.
import { T, type Batch } from '@flint/common';
import { describe, expect, it } from 'vitest';
import type { AttributeRef, Expr } from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import { estimateSize, sizePerRow } from './size-estimation.js';

const attr = (id: number, name: string, dataType = T.int): AttributeRef => ({
  kind: 'AttributeReference',
  id,
  name,
  dataType,
  nullable: true,
  qualifier: [],
});

const a = attr(1, 'a');
const s = attr(2, 's', T.string);
const batch: Batch = {
  numRows: 3,
  columns: [
    { type: T.int, length: 3, values: new Int32Array([1, 2, 3]), nulls: null },
    { type: T.string, length: 3, values: ['x', 'yy', 'zzzz'], nulls: new Uint8Array(3) },
  ],
};
const memory = (output: AttributeRef[]): LogicalPlan => ({
  kind: 'LogicalRelation',
  output,
  source: {
    kind: 'Memory',
    schema: T.struct([T.field('a', T.int), T.field('s', T.string)]),
    partitions: [[batch]],
  },
});
const local = (rows: number): LogicalPlan => ({
  kind: 'LocalRelation',
  output: [a],
  rows: Array.from({ length: rows }, (_, i) => [i]),
});

describe('estimateSize', () => {
  it('counts the bytes of in-memory columns read', () => {
    // Int32Array of 3 = 12 bytes; strings 1 + 2 + 4 characters + 12 bytes each, plus the null mask.
    expect(estimateSize(memory([a, s]))).toBe(12 + 7 + 36 + 3);
    expect(estimateSize(memory([a]))).toBe(12);
  });

  it('sizes a local relation by rows times the default row width', () => {
    expect(sizePerRow([a])).toBe(12);
    expect(estimateSize(local(10))).toBe(120);
  });

  it('keeps the child size through a Filter and scales it through a Project', () => {
    const cond: Expr = {
      kind: 'Comparison',
      op: 'GreaterThan',
      left: a,
      right: { kind: 'Literal', value: 1, dataType: T.int },
    };
    expect(estimateSize({ kind: 'Filter', condition: cond, child: local(10) })).toBe(120);
    const wide: LogicalPlan = {
      kind: 'LocalRelation',
      output: [a, attr(3, 'b', T.long)],
      rows: Array.from({ length: 10 }, (_, i) => [i, BigInt(i)]),
    };
    // 10 rows of 8 + 4 + 8 = 200 bytes; keeping only `a` scales by 12 / 20.
    expect(estimateSize({ kind: 'Project', projectList: [a], child: wide })).toBe(120);
  });

  it('multiplies join sides and keeps the left for semi and anti joins', () => {
    const join = (joinType: 'Inner' | 'LeftSemi'): LogicalPlan => ({
      kind: 'Join',
      left: local(10),
      right: local(2),
      joinType,
      condition: null,
      hint: {},
    });
    expect(estimateSize(join('Inner'))).toBe(120 * 24);
    expect(estimateSize(join('LeftSemi'))).toBe(120);
  });

  it('sizes a limit by its rows and a global aggregate as one row', () => {
    expect(estimateSize({ kind: 'Limit', limit: 3, offset: 0, child: local(100) })).toBe(36);
    expect(
      estimateSize({ kind: 'Aggregate', groupingExprs: [], aggregateExprs: [a], child: local(100) }),
    ).toBe(12);
  });
});
