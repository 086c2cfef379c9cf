// The traversal helpers keep an unchanged node the same object (rules rely on it to tell whether they
// changed anything) and rebuild only the path to a changed node.
import { T } from '@flint/common';
import { describe, expect, it } from 'vitest';
import type { AttributeRef, Expr } from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import { mapChildren } from '../parser-bridge/ast-to-plan.js';
import { mapPlanExpressions, transformExprUp } from './plan-transform.js';

const attr = (id: number, name: string): AttributeRef => ({
  kind: 'AttributeReference',
  id,
  name,
  dataType: T.int,
  nullable: true,
  qualifier: [],
});
const lit = (value: number): Expr => ({ kind: 'Literal', value, dataType: T.int });
const a = attr(1, 'a');
const b = attr(2, 'b');
const gt = (left: Expr, right: Expr): Expr => ({ kind: 'Comparison', op: '>', left, right });

const condition: Expr = {
  kind: 'And',
  left: gt(a, lit(1)),
  right: { kind: 'In', value: b, list: [lit(2), lit(3), lit(4)] },
};

describe('expression and plan rewriting', () => {
  it('keeps every node the same object when nothing changes', () => {
    expect(mapChildren(condition, (c) => c)).toBe(condition);
    expect(transformExprUp(condition, (x) => x)).toBe(condition);
    const plan: LogicalPlan = {
      kind: 'Filter',
      condition,
      child: { kind: 'LocalRelation', output: [a, b], rows: [] },
    };
    expect(mapPlanExpressions(plan, (e) => transformExprUp(e, (x) => x))).toBe(plan);
  });

  it('rebuilds only the nodes above a change, in order', () => {
    const seen: number[] = [];
    const rewritten = transformExprUp(condition, (x) => {
      if (x.kind === 'Literal') seen.push(x.value as number);
      return x.kind === 'Literal' && x.value === 3 ? lit(30) : x;
    });
    // Children are visited left to right, each once.
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(rewritten).not.toBe(condition);
    if (rewritten.kind !== 'And' || condition.kind !== 'And') throw new Error('expected And');
    // The untouched side is the same object; the changed list keeps its untouched elements.
    expect(rewritten.left).toBe(condition.left);
    if (rewritten.right.kind !== 'In' || condition.right.kind !== 'In') throw new Error('expected In');
    expect(rewritten.right.value).toBe(condition.right.value);
    expect(rewritten.right.list[0]).toBe(condition.right.list[0]);
    expect(rewritten.right.list[1]).toEqual(lit(30));
    expect(rewritten.right.list[2]).toBe(condition.right.list[2]);
    // The original is not modified.
    expect(condition.right.list[1]).toEqual(lit(3));
  });

  it('gives a plan node new expressions only where they changed', () => {
    const plan: LogicalPlan = {
      kind: 'Project',
      projectList: [a, b],
      child: { kind: 'LocalRelation', output: [a, b], rows: [] },
    };
    const renamed = mapPlanExpressions(plan, (e) => (e === b ? { ...b, name: 'c' } : e));
    expect(renamed).not.toBe(plan);
    if (renamed.kind !== 'Project') throw new Error('expected Project');
    expect(renamed.projectList[0]).toBe(a);
    expect(renamed.projectList[1]).toMatchObject({ name: 'c' });
    expect(renamed.child).toBe(plan.child);
  });
});
