// Runs one partition of a plan fragment: wires each node to its children's partition streams.
// Exchanges are leaves here: their outputs were materialised by the scheduler before the stage ran.

import { assertNever, FlintError, InternalError, type Batch, type DataType } from '@flint/common';
import { limitsUnsortedRows, type AttributeRef, type Expr, type PhysicalPlan } from '@flint/planner';
import { inputIdOf, outputOf } from '../plan-output.js';
import { expandExec } from './expand-exec.js';
import { fileSourceScan } from './file-source-scan.js';
import { filterExec, narrowedBatches, type FilterNarrowing } from './filter-exec.js';
import { generateExec } from './generate-exec.js';
import { globalLimit } from './global-limit.js';
import { groupTopRows } from './group-top-rows.js';
import { givesInputBack, hashAggregate } from './hash-aggregate.js';
import { hashJoin, keepsStreamRowsByKey } from './hash-join.js';
import { inMemoryTableScan } from './in-memory-table-scan.js';
import { localLimit } from './local-limit.js';
import { localTableScan } from './local-table-scan.js';
import { nestedLoopJoin } from './nested-loop-join.js';
import { projectExec } from './project-exec.js';
import { rangeExec } from './range-exec.js';
import { partitionCount } from './shuffle-exchange.js';
import { sortExec } from './sort-exec.js';
import { sortMergeJoin, type MergeJoinSide } from './sort-merge-join.js';
import { takeOrderedAndProject } from './take-ordered-and-project.js';
import { BATCH_SIZE, exchangeIdOf, fromArray, type TaskContext } from './task-context.js';
import { ArrayRecycler } from '../eval/array-recycler.js';
import { concatBatches, fewDictionaryValues } from '../eval/vectors.js';
import { referencedPositions } from '../eval/compile.js';
import { unionLoopExec } from './union-loop-exec.js';
import { windowExec } from './window-exec.js';
import { windowGroupLimitExec } from './window-group-limit-exec.js';

/** How many output partitions a node has. */
export function numPartitionsOf(plan: PhysicalPlan): number {
  switch (plan.kind) {
    case 'FileSourceScan':
      return Math.max(1, plan.filePartitions.length);
    case 'InMemoryTableScan':
      return Math.max(1, plan.source.partitions.length);
    case 'TakeOrderedAndProject':
      return plan.perPartition === true ? numPartitionsOf(plan.child) : 1;
    case 'LocalTableScan':
    case 'UnionLoopExec':
    case 'UnionLoopRefExec':
    case 'GlobalLimit':
    case 'BroadcastExchange':
      return 1;
    case 'RangeExec':
      return Math.max(1, plan.numSlices);
    case 'SortExec':
      return sortsAllPartitions(plan) ? 1 : numPartitionsOf(plan.child);
    case 'ProjectExec':
    case 'FilterExec':
    case 'HashAggregate':
    case 'LocalLimit':
    case 'WindowExec':
    case 'WindowGroupLimitExec':
    case 'ExpandExec':
    case 'GenerateExec':
      return numPartitionsOf(plan.child);
    case 'SortMergeJoin':
      return Math.max(1, numPartitionsOf(plan.left), numPartitionsOf(plan.right));
    case 'HashJoin':
    case 'NestedLoopJoin': {
      if (plan.kind === 'NestedLoopJoin' && plan.strategy === 'CartesianProduct') {
        return numPartitionsOf(plan.left) * numPartitionsOf(plan.right);
      }
      const l = plan.left.kind === 'BroadcastExchange' ? 0 : numPartitionsOf(plan.left);
      const r = plan.right.kind === 'BroadcastExchange' ? 0 : numPartitionsOf(plan.right);
      return Math.max(1, l, r);
    }
    case 'UnionExec':
      return plan.children.reduce((s, c) => s + numPartitionsOf(c), 0) || 1;
    case 'ShuffleExchange':
      return partitionCount(plan.partitioning);
    case 'CoalesceExec':
      return Math.max(1, Math.min(plan.numPartitions, numPartitionsOf(plan.child)));
    default:
      return assertNever(plan, 'physical plan');
  }
}

/**
 * A global sort over several partitions that are not range-partitioned (no exchange planned below it)
 * sorts everything in one task, so that the result is still totally ordered.
 */
export function sortsAllPartitions(plan: Extract<PhysicalPlan, { kind: 'SortExec' }>): boolean {
  if (!plan.global || numPartitionsOf(plan.child) <= 1) return false;
  const c = plan.child;
  return !(c.kind === 'ShuffleExchange' && c.partitioning.kind === 'RangePartitioning');
}

/** All partitions of a child, in order (for nodes that need every row in one task). */
async function* allPartitions(plan: PhysicalPlan, tc: TaskContext): AsyncIterable<Batch> {
  const n = numPartitionsOf(plan);
  for (let p = 0; p < n; p++) yield* runNode(plan, p, tc);
}

/** One side of a binary node: a broadcast is read whole, other children by partition (if they have it). */
function side(plan: PhysicalPlan, p: number, tc: TaskContext): AsyncIterable<Batch> {
  if (plan.kind === 'BroadcastExchange') return fromArray(tc.exchanges.readAll(exchangeIdOf(tc, plan)));
  return p < numPartitionsOf(plan) ? runNode(plan, p, tc) : fromArray([]);
}

/**
 * A merge join's side: the rows under a local Sort are handed over unsorted with the Sort's order (the
 * join sorts them as indexes); the Sort node is still instrumented (same rows, its metrics stay).
 */
function mergeJoinSide(plan: PhysicalPlan, p: number, tc: TaskContext): MergeJoinSide {
  if (plan.kind === 'SortExec' && !sortsAllPartitions(plan) && p < numPartitionsOf(plan)) {
    const rows = runNode(plan.child, p, tc);
    return {
      output: outputOf(plan),
      rows: tc.instrument ? tc.instrument(plan, rows) : rows,
      order: plan.order,
    };
  }
  return { output: outputOf(plan), rows: side(plan, p, tc), order: null };
}

/**
 * Partition `p` of `plan`'s output; the scheduler's task runner may wrap each node's stream. `needed`:
 * the output columns the parent reads (null: all), for a filter under a projection. `recycler`: from
 * a parent that gives each batch's arrays back (ArrayRecycler), for the filters and projections
 * right under it. `narrowings`: from the hash joins above, for the filter or scan under it
 * (FilterNarrowing).
 */
export function runNode(
  plan: PhysicalPlan,
  p: number,
  tc: TaskContext,
  needed: readonly number[] | null = null,
  recycler?: ArrayRecycler,
  narrowings?: readonly FilterNarrowing[],
): AsyncIterable<Batch> {
  const out = runOperator(plan, p, tc, needed, recycler, narrowings);
  return tc.instrument ? tc.instrument(plan, out) : out;
}

type HashJoinNode = Extract<PhysicalPlan, { kind: 'HashJoin' }>;

/** The side a hash join streams. */
const streamedSide = (j: HashJoinNode): PhysicalPlan => (j.buildSide === 'BuildRight' ? j.left : j.right);

/**
 * Whether a hash join passes each streamed row on (joined, or as it is) or drops it, by that row
 * alone: a row a join above would drop may then be dropped under it. (Not a join that keeps its build
 * side's unmatched rows: which those are depends on every streamed row.)
 */
function passesStreamedRows(j: HashJoinNode): boolean {
  const streamIsLeft = j.buildSide === 'BuildRight';
  switch (j.joinType) {
    case 'Inner':
      return true;
    case 'LeftSemi':
    case 'LeftAnti':
    case 'LeftOuter':
      return streamIsLeft;
    case 'RightOuter':
      return !streamIsLeft;
    default:
      return false;
  }
}

// Only named columns: an expression a projection computes must still see every row the filter keeps
// (it may raise on a row the join would drop).
const names = (e: Expr): boolean =>
  e.kind === 'AttributeReference' || (e.kind === 'Alias' && e.child.kind === 'AttributeReference');

/**
 * For a hash join that keeps streamed (left) rows by their key alone (see keepsStreamRowsByKey) or an
 * inner join on one key (rows whose key has no build row make no pairs): where its key test can join
 * a filter's (FilterNarrowing), as the positions of its key columns in the input of the first filter
 * or scan its streamed side reads, down through projections that only name columns and hash joins
 * that pass their streamed rows on (TPC-H Q5's two runtime filters of lineitem, one over the other, test
 * its scan's rows together). Null otherwise.
 */
function streamFilterNarrowing(plan: HashJoinNode): FilterNarrowing | null {
  const streamIsLeft = plan.buildSide === 'BuildRight';
  const byKey = keepsStreamRowsByKey(plan) && streamIsLeft;
  const inner = plan.joinType === 'Inner' && plan.leftKeys.length === 1 && plan.nullSafe[0] !== true;
  if (!byKey && !inner) return null;
  let ids: number[] = [];
  for (const k of streamIsLeft ? plan.leftKeys : plan.rightKeys) {
    if (k.kind !== 'AttributeReference') return null;
    ids.push(k.id);
  }
  const at = (input: readonly AttributeRef[]): FilterNarrowing | null => {
    const keyPositions = ids.map((id) => input.findIndex((a) => a.id === id));
    return keyPositions.includes(-1) ? null : { keyPositions, narrow: null };
  };
  for (let node = streamedSide(plan); ;) {
    switch (node.kind) {
      case 'ProjectExec': {
        if (!node.projectList.every(names)) return null;
        const project = node;
        const below = ids.map((id) => inputIdOf(project, id));
        if (below.includes(null)) return null;
        ids = below as number[];
        node = node.child;
        break;
      }
      case 'HashJoin': {
        const side = streamedSide(node);
        const sideIds = new Set(outputOf(side).map((a) => a.id));
        if (!passesStreamedRows(node) || !ids.every((id) => sideIds.has(id))) return null;
        node = side;
        break;
      }
      case 'FilterExec':
        return at(outputOf(node.child));
      case 'InMemoryTableScan':
      case 'FileSourceScan':
      case 'LocalTableScan':
        return at(outputOf(node));
      default:
        return null;
    }
  }
}

/** A scan's batches narrowed by the tests of the joins above it, if any (see FilterNarrowing). */
function narrowedScan(
  out: AsyncIterable<Batch>,
  narrowings: readonly FilterNarrowing[] | undefined,
): AsyncIterable<Batch> {
  return narrowings === undefined ? out : narrowedBatches(out, narrowings);
}

/** The input columns a projection reads (null: all of them, or not known). */
function projectedPositions(plan: Extract<PhysicalPlan, { kind: 'ProjectExec' }>): number[] | null {
  const input = outputOf(plan.child);
  const positions = new Set<number>();
  for (const e of plan.projectList) {
    const ps = referencedPositions(e, input);
    if (ps === null) return null;
    for (const q of ps) positions.add(q);
  }
  return [...positions];
}

function runOperator(
  plan: PhysicalPlan,
  p: number,
  tc: TaskContext,
  needed: readonly number[] | null,
  recycler: ArrayRecycler | undefined,
  narrowings?: readonly FilterNarrowing[],
): AsyncIterable<Batch> {
  switch (plan.kind) {
    case 'LocalTableScan':
      return narrowedScan(localTableScan(plan, p), narrowings);
    case 'RangeExec':
      return rangeExec(plan, p);
    case 'FileSourceScan':
      return narrowedScan(fileSourceScan(plan, p, tc), narrowings);
    case 'InMemoryTableScan':
      return narrowedScan(inMemoryTableScan(plan, p), narrowings);
    case 'ProjectExec': {
      // A filter under a projection gathers only the columns the projection reads (TPC-H's date
      // cuts drop the date column right after the filter).
      const needed = plan.child.kind === 'FilterExec' ? projectedPositions(plan) : null;
      const input = runNode(plan.child, p, tc, needed, recycler, narrowings);
      return projectExec(plan, outputOf(plan.child), input, tc, recycler);
    }
    case 'FilterExec': {
      const input = runNode(plan.child, p, tc);
      return filterExec(plan, outputOf(plan.child), input, tc, needed, recycler, narrowings);
    }
    case 'HashAggregate': {
      const given = givesInputBack(plan) ? new ArrayRecycler(BATCH_SIZE) : undefined;
      // A shuffle's blocks are all there before the task runs: their rows bound the groups.
      const child = plan.child;
      const inputRows =
        child.kind === 'ShuffleExchange' ? tc.exchanges.rows(exchangeIdOf(tc, child), p) : undefined;
      const input = runNode(child, p, tc, null, given);
      return hashAggregate(plan, outputOf(child), input, tc, given, inputRows);
    }
    case 'SortExec':
      return sortExec(
        plan,
        outputOf(plan.child),
        sortsAllPartitions(plan) ? allPartitions(plan.child, tc) : runNode(plan.child, p, tc),
        tc,
      );
    case 'WindowExec':
      return windowExec(plan, outputOf(plan.child), runNode(plan.child, p, tc), tc);
    case 'WindowGroupLimitExec': {
      const limit = limitsUnsortedRows(plan) ? groupTopRows : windowGroupLimitExec;
      return limit(plan, outputOf(plan.child), runNode(plan.child, p, tc), tc);
    }
    case 'ExpandExec':
      return expandExec(plan, outputOf(plan.child), runNode(plan.child, p, tc), tc);
    case 'GenerateExec':
      return generateExec(plan, outputOf(plan.child), runNode(plan.child, p, tc), tc);
    case 'LocalLimit':
      return localLimit(plan, runNode(plan.child, p, tc));
    case 'GlobalLimit':
      return globalLimit(plan, allPartitions(plan.child, tc));
    case 'TakeOrderedAndProject':
      return takeOrderedAndProject(
        plan,
        outputOf(plan.child),
        plan.perPartition === true ? runNode(plan.child, p, tc) : allPartitions(plan.child, tc),
        tc,
      );
    case 'HashJoin':
    case 'NestedLoopJoin': {
      let lp = p;
      let rp = p;
      if (plan.kind === 'NestedLoopJoin' && plan.strategy === 'CartesianProduct') {
        const nr = numPartitionsOf(plan.right);
        lp = Math.floor(p / nr);
        rp = p % nr;
      }
      // This join's key test and those of the joins above that reach its streamed side (see
      // streamFilterNarrowing), for the filter or scan under that side.
      const own = plan.kind === 'HashJoin' ? streamFilterNarrowing(plan) : null;
      const tests =
        plan.kind !== 'HashJoin' ? undefined : own === null ? narrowings : [...(narrowings ?? []), own];
      const streamIsLeft = plan.kind === 'HashJoin' && plan.buildSide === 'BuildRight';
      const left =
        tests !== undefined && streamIsLeft
          ? runNode(plan.left, lp, tc, null, undefined, tests)
          : side(plan.left, lp, tc);
      const right =
        tests !== undefined && !streamIsLeft
          ? runNode(plan.right, rp, tc, null, undefined, tests)
          : side(plan.right, rp, tc);
      const lo = outputOf(plan.left);
      const ro = outputOf(plan.right);
      return plan.kind === 'HashJoin'
        ? hashJoin(plan, lo, ro, left, right, tc, own ?? undefined)
        : nestedLoopJoin(plan, lo, ro, left, right, tc);
    }
    case 'SortMergeJoin':
      return sortMergeJoin(plan, mergeJoinSide(plan.left, p, tc), mergeJoinSide(plan.right, p, tc), tc);
    case 'UnionExec': {
      let q = p;
      for (const c of plan.children) {
        const n = numPartitionsOf(c);
        if (q < n) return runNode(c, q, tc);
        q -= n;
      }
      return fromArray([]);
    }
    case 'ShuffleExchange':
      return fromArray(
        joinSmallBatches(
          outputOf(plan).map((a) => a.dataType),
          tc.exchanges.read(exchangeIdOf(tc, plan), p),
        ),
      );
    case 'BroadcastExchange':
      return fromArray(tc.exchanges.readAll(exchangeIdOf(tc, plan)));
    case 'UnionLoopExec': {
      if (p > 0) return fromArray([]);
      const run = tc.runSubPlan;
      if (!run) throw new InternalError('UnionLoopExec needs a scheduler to run its sub-plans');
      return unionLoopExec(plan, tc, run);
    }
    case 'UnionLoopRefExec': {
      const rows = tc.loopInputs?.get(plan.loopId);
      // Only a subquery expression of the recursive term that the optimizer could not turn into a join
      // gets here: subqueries run once before the plan (flint's subquery-eval), not once per iteration.
      if (!rows) {
        throw new FlintError(
          'UNSUPPORTED_FEATURE.RECURSIVE_CTE_REFERENCE_IN_SUBQUERY',
          '[UNSUPPORTED_FEATURE.RECURSIVE_CTE_REFERENCE_IN_SUBQUERY] The feature is not supported: a recursive reference inside a subquery expression of the recursive term. SQLSTATE: 0A000',
          {},
          null,
          '0A000',
        );
      }
      return fromArray(p === 0 ? rows : []);
    }
    case 'CoalesceExec': {
      const m = numPartitionsOf(plan.child);
      const n = numPartitionsOf(plan);
      const child = plan.child;
      return (async function* () {
        for (let q = Math.floor((p * m) / n); q < Math.floor(((p + 1) * m) / n); q++)
          yield* runNode(child, q, tc);
      })();
    }
    default:
      return assertNever(plan, 'physical plan');
  }
}

/** Shuffle blocks of fewer rows than this are read put together. */
const SMALL_BLOCK_ROWS = BATCH_SIZE / 8;

/**
 * Shuffle blocks in order, runs of small ones put together: a reduce partition holds one block per
 * map task, and a task of a coalesced range reads hundreds of blocks of a few hundred rows, each of
 * which would pay every operator's per-batch work. A run's dictionary columns stay dictionaries (see
 * concatVectors); a block whose column is a dictionary where the run's is not, or the other way
 * round, starts a new run (putting them together would decode the dictionary).
 */
export function joinSmallBatches(types: readonly DataType[], blocks: readonly Batch[]): readonly Batch[] {
  if (blocks.length < 2) return blocks;
  const out: Batch[] = [];
  let pending: Batch[] = [];
  let rows = 0;
  const flush = () => {
    if (pending.length > 0) out.push(concatBatches(types, pending));
    pending = [];
    rows = 0;
  };
  const joinable = (b: Batch): boolean =>
    b.numRows < SMALL_BLOCK_ROWS &&
    b.columns.every((c) => c.dictionary === undefined || fewDictionaryValues([c]));
  const sameEncoding = (b: Batch, a: Batch): boolean =>
    b.columns.every((c, i) => (c.dictionary === undefined) === (a.columns[i]!.dictionary === undefined));
  for (const b of blocks) {
    if (!joinable(b)) {
      flush();
      out.push(b);
      continue;
    }
    if (pending.length > 0 && !sameEncoding(b, pending[0]!)) flush();
    pending.push(b);
    rows += b.numRows;
    if (rows >= SMALL_BLOCK_ROWS) flush();
  }
  flush();
  return out;
}
