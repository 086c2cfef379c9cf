// CoalesceShufflePartitions (Spark's adaptive execution): once the map stages below a stage are done,
// the sizes of their output partitions are known, and neighbouring small partitions are read by one
// task instead of 200 tasks each reading a little; the ranges are then evened out over the task
// slots. A stage's shuffles are coalesced together, by the same ranges, so rows of one key still meet
// in one task; ranges without any rows get no task.

import { parseBytes } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { exchangeIds, planChildren } from '../operators/task-context.js';
import { numPartitionsOf } from '../operators/run-node.js';
import { mergedBlocks } from './merged-blocks.js';
import { batchBytes } from './task-metrics.js';
import type { WireBatch } from './wire-batches.js';
import { withChildren, type StageSpec, type SubPartitions } from './stage-graph.js';

/** A task's input: original shuffle partitions [start, end). */
export interface CoalescedPartitionSpec {
  readonly start: number;
  readonly end: number;
}

export interface CoalesceConf {
  readonly targetBytes: number;
  readonly minPartitionBytes: number;
}

/**
 * Spark's settings: spark.sql.adaptive.enabled and .coalescePartitions.enabled (both on by default);
 * the target size is advisoryPartitionSizeInBytes (64m), but with parallelismFirst (the default) no
 * more than the total over the default parallelism, and never under minPartitionSize (1m).
 * Null when coalescing is off.
 */
export function coalesceConf(
  conf: ReadonlyMap<string, string>,
  totalBytes: number,
  defaultParallelism: number,
): CoalesceConf | null {
  const on = (key: string): boolean => (conf.get(key) ?? 'true').trim().toLowerCase() !== 'false';
  if (!on('spark.sql.adaptive.enabled') || !on('spark.sql.adaptive.coalescePartitions.enabled')) return null;
  const advisory = parseBytes(conf.get('spark.sql.adaptive.advisoryPartitionSizeInBytes') ?? '64m');
  const minPartitionBytes = parseBytes(
    conf.get('spark.sql.adaptive.coalescePartitions.minPartitionSize') ?? '1m',
  );
  const minPartitionNum = on('spark.sql.adaptive.coalescePartitions.parallelismFirst')
    ? Number(conf.get('spark.sql.adaptive.coalescePartitions.minPartitionNum') ?? defaultParallelism)
    : 1;
  const maxTarget = Math.ceil(totalBytes / Math.max(1, minPartitionNum));
  return { targetBytes: Math.max(Math.min(maxTarget, advisory), minPartitionBytes), minPartitionBytes };
}

/**
 * A coalesced range runs in runs of neighbouring shuffle partitions of at least this many bytes (a
 * partition this large runs alone): tables of one run stay near the caches, and tiny partitions do not
 * each pay their operators' setup (TPC-H Q15's and Q11's final aggregations of a few thousand groups
 * spread over 200 partitions ran a fifth slower one partition a run; Q18's 1.5M order sums of 120 KB a
 * partition, run whole, missed the caches on every probe). 1 MB rather than 256 KB: each run compiles
 * and builds its operators again, and the suite's geometric mean was 10% faster (Q13's join and
 * aggregation ran 35 runs a task; Q18 no slower).
 */
const SPLIT_MIN_RUN_BYTES = 1024 * 1024;

/** Limits up to this many rows let a range run split: each run passes on at most that many rows. */
const SPLIT_MAX_LIMIT = 10_000;

// Spark's ShufflePartitionsUtil.SMALL_PARTITION_FACTOR: a last range this much smaller than the target
// joins the one before it.
const SMALL_PARTITION_FACTOR = 0.2;

/**
 * Consecutive partitions packed up to the target size (Spark's coalescePartitions). `sizes[i]` is the
 * bytes of partition i summed over the stage's shuffles.
 */
export function coalescePartitions(sizes: readonly number[], conf: CoalesceConf): CoalescedPartitionSpec[] {
  const specs: { start: number; end: number; bytes: number }[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i]!;
    if (i > start && bytes + size > conf.targetBytes) {
      if (bytes > 0) specs.push({ start, end: i, bytes });
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (bytes > 0) specs.push({ start, end: sizes.length, bytes });
  if (specs.length === 0) return [{ start: 0, end: sizes.length }];
  const last = specs[specs.length - 1]!;
  if (specs.length > 1 && last.bytes < conf.targetBytes * SMALL_PARTITION_FACTOR) {
    specs.pop();
    specs[specs.length - 1]!.end = last.end;
  }
  return specs.map(({ start: s, end: e }) => ({ start: s, end: e }));
}

/**
 * Spark's ranges re-cut into a multiple of the task slots, of near-equal bytes: with 2 slots, Spark's
 * 5 ranges, or 4 whose last is half the size, leave one slot idle while the other runs the last task
 * (TPC-H Q21's and Q18's final stages ran a fifth to a half longer than their work split evenly).
 * Never more ranges than whole minPartitionSize pieces of the total, nor fewer than Spark's; a range
 * starts only at a partition with rows, after one with rows.
 */
export function balancedPartitions(
  sizes: readonly number[],
  specs: readonly CoalescedPartitionSpec[],
  slots: number,
  minPartitionBytes: number,
): CoalescedPartitionSpec[] {
  if (slots <= 1 || specs.length === sizes.length) return [...specs];
  const total = sizes.reduce((a, b) => a + b, 0);
  const count = Math.min(Math.ceil(specs.length / slots) * slots, Math.floor(total / minPartitionBytes));
  if (count < specs.length || count <= 1) return [...specs];
  const share = total / count;
  const out: CoalescedPartitionSpec[] = [];
  let start = 0;
  let range = 0;
  let before = 0;
  let rangeBytes = 0;
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i]!;
    // A partition goes to the range its middle byte falls in.
    const r = Math.min(count - 1, Math.floor((before + size / 2) / share));
    if (r > range && size > 0 && rangeBytes > 0) {
      out.push({ start, end: i });
      start = i;
      range = r;
      rangeBytes = 0;
    }
    before += size;
    rangeBytes += size;
  }
  out.push({ start, end: sizes.length });
  return out;
}

/** A stage whose shuffle reads may be coalesced: the ShuffleExchange stubs it reads, or null. */
function coalescableShuffles(s: StageSpec): Extract<PhysicalPlan, { kind: 'ShuffleExchange' }>[] | null {
  const stubs: Extract<PhysicalPlan, { kind: 'ShuffleExchange' }>[] = [];
  let ok = true;
  const walk = (node: PhysicalPlan): void => {
    switch (node.kind) {
      case 'ShuffleExchange':
        // A user's repartition(n) keeps its n partitions, as in Spark; one partition has nothing to merge.
        if (node.origin === 'REPARTITION_BY_NUM' || node.partitioning.kind === 'SinglePartition') ok = false;
        stubs.push(node);
        return;
      case 'BroadcastExchange':
        return;
      // Partitions that are not the shuffle's own: a scan's, a union's children side by side, a
      // cartesian product's pairs, a recursive CTE's.
      case 'FileSourceScan':
      case 'InMemoryTableScan':
      case 'RangeExec':
      case 'LocalTableScan':
      case 'UnionExec':
      case 'UnionLoopExec':
      case 'UnionLoopRefExec':
        ok = false;
        return;
      case 'NestedLoopJoin':
        if (node.strategy === 'CartesianProduct') ok = false;
        break;
      default:
        break;
    }
    for (const c of planChildren(node)) walk(c);
  };
  walk(s.fragment);
  if (!ok || stubs.length === 0) return null;
  const n = (stubs[0]!.partitioning as { numPartitions: number }).numPartitions;
  return stubs.every((x) => (x.partitioning as { numPartitions: number }).numPartitions === n) ? stubs : null;
}

/**
 * The stage with its shuffle reads coalesced, and the shuffles' outputs regrouped by the ranges (under
 * the same exchange ids); the same stage when there is nothing to coalesce. `readers` counts the
 * stages reading each exchange: a shuffle read by another stage too keeps its partitions.
 */
export function coalesceStage(
  s: StageSpec,
  shuffles: Map<number, WireBatch[][]>,
  readers: ReadonlyMap<number, number>,
  conf: ReadonlyMap<string, string>,
  defaultParallelism: number,
): StageSpec {
  const stubs = coalescableShuffles(s);
  if (stubs === null) return s;
  const positions = exchangeIds(s.fragment);
  const ids = stubs.map((x) => s.fragmentExchangeIds[positions.get(x)!]!);
  if (ids.some((id) => readers.get(id) !== 1 || !shuffles.has(id))) return s;
  const n = shuffles.get(ids[0]!)!.length;
  if (n <= 1 || ids.some((id) => shuffles.get(id)!.length !== n)) return s;
  // A fragment may read one exchange twice (a self-join): each exchange's data counts once.
  const distinct = [...new Set(ids)];
  const sizes = new Array<number>(n).fill(0);
  for (const id of distinct) {
    shuffles.get(id)!.forEach((part, i) => {
      for (const b of part) sizes[i] = sizes[i]! + batchBytes(b);
    });
  }
  const c = coalesceConf(
    conf,
    sizes.reduce((a, b) => a + b, 0),
    defaultParallelism,
  );
  if (c === null) return s;
  const specs = balancedPartitions(
    sizes,
    coalescePartitions(sizes, c),
    defaultParallelism,
    c.minPartitionBytes,
  );
  if (specs.length === n) return s;
  const split = runsPerPartition(s.fragment);
  const runs = specs.map((spec) => (split ? runRanges(spec, sizes) : [spec]));
  // Each run's blocks put together per map task; a task's runs then start at those blocks.
  const regrouped = new Map(
    distinct.map((id) => {
      const parts = shuffles.get(id)!;
      return [id, runs.map((rs) => rs.map(({ start, end }) => mergedBlocks(parts.slice(start, end).flat())))];
    }),
  );
  const subPartitions = split ? runs.map((rs, t) => (rs.length < 2 ? null : runStarts(regrouped, t))) : null;
  for (const id of distinct)
    shuffles.set(
      id,
      regrouped.get(id)!.map((rs) => rs.flat()),
    );
  const stubSet = new Set<PhysicalPlan>(stubs);
  const rewrite = (node: PhysicalPlan): PhysicalPlan => {
    if (stubSet.has(node) && node.kind === 'ShuffleExchange') {
      return { ...node, partitioning: { ...node.partitioning, numPartitions: specs.length } } as PhysicalPlan;
    }
    return withChildren(node, planChildren(node).map(rewrite));
  };
  const fragment = rewrite(s.fragment);
  return { ...s, fragment, numTasks: numPartitionsOf(fragment), ...(subPartitions ? { subPartitions } : {}) };
}

/**
 * The runs of range `spec`: neighbouring shuffle partitions packed up to SPLIT_MIN_RUN_BYTES (the
 * range whole when it is one run).
 */
export function runRanges(spec: CoalescedPartitionSpec, sizes: readonly number[]): CoalescedPartitionSpec[] {
  const runs: CoalescedPartitionSpec[] = [];
  let start = spec.start;
  let bytes = 0;
  for (let q = spec.start; q < spec.end; q++) {
    if (bytes >= SPLIT_MIN_RUN_BYTES) {
      runs.push({ start, end: q });
      start = q;
      bytes = 0;
    }
    bytes += sizes[q]!;
  }
  runs.push({ start, end: spec.end });
  return runs;
}

/** How task t finds its runs among its batches (SubPartitions): the batch where each run starts. */
function runStarts(regrouped: ReadonlyMap<number, WireBatch[][][]>, t: number): SubPartitions {
  return [...regrouped].map(([id, tasks]) => {
    const at = [0];
    for (const blocks of tasks[t]!) at.push(at[at.length - 1]! + blocks.length);
    return [id, at] as const;
  });
}

/**
 * Whether a stage's fragment gives the same rows run once per shuffle partition of a coalesced range
 * as run once over the range: every operator keeps to the rows of one key (joins and aggregation over
 * co-partitioned keys, sorts over ranges). A limit keeps its rows per run, so only small ones are
 * run split (a later stage takes the limit of them all). (Row counters and seeded random sequences
 * are kept per expression and task partition, so they continue across the runs.)
 */
function runsPerPartition(fragment: PhysicalPlan): boolean {
  let ok = true;
  const walk = (node: PhysicalPlan): void => {
    switch (node.kind) {
      case 'ShuffleExchange':
      case 'BroadcastExchange':
        return;
      case 'LocalLimit':
        // The first rows of the range are the first rows of its runs; a few more travel on.
        if (node.limit > SPLIT_MAX_LIMIT) ok = false;
        break;
      case 'TakeOrderedAndProject':
        // A partition's own top rows (ORDER BY ... LIMIT's first step): the top of the runs' tops
        // is the same.
        if (node.perPartition !== true || node.limit + node.offset > SPLIT_MAX_LIMIT) ok = false;
        break;
      case 'GlobalLimit':
      case 'CoalesceExec':
        ok = false;
        return;
      default:
        break;
    }
    for (const c of planChildren(node)) walk(c);
  };
  walk(fragment);
  return ok;
}
