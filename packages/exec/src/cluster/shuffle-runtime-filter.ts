// Runtime filters read from a shuffle the query writes anyway (Flint's own step before cutting stages;
// Spark's InjectRuntimeFilter builds its Bloom filter by running the creation side again, and only when
// its size estimates promise a gain). A shuffle join whose one side is filtered down to a few keys still
// shuffles the other side whole: TPC-H Q21 shuffles all 6e6 lineitem rows, twice, to meet the 7e4
// late lines of one nation's suppliers. Here that other side keeps only the rows whose key the filtered
// side's shuffle holds, before the deepest of its shuffles that its rows come up from with that key (so
// that every stage above shrinks), as a runtime-filter semi join whose broadcast is that shuffle's key
// column (taken from the map outputs, no task runs again):
//
//   SortMergeJoin a.k = b.k                  SortMergeJoin a.k = b.k
//   :- Sort (Exchange (Filter p (a)))   ->   :- Sort E: Exchange (Filter p (a))
//   +- Sort (Exchange (b))                   +- Sort (Exchange (HashJoin LeftSemi runtimeFilter b.k = k
//                                                                :- b
//                                                                +- BroadcastExchange (Project [k] E)))
//
// Sound where the join drops the pruned side's rows that match nothing (Spark's canPruneLeft and
// canPruneRight, and an anti join's right side: a row matching no left key changes no left row's
// answer), since the filtered side's rows above its shuffle only carry keys the shuffle holds. The side
// with the filter must hold a likely selective filter (over a source the pruned side does not filter
// already) or semi join: without one, its keys are likely all keys; of two sides that could be pruned,
// the one reading more of its source is. The pruned side's map
// stage then waits for that shuffle, where it ran beside it: on a few cores that loses little, as the
// stages' tasks fill the cores either way.
//
// A side that filters an aggregation's groups above its shuffle (a HAVING) holds few keys, but no
// shuffle of them: it is shuffled once more, into the partitions its rows are in already, when the
// other side can then be filtered by that shuffle (TPC-H Q18: the orders of the 57 large ones, then
// their lineitems, 0.73 -> 0.45 s).

import {
  isLikelySelective,
  semanticEquals,
  type AttributeRef,
  type Expr,
  type JoinType,
  type PhysicalPlan,
} from '@flint/planner';
import { inputIdOf, outputOf } from '../plan-output.js';
import { planChildren } from '../operators/task-context.js';
import { withChildren } from './stage-graph.js';

type Exchange = Extract<PhysicalPlan, { kind: 'ShuffleExchange' }>;
type ShuffleJoin = Extract<PhysicalPlan, { kind: 'SortMergeJoin' | 'HashJoin' }>;

/**
 * spark.flint.optimizer.shuffleRuntimeFilter.enabled (default true); off too when Spark's runtime
 * filters are (spark.sql.optimizer.runtime.bloomFilter.enabled = false).
 */
export function shuffleRuntimeFiltersEnabled(conf: ReadonlyMap<string, string>): boolean {
  const on = (key: string): boolean => (conf.get(key) ?? 'true').trim().toLowerCase() !== 'false';
  return (
    on('spark.flint.optimizer.shuffleRuntimeFilter.enabled') &&
    on('spark.sql.optimizer.runtime.bloomFilter.enabled')
  );
}

const canPruneLeft = (t: JoinType): boolean => t === 'Inner' || t === 'LeftSemi' || t === 'RightOuter';
const canPruneRight = (t: JoinType): boolean =>
  t === 'Inner' || t === 'LeftSemi' || t === 'LeftOuter' || t === 'LeftAnti';

const holds = (node: PhysicalPlan, id: number): boolean => outputOf(node).some((a) => a.id === id);

/**
 * The shuffle nearest below `node` on the way to where attribute `id` comes from, and the attribute as
 * that shuffle outputs it: every value `node` gives the attribute is among the shuffle's.
 */
export function shuffleHolding(
  node: PhysicalPlan,
  id: number,
): { exchange: Exchange; key: AttributeRef } | null {
  switch (node.kind) {
    case 'ShuffleExchange': {
      const key = outputOf(node).find((a) => a.id === id);
      return key === undefined ? null : { exchange: node, key };
    }
    case 'SortExec':
    case 'FilterExec':
    case 'LocalLimit':
      return shuffleHolding(node.child, id);
    case 'ProjectExec':
    case 'HashAggregate': {
      const below = inputIdOf(node, id);
      return below === null ? null : shuffleHolding(node.child, below);
    }
    case 'HashJoin':
    case 'SortMergeJoin': {
      // A join's output values of a column are among its side's (NULL aside, which matches nothing).
      const side = [node.left, node.right].find((s) => s.kind !== 'BroadcastExchange' && holds(s, id));
      return side === undefined ? null : shuffleHolding(side, id);
    }
    default:
      return null;
  }
}

/** What identifies a leaf's source: an in-memory table's data, a file set's paths, or the leaf itself. */
function sourceOf(node: PhysicalPlan): unknown {
  switch (node.kind) {
    case 'InMemoryTableScan':
      return node.source.partitions;
    case 'FileSourceScan':
      return node.source.paths.join('\n');
    case 'RangeExec':
    case 'LocalTableScan':
      return node;
    default:
      return null;
  }
}

/** The sources a plan scans, broadcast sides included. */
function sourcesOf(node: PhysicalPlan, into = new Set<unknown>()): Set<unknown> {
  const source = sourceOf(node);
  if (source !== null) into.add(source);
  for (const c of planChildren(node)) sourcesOf(c, into);
  return into;
}

/**
 * Whether a plan likely keeps few of its sources' rows: a likely selective filter over a source not in
 * `known`, or a semi join that is not a runtime filter (a runtime filter's own keys come from a filter
 * below its build side, which counts by the same rule).
 */
function likelySelective(node: PhysicalPlan, known: ReadonlySet<unknown>): boolean {
  if (node.kind === 'FilterExec' && isLikelySelective(node.condition)) {
    for (const source of sourcesOf(node.child)) if (!known.has(source)) return true;
  }
  if (
    (node.kind === 'HashJoin' || node.kind === 'SortMergeJoin') &&
    node.joinType === 'LeftSemi' &&
    !(node.kind === 'HashJoin' && node.runtimeFilter === true)
  )
    return true;
  return planChildren(node).some((c) => likelySelective(c, known));
}

/**
 * The sources a plan already filters likely selectively (its own filters, and those its runtime filters'
 * keys come through): a shuffle that filters by them again would drop little more (TPC-H Q10's
 * lineitem, kept to one quarter's orders by InjectRuntimeFilter, then by the orders of that quarter's
 * customers).
 */
function filteredSources(node: PhysicalPlan, into = new Set<unknown>()): Set<unknown> {
  if (node.kind === 'FilterExec' && isLikelySelective(node.condition)) sourcesOf(node.child, into);
  for (const c of planChildren(node)) filteredSources(c, into);
  return into;
}

/** Rows (in-memory) or bytes (files) of the sources a plan streams, broadcast sides left out. */
function sourceSize(node: PhysicalPlan): number {
  switch (node.kind) {
    case 'FileSourceScan':
      return node.filePartitions.reduce((s, p) => s + p.files.reduce((t, f) => t + f.length, 0), 0);
    case 'InMemoryTableScan':
      return node.source.partitions.reduce((s, part) => s + part.reduce((t, b) => t + b.numRows, 0), 0);
    case 'BroadcastExchange':
      return 0;
    default:
      return planChildren(node).reduce((s, c) => s + sourceSize(c), 0);
  }
}

/** Whether `target` is `node` or below it. */
function reaches(node: PhysicalPlan, target: PhysicalPlan): boolean {
  return node === target || planChildren(node).some((c) => reaches(c, target));
}

/** The shuffle right under a join side (through its sort), or null. */
function shuffleUnder(side: PhysicalPlan): Exchange | null {
  if (side.kind === 'ShuffleExchange') return side;
  return side.kind === 'SortExec' && !side.global && side.child.kind === 'ShuffleExchange'
    ? side.child
    : null;
}

/** A shuffle on a join side's way down, with the join key as the shuffle's input outputs it. */
interface Target {
  readonly exchange: Exchange;
  readonly key: AttributeRef;
}

/**
 * The shuffles below a join side, nearest first, whose every input row that the join would drop (its
 * key, attribute `id` at the side, not matching) reaches the join with that key or not at all: through
 * sorts, filters, projections, grouping columns, and the sides of joins whose rows their output keeps
 * at most as they are (an inner join's, a left semi, anti or outer join's left side, a right outer
 * join's right side). Dropping such a row below drops only output rows the join would drop.
 */
export function shufflesAlong(node: PhysicalPlan, id: number): Target[] {
  switch (node.kind) {
    case 'ShuffleExchange': {
      const key = outputOf(node.child).find((a) => a.id === id);
      return key === undefined ? [] : [{ exchange: node, key }, ...shufflesAlong(node.child, id)];
    }
    case 'SortExec':
    case 'FilterExec':
      return shufflesAlong(node.child, id);
    case 'ProjectExec':
    case 'HashAggregate': {
      const below = inputIdOf(node, id);
      return below === null ? [] : shufflesAlong(node.child, below);
    }
    case 'HashJoin':
    case 'SortMergeJoin': {
      const t = node.joinType;
      if (node.left.kind !== 'BroadcastExchange' && holds(node.left, id))
        return t === 'FullOuter' || t === 'RightOuter' ? [] : shufflesAlong(node.left, id);
      if (node.right.kind !== 'BroadcastExchange' && holds(node.right, id))
        return t === 'Inner' || t === 'Cross' || t === 'RightOuter' ? shufflesAlong(node.right, id) : [];
      return [];
    }
    default:
      return [];
  }
}

/** The filters of a plan, each with the sources it filters. */
function filtersOf(node: PhysicalPlan, into: { condition: Expr; sources: Set<unknown> }[] = []) {
  if (node.kind === 'FilterExec') into.push({ condition: node.condition, sources: sourcesOf(node.child) });
  for (const c of planChildren(node)) filtersOf(c, into);
  return into;
}

/**
 * Whether every filter of a runtime filter's build side is in the creation side too, over the same
 * sources: the creation shuffle's keys, which come through those filters, are then among the build
 * side's, and a filter by them drops every row the runtime filter drops.
 */
function covers(creation: PhysicalPlan, build: PhysicalPlan): boolean {
  const needed = filtersOf(build);
  const have = filtersOf(creation);
  return (
    needed.length > 0 &&
    needed.every((n) =>
      have.some(
        (h) => semanticEquals(h.condition, n.condition) && [...n.sources].every((x) => h.sources.has(x)),
      ),
    )
  );
}

/**
 * `node` without the runtime-filter semi joins on its way down (through filters, projections that
 * pass attribute `id` on, and other runtime filters) that test attribute `id` against keys the
 * creation side covers (see covers): the shuffle's filter then does their work, and their build side
 * is not computed. TPC-H Q3 tested lineitem against the 727,000 keys of one date range's orders, built
 * by a stage of its own, and then against the 147,000 of those orders of one market segment's
 * customers. Leaving out a runtime filter changes no answer.
 */
function withoutCoveredFilters(node: PhysicalPlan, id: number, creation: PhysicalPlan): PhysicalPlan {
  let child: PhysicalPlan;
  switch (node.kind) {
    case 'FilterExec':
      child = node.child;
      break;
    case 'ProjectExec':
      if (inputIdOf(node, id) !== id) return node;
      child = node.child;
      break;
    case 'HashJoin': {
      if (node.runtimeFilter !== true || node.joinType !== 'LeftSemi') return node;
      const key = node.leftKeys[0];
      if (node.leftKeys.length === 1 && key?.kind === 'AttributeReference' && key.id === id)
        if (covers(creation, node.right)) return withoutCoveredFilters(node.left, id, creation);
      const left = withoutCoveredFilters(node.left, id, creation);
      return left === node.left ? node : { ...node, left };
    }
    default:
      return node;
  }
  const next = withoutCoveredFilters(child, id, creation);
  return next === child ? node : withChildren(node, [next]);
}

/** A shuffle's input kept to the rows whose key the creation shuffle holds. */
function filtered(target: Target, creation: Exchange, values: AttributeRef): Exchange {
  const input = withoutCoveredFilters(target.exchange.child, target.key.id, creation);
  const filter: PhysicalPlan = {
    kind: 'HashJoin',
    strategy: 'BroadcastHashJoin',
    leftKeys: [target.key],
    rightKeys: [values],
    nullSafe: [false],
    joinType: 'LeftSemi',
    buildSide: 'BuildRight',
    condition: null,
    output: outputOf(input),
    left: input,
    right: {
      kind: 'BroadcastExchange',
      child: { kind: 'ProjectExec', projectList: [values], child: creation },
    },
    runtimeFilter: true,
  };
  return { ...target.exchange, child: filter };
}

/** `node` with `old` replaced by `next` wherever it occurs (a shuffle read as a filter occurs twice). */
function replaced(
  node: PhysicalPlan,
  old: PhysicalPlan,
  next: PhysicalPlan,
  done = new Map<PhysicalPlan, PhysicalPlan>(),
): PhysicalPlan {
  if (node === old) return next;
  let out = done.get(node);
  if (out === undefined) {
    out = withChildren(
      node,
      planChildren(node).map((c) => replaced(c, old, next, done)),
    );
    done.set(node, out);
  }
  return out;
}

/** A side of a join whose rows may be filtered, below one of its shuffles, by a shuffle of the other. */
interface Candidate {
  readonly target: Target;
  readonly creation: Exchange;
  readonly values: AttributeRef;
}

/** How side `which` of the join could be filtered (see above), or null. */
function candidate(join: ShuffleJoin, which: 'left' | 'right'): Candidate | null {
  const [app, appKeys, from, fromKeys] =
    which === 'right'
      ? [join.right, join.rightKeys, join.left, join.leftKeys]
      : [join.left, join.leftKeys, join.right, join.rightKeys];
  if (!(which === 'right' ? canPruneRight : canPruneLeft)(join.joinType)) return null;
  for (let i = 0; i < appKeys.length; i++) {
    const appKey = appKeys[i]!;
    const fromKey = fromKeys[i]!;
    if (
      join.nullSafe[i] === true ||
      appKey.kind !== 'AttributeReference' ||
      fromKey.kind !== 'AttributeReference'
    )
      continue;
    const creation = shuffleHolding(from, fromKey.id);
    if (creation === null) continue;
    // The deepest shuffle the creation side does not read (a filter must not wait for itself).
    const target = shufflesAlong(app, appKey.id)
      .reverse()
      .find((t) => !reaches(creation.exchange, t.exchange));
    if (target === undefined) continue;
    if (likelySelective(creation.exchange.child, filteredSources(target.exchange.child)))
      return { target, creation: creation.exchange, values: creation.key };
  }
  return null;
}

/**
 * The join with one side's rows filtered by the keys of a shuffle of the other side, where that is sound
 * and likely to pay (see above), the side that reads more of its source when both could be; the same
 * join otherwise.
 */
function filterOneSide(join: ShuffleJoin): ShuffleJoin {
  const options = [candidate(join, 'right'), candidate(join, 'left')].filter(
    (c): c is Candidate => c !== null,
  );
  if (options.length === 0) return join;
  const size = (c: Candidate): number => sourceSize(c.target.exchange.child);
  const c = options.length === 2 && size(options[1]!) > size(options[0]!) ? options[1]! : options[0]!;
  // A shuffle already read as a filter (below, by another join) is replaced there too.
  return replaced(join, c.target.exchange, filtered(c.target, c.creation, c.values)) as ShuffleJoin;
}

/** Whether a plan's rows come from an aggregation through projections and a likely selective filter. */
function filteredAggregation(node: PhysicalPlan, filtered = false): boolean {
  switch (node.kind) {
    case 'ProjectExec':
      return filteredAggregation(node.child, filtered);
    case 'FilterExec':
      return filteredAggregation(node.child, filtered || isLikelySelective(node.condition));
    case 'HashAggregate':
      return filtered && node.mode !== 'Partial';
    default:
      return false;
  }
}

/**
 * A join side that filters an aggregation's groups (a HAVING: TPC-H Q18's 57 orders of over 300 units
 * among 1.5e6) shuffled once more under its sort, by its join keys into as many partitions as the other
 * side's shuffle: its rows are in those partitions already, so no row moves to another, but the other
 * side can then be filtered by this shuffle's keys. The same side when it is not such a side.
 */
function shuffledAgain(side: PhysicalPlan, keys: readonly Expr[], numPartitions: number): PhysicalPlan {
  const sort = side.kind === 'SortExec' && !side.global ? side : null;
  const input = sort === null ? side : sort.child;
  if (!keys.every((k) => k.kind === 'AttributeReference') || !filteredAggregation(input)) return side;
  const exchange: Exchange = {
    kind: 'ShuffleExchange',
    partitioning: { kind: 'HashPartitioning', exprs: keys, numPartitions },
    child: input,
  };
  return sort === null ? exchange : { ...sort, child: exchange };
}

/** The join with a filtered aggregation side shuffled again where the other side could be filtered by it. */
function withFilterShuffles(join: ShuffleJoin): ShuffleJoin {
  // [the side shuffled again, its keys, the other side, whether the join can prune the other side]
  const sides = [
    ['left', join.leftKeys, join.right, canPruneRight(join.joinType)],
    ['right', join.rightKeys, join.left, canPruneLeft(join.joinType)],
  ] as const;
  for (const [which, keys, other, prunesOther] of sides) {
    const otherShuffle = shuffleUnder(other);
    if (!prunesOther || shuffleUnder(join[which]) !== null) continue;
    if (otherShuffle?.partitioning.kind !== 'HashPartitioning') continue;
    const side = shuffledAgain(join[which], keys, otherShuffle.partitioning.numPartitions);
    return side === join[which] ? join : { ...join, [which]: side };
  }
  return join;
}

/** Every shuffle join of the plan, bottom-up, with at most one side filtered (the same plan if none is). */
export function injectShuffleRuntimeFilters(plan: PhysicalPlan): PhysicalPlan {
  const visit = (p: PhysicalPlan): PhysicalPlan => {
    // A recursive CTE's body is planned and run on its own.
    if (p.kind === 'UnionLoopExec') return p;
    const node = withChildren(p, planChildren(p).map(visit));
    const shuffleJoin =
      node.kind === 'SortMergeJoin' || (node.kind === 'HashJoin' && node.strategy === 'ShuffledHashJoin');
    if (!shuffleJoin) return node;
    // A side shuffled again only to filter the other: kept only if it does.
    const again = withFilterShuffles(node);
    if (again !== node) {
      const filtered = filterOneSide(again);
      if (filtered !== again) return filtered;
    }
    return filterOneSide(node);
  };
  return visit(plan);
}
