// Plan shapes the DataFrame API builds, checked against a fake session whose analyzer returns the plan
// unchanged (the real analyzer is exercised by the end-to-end tests).
import { describe, expect, it } from 'vitest';
import { T, type DataType, type Value } from '@flint/common';
import type { AttributeRef, Expr, LogicalPlan } from '@flint/planner';
import { DataFrame } from './dataframe.js';
import { col, lit, sum, broadcast } from './functions.js';
import type { SessionState } from './session/session-state.js';

function fakeState(): SessionState & { analyzed: LogicalPlan[] } {
  let id = 100;
  const conf = new Map<string, string>();
  const analyzed: LogicalPlan[] = [];
  return {
    analyzed,
    conf: {
      get: ((k: string, d?: string) => conf.get(k) ?? d) as SessionState['conf']['get'],
      set: (k, v) => void conf.set(k, String(v)),
      unset: (k) => void conf.delete(k),
      getAll: () => conf,
    },
    nextExprId: () => id++,
    analyze: (p) => {
      analyzed.push(p);
      return p;
    },
    execute: () => Promise.reject(new Error('not in fake')),
    explainString: () => '',
    sql: () => Promise.reject(new Error('not in fake')),
    parseExpression: () => {
      throw new Error('not in fake');
    },
    parseTableName: (t) => t.split('.'),
    table: () => {
      throw new Error('not in fake');
    },
    createTempView: () => undefined,
    dropTempView: () => false,
    listTables: () => [],
    fileRelation: () => Promise.reject(new Error('not in fake')),
    cache: () => undefined,
    uncache: () => undefined,
  };
}

const attr = (
  id: number,
  name: string,
  dataType: DataType = T.int,
  nullable = true,
  qualifier: string[] = [],
): AttributeRef => ({
  kind: 'AttributeReference',
  id,
  name,
  dataType,
  nullable,
  qualifier,
});

function base(state: SessionState, attrs: AttributeRef[], rows: Value[][] = []): DataFrame {
  return new DataFrame(state, { kind: 'LocalRelation', output: attrs, rows });
}

const A = attr(1, 'a');
const B = attr(2, 'b', T.string);
const C = attr(3, 'c', T.double);

describe('DataFrame plans', () => {
  it('filter puts an unresolved condition over the analyzed child', () => {
    const s = fakeState();
    const df = base(s, [A, B]);
    const f = df.filter(col('a').gt(1));
    expect(f.plan).toEqual({
      kind: 'Filter',
      condition: {
        kind: 'Comparison',
        op: 'GreaterThan',
        left: { kind: 'UnresolvedAttribute', nameParts: ['a'] },
        right: { kind: 'Literal', value: 1, dataType: T.int },
      },
      child: df.plan,
    });
  });

  it('exposes schema, columns and dtypes of the analyzed plan', () => {
    const df = base(fakeState(), [A, B, attr(4, 'd', T.decimal(10, 2), false)]);
    expect(df.columns).toEqual(['a', 'b', 'd']);
    expect(df.dtypes).toEqual([
      ['a', 'int'],
      ['b', 'string'],
      ['d', 'decimal(10,2)'],
    ]);
    expect(df.schema.fields[2]).toEqual({ name: 'd', dataType: T.decimal(10, 2), nullable: false });
  });

  it('withColumn replaces a column in place (case-insensitively) and appends a new one', () => {
    const s = fakeState();
    const df = base(s, [A, B]);
    const r = df.withColumn('A', col('a').plus(1));
    if (r.plan.kind !== 'Project') throw new Error('expected Project');
    expect(r.plan.projectList.map((e) => e.kind)).toEqual(['Alias', 'AttributeReference']);
    expect(r.plan.projectList[0]).toMatchObject({ kind: 'Alias', name: 'A' });
    expect(r.plan.projectList[0]!.id).toBeGreaterThanOrEqual(100);
    const n = df.withColumn('x', lit(1));
    if (n.plan.kind !== 'Project') throw new Error('expected Project');
    expect(n.plan.projectList.map((e) => (e.kind === 'Alias' ? `${e.name}=` : e.name))).toEqual([
      'a',
      'b',
      'x=',
    ]);
  });

  it('withColumnRenamed ignores unknown names and renames known ones', () => {
    const df = base(fakeState(), [A, B]);
    expect(df.withColumnRenamed('zzz', 'y')).toBe(df);
    const r = df.withColumnRenamed('b', 'name');
    expect(r.columns).toEqual(['a', 'name']);
  });

  it('drop by name ignores unknown columns; by Column uses the attribute', () => {
    const df = base(fakeState(), [A, B, C]);
    expect(df.drop('nope')).toBe(df);
    expect(df.drop('b').columns).toEqual(['a', 'c']);
    expect(df.drop(df.col('c'), 'a').columns).toEqual(['b']);
  });

  it('col() binds the resolved attribute and reports ambiguity', () => {
    const df = base(fakeState(), [A, attr(5, 'a', T.int, true, ['r']), B]);
    expect(df.col('r.a').expr).toEqual(attr(5, 'a', T.int, true, ['r']));
    expect(() => df.col('a')).toThrowError(/AMBIGUOUS_REFERENCE/);
  });

  it('join on names builds a USING join; on a Column a Join with the condition', () => {
    const s = fakeState();
    const l = base(s, [A, B]);
    const r = base(s, [attr(10, 'a'), attr(11, 'city', T.string)]);
    const j = l.join(r, 'a');
    expect(j.plan).toMatchObject({ kind: 'UnresolvedUsingJoin', joinType: 'Inner', usingColumns: ['a'] });
    const k = l.join(r, l.col('a').eq(r.col('a')), 'left_outer');
    expect(k.plan).toMatchObject({
      kind: 'Join',
      joinType: 'LeftOuter',
      condition: { kind: 'Comparison', op: 'EqualTo', left: A, right: attr(10, 'a') },
    });
    expect(l.join(r, ['a'], 'fullouter').plan).toMatchObject({ joinType: 'FullOuter' });
    expect(l.join(r, 'a', 'semi').plan).toMatchObject({ joinType: 'LeftSemi' });
    expect(l.join(r, 'a', 'left_anti').plan).toMatchObject({ joinType: 'LeftAnti' });
    expect(() => l.join(r, 'a', 'sideways')).toThrowError(/UNSUPPORTED_JOIN_TYPE/);
    expect(l.crossJoin(r).plan).toMatchObject({ kind: 'Join', joinType: 'Cross', condition: null });
  });

  it('broadcast() marks the join side with a BROADCAST hint', () => {
    const s = fakeState();
    const l = base(s, [A]);
    const r = base(s, [attr(10, 'a')]);
    expect(l.join(broadcast(r), 'a', 'left_anti').plan).toMatchObject({ hint: { rightHint: 'BROADCAST' } });
    expect(broadcast(l).join(r, 'a').plan).toMatchObject({ hint: { leftHint: 'BROADCAST' } });
  });

  it('groupBy().agg() keeps grouping columns first; count() is count(1) AS count', () => {
    const s = fakeState();
    const df = base(s, [A, B]);
    const g = df.groupBy('b').agg(sum('a'));
    expect(g.plan).toMatchObject({
      kind: 'Aggregate',
      groupingExprs: [{ kind: 'UnresolvedAttribute', nameParts: ['b'] }],
      aggregateExprs: [
        { kind: 'UnresolvedAttribute', nameParts: ['b'] },
        { kind: 'UnresolvedAlias', child: { kind: 'UnresolvedFunction', name: ['sum'] } },
      ],
    });
    const c = df.groupBy('b').count();
    expect(c.plan).toMatchObject({
      aggregateExprs: [
        {},
        {
          kind: 'Alias',
          name: 'count',
          child: { kind: 'UnresolvedFunction', name: ['count'], args: [{ kind: 'Literal', value: 1 }] },
        },
      ],
    });
    const d = df.groupBy('b').agg({ a: 'mean', '*': 'count' });
    expect(d.plan).toMatchObject({
      aggregateExprs: [
        {},
        { kind: 'UnresolvedAlias', child: { name: ['avg'] } },
        { kind: 'UnresolvedAlias', child: { name: ['count'], args: [{ kind: 'Literal', value: 1 }] } },
      ],
    });
    expect(() => df.groupBy().sum('b')).toThrowError(/"b" is not a numeric column/);
  });

  it('orderBy sorts ascending nulls first by default, honours ascending flags', () => {
    const df = base(fakeState(), [A, B]);
    const o = df.orderBy('a', col('b').desc());
    expect(o.plan).toMatchObject({
      kind: 'Sort',
      global: true,
      order: [
        { direction: 'Ascending', nullOrdering: 'NullsFirst' },
        { direction: 'Descending', nullOrdering: 'NullsLast' },
      ],
    });
    const p = df.orderBy(['a', 'b'], { ascending: [false, true] });
    expect(p.plan).toMatchObject({ order: [{ direction: 'Descending' }, { direction: 'Ascending' }] });
  });

  it('dropDuplicates keys on the named columns and reports unknown ones as Spark', () => {
    const df = base(fakeState(), [A, B]);
    expect(df.dropDuplicates(['B']).plan).toMatchObject({ kind: 'Deduplicate', keys: [B] });
    expect(df.dropDuplicates().plan).toMatchObject({ kind: 'Deduplicate', keys: [A, B] });
    expect(() => df.dropDuplicates(['x'])).toThrowError('Cannot resolve column name "x" among (a, b).');
  });

  it('na.fill fills only columns of the value type, with NaN too in double columns', () => {
    const df = base(fakeState(), [A, B, C]);
    const f = df.na.fill(0);
    if (f.plan.kind !== 'Project') throw new Error('expected Project');
    const [pa, pb, pc] = f.plan.projectList;
    expect(pa).toMatchObject({
      kind: 'Alias',
      name: 'a',
      child: { kind: 'UnresolvedFunction', name: ['coalesce'] },
    });
    expect(pb).toBe(B);
    expect(pc).toMatchObject({
      kind: 'Alias',
      name: 'c',
      child: { name: ['coalesce'], args: [{ name: ['nanvl'] }, { kind: 'Cast', dataType: T.double }] },
    });
    const s = df.fillna('x', ['a', 'b']);
    if (s.plan.kind !== 'Project') throw new Error('expected Project');
    expect(s.plan.projectList.map((e) => e.kind)).toEqual([
      'AttributeReference',
      'Alias',
      'AttributeReference',
    ]);
  });

  it('na.drop builds the non-null condition for any, all and thresh', () => {
    const df = base(fakeState(), [A, C]);
    const any = df.na.drop();
    const cond = (d: DataFrame): Expr => (d.plan.kind === 'Filter' ? d.plan.condition : (undefined as never));
    expect(cond(any)).toMatchObject({
      kind: 'And',
      left: { kind: 'IsNotNull', child: A },
      right: { kind: 'And', left: { kind: 'IsNotNull', child: C }, right: { kind: 'Not' } },
    });
    expect(cond(df.dropna('all'))).toMatchObject({ kind: 'Or' });
    expect(df.dropna('any', 0)).toBe(df);
  });

  it('set operations and slicing', () => {
    const s = fakeState();
    const a = base(s, [A]);
    const b = base(s, [attr(9, 'a')]);
    expect(a.union(b).plan).toMatchObject({ kind: 'Union', byName: false });
    expect(a.unionByName(b, true).plan).toMatchObject({
      kind: 'Union',
      byName: true,
      allowMissingColumns: true,
    });
    expect(a.intersectAll(b).plan).toMatchObject({ kind: 'Intersect', isAll: true });
    expect(a.subtract(b).plan).toMatchObject({ kind: 'Except', isAll: false });
    expect(a.exceptAll(b).plan).toMatchObject({ kind: 'Except', isAll: true });
    expect(a.limit(5).plan).toMatchObject({ kind: 'Limit', limit: 5, offset: 0 });
    expect(a.offset(2).plan).toMatchObject({ kind: 'Limit', limit: null, offset: 2 });
    expect(a.coalesce(1).plan).toMatchObject({ kind: 'Repartition', numPartitions: 1, shuffle: false });
    expect(a.repartition(4, 'a').plan).toMatchObject({
      kind: 'Repartition',
      numPartitions: 4,
      shuffle: true,
    });
  });

  it('withColumn rejects a plain value as PySpark does', () => {
    const df = base(fakeState(), [A]);
    expect(() => df.withColumn('x', 1 as unknown as ReturnType<typeof lit>)).toThrowError(/NOT_COLUMN/);
  });

  it('a top-level cast of a column keeps the column name (Spark Column.named)', () => {
    const df = base(fakeState(), [A, B]);
    const s = df.select(
      col('A').cast('string'),
      col('b').cast('int').cast('string'),
      col('a').plus(1).cast('int'),
    );
    if (s.plan.kind !== 'Project') throw new Error('expected Project');
    expect(s.plan.projectList.map((e) => (e.kind === 'Alias' ? e.name : e.kind))).toEqual([
      'a',
      'b',
      'UnresolvedAlias',
    ]);
  });

  it('a filter on a dropped column widens the projection below it (ResolveMissingReferences)', () => {
    const s = fakeState();
    const df = base(s, [A, B]);
    const projected = new DataFrame(s, { kind: 'Project', projectList: [B], child: df.plan });
    const f = projected.filter(df.col('a').gt(30));
    expect(f.plan).toMatchObject({
      kind: 'Project',
      projectList: [B],
      child: { kind: 'Filter', child: { kind: 'Project', projectList: [B, A] } },
    });
  });
});
