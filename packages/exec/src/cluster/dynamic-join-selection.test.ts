// Join strategies switched at run time: which sort merge joins become shuffled hash joins, building
// which side, from the bytes of their shuffles' partitions.
import { describe, expect, it } from 'vitest';
import type { Batch, DataType } from '@flint/common';
import type { JoinType, PhysicalPlan } from '@flint/planner';
import { asc, attr, lit, table } from '../test-support.js';
import { selectJoinsAtRuntime } from './dynamic-join-selection.js';
import { buildStages, type StageSpec } from './stage-graph.js';

const MB = 1024 * 1024;
const T: DataType = { kind: 'long' };
const a = attr(1, 'a', T);
const b = attr(2, 'b', T);

const sortedShuffle = (key: typeof a): PhysicalPlan => ({
  kind: 'SortExec',
  order: [asc(key)],
  global: false,
  child: {
    kind: 'ShuffleExchange',
    partitioning: { kind: 'HashPartitioning', exprs: [key], numPartitions: 4 },
    child: table([key], []),
  },
});

const mergeJoin = (joinType: JoinType): Extract<PhysicalPlan, { kind: 'SortMergeJoin' }> => ({
  kind: 'SortMergeJoin',
  leftKeys: [a],
  rightKeys: [b],
  nullSafe: [false],
  joinType,
  condition: null,
  output: joinType === 'LeftSemi' ? [a] : [a, b],
  left: sortedShuffle(a),
  right: sortedShuffle(b),
});

/** The plan's stage that holds the merge join (its fragment reads the two shuffles). */
function joinStage(plan: PhysicalPlan): StageSpec {
  return buildStages(plan).find((s) => s.fragmentExchangeIds.length === 2)!;
}

// One array shared by every stand-in batch: a batch counts the bytes of its arrays.
const arrays = new Map<number, BigInt64Array>();
function batchOf(bytes: number): Batch {
  let values = arrays.get(bytes);
  if (values === undefined) arrays.set(bytes, (values = new BigInt64Array(bytes / 8)));
  return { numRows: values.length, columns: [{ type: T, length: values.length, values, nulls: null }] };
}

/** The two shuffles the stage reads, partition q of a side holding `left[q]` / `right[q]` bytes. */
function shufflesOf(s: StageSpec, left: number[], right: number[]): Map<number, Batch[][]> {
  const [l, r] = s.fragmentExchangeIds;
  return new Map([
    [l!, left.map((bytes) => [batchOf(bytes)])],
    [r!, right.map((bytes) => [batchOf(bytes)])],
  ]);
}

/** The node at the top of the stage's fragment, after the switch, under `above` nodes. */
function joinAfter(s: StageSpec, shuffles: Map<number, Batch[][]>, conf: [string, string][] = [], above = 0) {
  let node = selectJoinsAtRuntime(s, shuffles, new Map(conf)).fragment;
  for (let i = 0; i < above; i++) node = (node as { child: PhysicalPlan }).child;
  return node;
}

const intoShuffle = (child: PhysicalPlan): PhysicalPlan => ({
  kind: 'ShuffleExchange',
  partitioning: { kind: 'RoundRobinPartitioning', numPartitions: 2 },
  child,
});

const aggregate = (child: PhysicalPlan): PhysicalPlan => ({
  kind: 'HashAggregate',
  mode: 'Final',
  groupingExprs: [b],
  aggregateExprs: [],
  resultExprs: [b],
  aggBufferAttributes: [],
  output: [b],
  child,
});

describe('selectJoinsAtRuntime', () => {
  const quarter = (total: number) => [total / 4, total / 4, total / 4, total / 4];

  it('builds a side within the broadcast threshold, the smaller of two, and reads the shuffles unsorted', () => {
    const s = joinStage(intoShuffle(mergeJoin('Inner')));
    const j = joinAfter(s, shufflesOf(s, quarter(8 * MB), quarter(200 * MB)));
    expect(j).toMatchObject({ kind: 'HashJoin', strategy: 'ShuffledHashJoin', buildSide: 'BuildLeft' });
    expect((j as { left: PhysicalPlan }).left.kind).toBe('ShuffleExchange');
    expect((j as { right: PhysicalPlan }).right.kind).toBe('ShuffleExchange');
    const both = joinAfter(s, shufflesOf(s, quarter(8 * MB), quarter(4 * MB)));
    expect(both).toMatchObject({ kind: 'HashJoin', buildSide: 'BuildRight' });
    // A left semi join cannot build its left side by broadcast, but can per partition.
    const semi = joinStage(intoShuffle(mergeJoin('LeftSemi')));
    expect(joinAfter(semi, shufflesOf(semi, quarter(600 * MB), quarter(160 * MB)))).toMatchObject({
      kind: 'HashJoin',
      buildSide: 'BuildRight',
    });
  });

  it('sizes a side that filters a shuffle by that shuffle; the other side may be of unknown size', () => {
    const filtered = (side: PhysicalPlan): PhysicalPlan => {
      const sort = side as Extract<PhysicalPlan, { kind: 'SortExec' }>;
      return {
        ...sort,
        child: { kind: 'FilterExec', condition: lit(true, { kind: 'boolean' }), child: sort.child },
      };
    };
    const j: PhysicalPlan = {
      ...mergeJoin('Inner'),
      left: aggregate(sortedShuffle(a)),
      right: filtered(sortedShuffle(b)),
    };
    const s = joinStage(intoShuffle(j));
    const after = joinAfter(s, shufflesOf(s, quarter(MB), quarter(400 * MB)));
    // The right side's partitions are 100 MB: nothing to build. At 1 MB the right side is built.
    expect(after.kind).toBe('SortMergeJoin');
    const switched = joinAfter(s, shufflesOf(s, quarter(400 * MB), quarter(MB)));
    expect(switched).toMatchObject({ kind: 'HashJoin', buildSide: 'BuildRight' });
    expect((switched as { right: PhysicalPlan }).right.kind).toBe('FilterExec');
    expect((switched as { left: PhysicalPlan }).left.kind).toBe('HashAggregate');
  });

  it('builds per partition when every partition of a side is within the local map threshold', () => {
    const s = joinStage(intoShuffle(mergeJoin('FullOuter')));
    // 160 MB in partitions of 40 MB on the right, one of 70 MB on the left (of 671 MB).
    expect(joinAfter(s, shufflesOf(s, [70 * MB, 300 * MB, 300 * MB, MB], quarter(160 * MB)))).toMatchObject({
      kind: 'HashJoin',
      buildSide: 'BuildRight',
    });
    // Every partition larger: the merge join stays.
    expect(joinAfter(s, shufflesOf(s, [70 * MB, 1, 1, 1], [80 * MB, 1, 1, 1])).kind).toBe('SortMergeJoin');
    // Spark's setting: under the advisory partition size it does not apply; 0 is off.
    // The only side within the threshold is larger than the other: kept.
    expect(joinAfter(s, shufflesOf(s, [70 * MB, MB, MB, MB], quarter(200 * MB))).kind).toBe('SortMergeJoin');
    const small = shufflesOf(s, quarter(400 * MB), quarter(40 * MB));
    const threshold = 'spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold';
    expect(joinAfter(s, small, [[threshold, '32m']]).kind).toBe('SortMergeJoin');
    expect(joinAfter(s, small, [[threshold, '0']]).kind).toBe('SortMergeJoin');
    expect(
      joinAfter(s, small, [
        [threshold, '32m'],
        ['spark.sql.adaptive.advisoryPartitionSizeInBytes', '16m'],
      ]).kind,
    ).toBe('HashJoin');
  });

  it('follows the broadcast threshold settings and adaptive execution being off', () => {
    const s = joinStage(intoShuffle(mergeJoin('Inner')));
    const small = shufflesOf(s, quarter(8 * MB), quarter(400 * MB));
    const noLocalMap: [string, string] = ['spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold', '0'];
    expect(joinAfter(s, small, [noLocalMap]).kind).toBe('HashJoin');
    expect(joinAfter(s, small, [noLocalMap, ['spark.sql.autoBroadcastJoinThreshold', '-1']]).kind).toBe(
      'SortMergeJoin',
    );
    expect(
      joinAfter(s, small, [
        noLocalMap,
        ['spark.sql.autoBroadcastJoinThreshold', '-1'],
        ['spark.sql.adaptive.autoBroadcastJoinThreshold', '10m'],
      ]).kind,
    ).toBe('HashJoin');
    expect(joinAfter(s, small, [['spark.sql.adaptive.enabled', 'false']]).kind).toBe('SortMergeJoin');
  });

  it('keeps a merge join whose order a merge join above relies on, or that a hint asked for', () => {
    const small = (s: StageSpec) => shufflesOf(s, quarter(MB), quarter(MB));
    // Through a projection into an aggregation: switched.
    const project = (child: PhysicalPlan): PhysicalPlan => ({ kind: 'ProjectExec', projectList: [a], child });
    const aggregated: PhysicalPlan = intoShuffle({
      kind: 'HashAggregate',
      mode: 'Partial',
      groupingExprs: [a],
      aggregateExprs: [],
      resultExprs: [a],
      aggBufferAttributes: [],
      output: [a],
      child: project(mergeJoin('Inner')),
    });
    const s1 = joinStage(aggregated);
    expect(joinAfter(s1, small(s1), [], 2).kind).toBe('HashJoin');
    // The answer itself (a result stage): switched.
    const s2 = joinStage(project(mergeJoin('Inner')));
    expect(s2.exchange).toBeNull();
    expect(joinAfter(s2, small(s2), [], 1).kind).toBe('HashJoin');
    // Under a merge join on the same keys, its sort left out: kept while that join stays one (its
    // other side of unknown size, or hinted), switched once that join is switched.
    const nested = (outer: 'unknown size' | 'hinted' | 'switchable'): PhysicalPlan => ({
      ...mergeJoin('LeftSemi'),
      left: project(mergeJoin('Inner')),
      right: outer === 'unknown size' ? aggregate(sortedShuffle(b)) : sortedShuffle(b),
      hinted: outer === 'hinted',
    });
    const nestedAfter = (outer: 'unknown size' | 'hinted' | 'switchable') => {
      const st = buildStages(intoShuffle(nested(outer))).find((x) => x.fragmentExchangeIds.length === 3)!;
      const three = new Map(st.fragmentExchangeIds.map((id) => [id, quarter(MB).map((n) => [batchOf(n)])]));
      const after = selectJoinsAtRuntime(st, three, new Map()).fragment as {
        kind: string;
        left: PhysicalPlan;
      };
      return [after.kind, (after.left as { child: PhysicalPlan }).child.kind];
    };
    expect(nestedAfter('unknown size')).toEqual(['SortMergeJoin', 'SortMergeJoin']);
    expect(nestedAfter('hinted')).toEqual(['SortMergeJoin', 'SortMergeJoin']);
    expect(nestedAfter('switchable')).toEqual(['HashJoin', 'HashJoin']);
    // A MERGE hint: kept.
    const s4 = joinStage(intoShuffle({ ...mergeJoin('Inner'), hinted: true }));
    expect(joinAfter(s4, small(s4)).kind).toBe('SortMergeJoin');
  });
});
