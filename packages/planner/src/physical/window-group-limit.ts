// Spark's InferWindowGroupLimit, applied where the Window is planned: a filter that keeps only the
// first k ranks of a rank-like window function (row_number, rank, dense_rank over an ordered window)
// lets rows past rank k be dropped early, in each map task before the shuffle and again after it.

import type { Expr } from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import type { RankLikeFunction } from '../physical-plan.js';
import { splitConjuncts } from '../optimizer/plan-transform.js';

type Window = Extract<LogicalPlan, { kind: 'Window' }>;

export interface WindowGroupLimit {
  readonly rankLikeFunction: RankLikeFunction;
  readonly limit: number;
}

const RANK_LIKE = new Set<string>(['row_number', 'rank', 'dense_rank']);

/**
 * The limit a filter over a window puts on a rank-like column, when every window expression is a
 * rank-like function (row_number preferred, then the smallest limit), the window is ordered and
 * partitioned, and the limit is in 1..threshold. Null otherwise. (Spark also turns a limit below 1
 * into an empty relation and an unpartitioned row_number into a top-N sort; those stay as they are.)
 */
export function windowGroupLimitOf(
  condition: Expr,
  window: Window,
  threshold: number,
): WindowGroupLimit | null {
  if (threshold < 0 || window.orderSpec.length === 0 || window.partitionSpec.length === 0) return null;
  const ranks = new Map<number, RankLikeFunction>();
  for (const named of window.windowExprs) {
    if (named.kind !== 'Alias' || named.child.kind !== 'WindowExpression') return null;
    const fn = named.child.function;
    if (fn.kind !== 'WindowFunction' || !RANK_LIKE.has(fn.name)) return null;
    ranks.set(named.id, fn.name as RankLikeFunction);
  }
  const found: WindowGroupLimit[] = [];
  for (const c of splitConjuncts(condition)) {
    const bound = rankBound(c);
    const fn = bound === null ? undefined : ranks.get(bound.id);
    if (bound !== null && fn !== undefined) found.push({ rankLikeFunction: fn, limit: bound.limit });
  }
  const rowNumbers = found.filter((f) => f.rankLikeFunction === 'row_number');
  const candidates = rowNumbers.length > 0 ? rowNumbers : found;
  if (candidates.length === 0) return null;
  const best = candidates.reduce((a, b) => (b.limit < a.limit ? b : a));
  return best.limit >= 1 && best.limit <= threshold ? best : null;
}

/** `rank = k`, `rank < k`, `rank <= k` (either way round) as the largest rank kept. */
function rankBound(e: Expr): { id: number; limit: number } | null {
  if (e.kind !== 'Comparison') return null;
  const flipped: Record<string, string> = {
    EqualTo: 'EqualTo',
    LessThan: 'GreaterThan',
    LessThanOrEqual: 'GreaterThanOrEqual',
    GreaterThan: 'LessThan',
    GreaterThanOrEqual: 'LessThanOrEqual',
  };
  const [attr, lit, op] =
    e.left.kind === 'AttributeReference' ? [e.left, e.right, e.op] : [e.right, e.left, flipped[e.op]];
  if (attr.kind !== 'AttributeReference' || lit.kind !== 'Literal' || lit.dataType.kind !== 'integer')
    return null;
  const k = lit.value as number;
  switch (op) {
    case 'EqualTo':
    case 'LessThanOrEqual':
      return { id: attr.id, limit: k };
    case 'LessThan':
      return { id: attr.id, limit: k - 1 };
    default:
      return null;
  }
}
