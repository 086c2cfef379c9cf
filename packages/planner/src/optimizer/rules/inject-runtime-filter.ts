// InjectRuntimeFilter (Spark's rule, built as its semi-join reduction rather than a Bloom filter): when
// one side of an equi-join reads a scan through a selective filter (the creation side) and the other
// side's key comes from a large scan that meets a shuffle or aggregation before the join (the
// application side), that scan keeps only the rows whose key the creation side holds, as a left semi
// join against the filtered scan right above it. Rows the join would drop then never reach the
// shuffles and aggregations between (TPC-H Q17: the average quantity per part is computed for the
// 200 parts of one brand and container, not for all 200,000).
//
//   Join Inner (a.k = b.k)                        Join Inner (a.k = b.k)
//   :- Aggregate [a.k] (Scan a)             ->    :- Aggregate [a.k] (Join LeftSemi (Scan a) (Project [b.k AS k'] (Filter p (Scan b))) ON a.k = k')
//   +- Filter p (Scan b)                          +- Filter p (Scan b)
//
// Sound because the join's other side only holds keys of the creation side: its rows pass through
// filters, projections and joins above that scan, which never make new key values. Flint's default
// application-side size is 10 MB where Spark's is 10 GB: one process reading Arrow batches pays for a
// shuffled or aggregated row far sooner than a cluster does. Its default creation-side size is 64 MB
// where Spark's is 10 MB: sizes ignore filters (TPC-H's orders of one quarter are estimated as all
// orders' keys and dates, 18 MB), and the semi join is broadcast whatever its size, as Spark's Bloom
// filter is, testing dense int keys against a bit a value and many others against a Bloom filter
// (exec's hash/key-filter.ts), so a large creation side costs its scan and a few MB. A creation side
// estimated at half the application side's scan or more is not used: it would rebuild most of that
// scan to drop little of it (TPC-H Q4's lineitem keys for orders).

import { parseBytes } from '@flint/common';
import type { AttributeRef, Expr } from '../../expr.js';
import { NO_HINT, type JoinType, type LogicalPlan } from '../../logical-plan.js';
import { outputOf } from '../../plan-output.js';
import { extractEquiKeys, fitsBroadcastThreshold } from '../../physical/join-selection.js';
import { estimateSize } from '../../physical/size-estimation.js';
import type { OptimizerContext, Rule } from '../rule.js';
import { hasSubquery, isDeterministic, withChildren } from '../plan-transform.js';
import { planChildren } from '../../analyzer/resolve-expr.js';
import { columnPruning } from './column-pruning.js';

const MB = 1024 * 1024;

interface Settings {
  readonly enabled: boolean;
  readonly creationSideThreshold: number;
  readonly applicationSideScanSizeThreshold: number;
  readonly maxFilters: number;
  readonly autoBroadcastJoinThreshold: number;
}

/** A size setting in bytes (`10MB`, `-1`), or `def` when unset. */
export function bytes(conf: ReadonlyMap<string, string> | undefined, key: string, def: number): number {
  const v = conf?.get(key);
  return v === undefined ? def : parseBytes(v, key);
}

function settingsOf(ctx: OptimizerContext): Settings {
  const conf = ctx.conf;
  return {
    enabled: (conf?.get('spark.sql.optimizer.runtime.bloomFilter.enabled') ?? 'true') !== 'false',
    creationSideThreshold: bytes(
      conf,
      'spark.sql.optimizer.runtime.bloomFilter.creationSideThreshold',
      64 * MB,
    ),
    applicationSideScanSizeThreshold: bytes(
      conf,
      'spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizeThreshold',
      10 * MB,
    ),
    maxFilters: Number(conf?.get('spark.sql.optimizer.runtimeFilter.number.threshold') ?? '10'),
    autoBroadcastJoinThreshold: bytes(conf, 'spark.sql.autoBroadcastJoinThreshold', 10 * MB),
  };
}

const canPruneLeft = (t: JoinType): boolean => t === 'Inner' || t === 'LeftSemi' || t === 'RightOuter';
const canPruneRight = (t: JoinType): boolean => t === 'Inner' || t === 'LeftSemi' || t === 'LeftOuter';

const isScan = (p: LogicalPlan): boolean => p.kind === 'LogicalRelation' || p.kind === 'InMemoryRelation';

/** A scan under nothing but filters, projections and aliases: where a runtime filter goes. */
export function isScanChain(p: LogicalPlan): boolean {
  if (isScan(p)) return true;
  return (p.kind === 'Filter' || p.kind === 'Project' || p.kind === 'SubqueryAlias') && isScanChain(p.child);
}

/**
 * The scan columns a plan's output attributes come from, by output id, when the plan is a relation
 * under projections of plain columns and aliases only (no filter): null otherwise.
 */
export function unfilteredScanColumns(p: LogicalPlan): Map<number, number> | null {
  switch (p.kind) {
    case 'LogicalRelation':
    case 'LocalRelation':
    case 'InMemoryRelation':
      return new Map(outputOf(p).map((a) => [a.id, a.id]));
    case 'SubqueryAlias':
      return unfilteredScanColumns(p.child);
    case 'Project': {
      const below = unfilteredScanColumns(p.child);
      if (below === null) return null;
      const out = new Map<number, number>();
      for (const e of p.projectList) {
        const source = e.kind === 'Alias' ? e.child : e;
        const base = source.kind === 'AttributeReference' ? below.get(source.id) : undefined;
        if (base !== undefined) out.set(e.id, base);
      }
      return out;
    }
    default:
      return null;
  }
}

/** The scan at the bottom of a scan chain. */
function scanOf(p: LogicalPlan): LogicalPlan {
  return isScan(p) || !('child' in p) ? p : scanOf(p.child);
}

// Spark's isLikelySelective: comparisons, IN lists and string matches, through NOT / AND / OR.
const SELECTIVE_FUNCTIONS = new Set([
  'like',
  'ilike',
  'rlike',
  'regexp',
  'startswith',
  'endswith',
  'contains',
]);

export function isLikelySelective(e: Expr): boolean {
  switch (e.kind) {
    case 'Not':
      return isLikelySelective(e.child);
    case 'And':
      return isLikelySelective(e.left) || isLikelySelective(e.right);
    case 'Or':
      return isLikelySelective(e.left) && isLikelySelective(e.right);
    case 'Comparison':
    case 'In':
      return true;
    case 'ScalarFunction':
      return SELECTIVE_FUNCTIONS.has(e.name.toLowerCase());
    default:
      return false;
  }
}

/** A plan whose key column holds every key value the creation side of a join can give it. */
interface CreationSide {
  readonly plan: LogicalPlan;
  readonly key: AttributeRef;
}

/**
 * Spark's extractSelectiveFilterOverScan: the filtered scan that column `key` of `plan` comes from,
 * down through filters, projections and the joins, when a selective filter sits over that scan.
 */
function selectiveScan(
  p: LogicalPlan,
  key: AttributeRef,
  current: LogicalPlan,
  hitSelective: boolean,
): CreationSide | null {
  switch (p.kind) {
    case 'Project':
    case 'SubqueryAlias':
      return selectiveScan(p.child, key, current, hitSelective);
    case 'Filter':
      if (!isDeterministic(p.condition) || hasSubquery(p.condition)) return null;
      return selectiveScan(p.child, key, current, hitSelective || isLikelySelective(p.condition));
    case 'LogicalRelation':
    case 'InMemoryRelation':
      return hitSelective ? { plan: current, key } : null;
    case 'Join': {
      // A join PushSelectiveJoinDown made holds a selective filter: its keys are few (TPC-H Q21's
      // suppliers of one nation thin lineitem before its semi and anti joins).
      const has = (side: LogicalPlan) => outputOf(side).some((a) => a.id === key.id);
      if (p.dimensionJoin === true && has(p)) return { plan: current, key };
      const keys = extractEquiKeys(p.condition, p.left, p.right);
      // Through the side the key comes from, or, where the join drops that side's unmatched rows,
      // through the key it equals on the other side.
      const via = (
        from: LogicalPlan,
        other: LogicalPlan,
        fromKeys: Expr[],
        otherKeys: Expr[],
        prune: boolean,
      ) => {
        const direct = selectiveScan(from, key, from, false);
        if (direct !== null || !prune) return direct;
        const k = fromKeys.findIndex(
          (e, i) => e.kind === 'AttributeReference' && e.id === key.id && !keys.nullSafe[i],
        );
        const o = k >= 0 ? otherKeys[k]! : null;
        return o?.kind === 'AttributeReference' ? selectiveScan(other, o, other, false) : null;
      };
      if (has(p.left)) return via(p.left, p.right, keys.leftKeys, keys.rightKeys, canPruneLeft(p.joinType));
      if (p.joinType !== 'LeftSemi' && p.joinType !== 'LeftAnti' && has(p.right))
        return via(p.right, p.left, keys.rightKeys, keys.leftKeys, canPruneRight(p.joinType));
      return null;
    }
    default:
      return null;
  }
}

/** Semi joins this rule added, with the key column they filter: a scan is filtered once per key. */
const injected = new WeakMap<LogicalPlan, number>();

/**
 * `p` with the scan chain that column `keyId` of `p` comes from (through projections of the column,
 * filters, grouping columns of aggregates and joins) replaced by `wrap(chain, key)`; null when the
 * column does not come straight from a scan, or that scan is already filtered on it.
 */
function rewriteAtScan(
  p: LogicalPlan,
  keyId: number,
  wrap: (chain: LogicalPlan, key: AttributeRef) => LogicalPlan | null,
): LogicalPlan | null {
  if (injected.get(p) === keyId) return null;
  if (isScanChain(p)) {
    const key = outputOf(p).find((a) => a.id === keyId);
    return key === undefined ? null : wrap(p, key);
  }
  const down = (child: LogicalPlan, id: number): LogicalPlan | null => {
    const c = rewriteAtScan(child, id, wrap);
    return c === null
      ? null
      : withChildren(
          p,
          planChildren(p).map((x) => (x === child ? c : x)),
        );
  };
  switch (p.kind) {
    case 'Filter':
    case 'SubqueryAlias':
    case 'Sort':
      return down(p.child, keyId);
    case 'Project': {
      const e = p.projectList.find((x) => x.id === keyId);
      if (e?.kind === 'AttributeReference') return down(p.child, e.id);
      if (e?.kind === 'Alias' && e.child.kind === 'AttributeReference') return down(p.child, e.child.id);
      return null;
    }
    case 'Aggregate': {
      // Only a grouping column: its rows are dropped group by group.
      const e = p.aggregateExprs.find((x) => x.id === keyId);
      const source = e?.kind === 'Alias' ? e.child : e;
      if (source?.kind !== 'AttributeReference') return null;
      const grouped = p.groupingExprs.some((g) => g.kind === 'AttributeReference' && g.id === source.id);
      return grouped ? down(p.child, source.id) : null;
    }
    case 'Join': {
      if (outputOf(p.left).some((a) => a.id === keyId)) return down(p.left, keyId);
      if (outputOf(p.right).some((a) => a.id === keyId)) return down(p.right, keyId);
      return null;
    }
    default:
      return null;
  }
}

/** Whether the plan shuffles or aggregates its rows somewhere (Spark's probablyHasShuffle). */
function probablyHasShuffle(p: LogicalPlan, s: Settings): boolean {
  if (p.kind === 'Aggregate' || p.kind === 'Window') return true;
  if (p.kind === 'Join' && probablyShuffleJoin(p, s)) return true;
  if (isScan(p)) return false;
  return planChildren(p).some((c) => probablyHasShuffle(c, s));
}

function probablyShuffleJoin(j: Extract<LogicalPlan, { kind: 'Join' }>, s: Settings): boolean {
  const broadcastable = (side: LogicalPlan): boolean =>
    fitsBroadcastThreshold(estimateSize(side), s.autoBroadcastJoinThreshold);
  return (
    j.hint.leftHint !== 'BROADCAST' &&
    j.hint.rightHint !== 'BROADCAST' &&
    !broadcastable(j.left) &&
    !broadcastable(j.right)
  );
}

export const injectRuntimeFilter: Rule = {
  name: 'InjectRuntimeFilter',
  apply(plan, ctx) {
    const s = settingsOf(ctx);
    if (!s.enabled || s.maxFilters <= 0) return plan;
    let count = 0;
    const creationLimit = s.creationSideThreshold;

    /** The application side with its scan filtered by the creation side's keys, or null. */
    const filtered = (
      app: LogicalPlan,
      appKey: AttributeRef,
      creation: CreationSide | null,
    ): LogicalPlan | null => {
      if (creation === null) return null;
      const id = ctx.nextExprId();
      // The creation side's size counts the columns it reads, as after Spark's ColumnPruning.
      const keys = columnPruning.apply(
        {
          kind: 'Project',
          projectList: [{ kind: 'Alias', child: creation.key, name: creation.key.name, id }],
          child: creation.plan,
        },
        ctx,
      );
      const creationSize = estimateSize(keys);
      if (creationSize > creationLimit) return null;
      return rewriteAtScan(app, appKey.id, (chain, key) => {
        const scanSize = estimateSize(scanOf(chain));
        if (scanSize < s.applicationSideScanSizeThreshold) return null;
        // Sizes ignore filters: a creation side read at half the filtered scan's size or more
        // (TPC-H Q4's lineitem keys for orders) would rebuild most of that scan to drop little of it.
        if (2 * creationSize > scanSize) return null;
        const values: AttributeRef = { ...creation.key, id, qualifier: [] };
        const semi: LogicalPlan = {
          kind: 'Join',
          left: chain,
          right: keys,
          joinType: 'LeftSemi',
          condition: { kind: 'Comparison', op: 'EqualTo', left: key, right: values },
          hint: NO_HINT,
          runtimeFilter: true,
        };
        injected.set(semi, key.id);
        return semi;
      });
    };

    const visit = (p: LogicalPlan): LogicalPlan => {
      // A cached relation's plan is the cache's key: never rewritten.
      const next = isScan(p) ? p : withChildren(p, planChildren(p).map(visit));
      if (next.kind !== 'Join' || injected.has(next)) return next;
      const jt = next.joinType;
      if (!canPruneLeft(jt) && !canPruneRight(jt)) return next;
      const keys = extractEquiKeys(next.condition, next.left, next.right);
      let { left, right } = next;
      const shuffleJoin = probablyShuffleJoin(next, s);
      keys.leftKeys.forEach((l, i) => {
        const r = keys.rightKeys[i]!;
        if (
          count >= s.maxFilters ||
          keys.nullSafe[i] ||
          l.kind !== 'AttributeReference' ||
          r.kind !== 'AttributeReference'
        )
          return;
        let done: LogicalPlan | null = null;
        if (canPruneLeft(jt) && (shuffleJoin || probablyHasShuffle(next.left, s)))
          done = filtered(left, l, selectiveScan(next.right, r, next.right, false));
        if (done !== null) left = done;
        else if (canPruneRight(jt) && (shuffleJoin || probablyHasShuffle(next.right, s))) {
          done = filtered(right, r, selectiveScan(next.left, l, next.left, false));
          if (done !== null) right = done;
        }
        if (done !== null) count++;
      });
      return left === next.left && right === next.right ? next : { ...next, left, right };
    };
    return visit(plan);
  },
};
