// SQL join strategy hints (`SELECT /*+ BROADCAST(t) */ ...`): Spark's ResolveJoinStrategyHints and
// EliminateResolvedHint at once: a hint naming a relation of the FROM clause (by table name, or by
// alias when aliased) becomes the hint of the join side that relation is.

import type { SelectHint } from '@flint/sql';
import type { JoinHint, LogicalPlan } from '../logical-plan.js';

type Strategy = NonNullable<JoinHint['leftHint']>;

/** Spark's hint names per strategy (case-insensitive); other hints are ignored here. */
function strategyOf(name: string): Strategy | null {
  switch (name.toUpperCase()) {
    case 'BROADCAST':
    case 'BROADCASTJOIN':
    case 'MAPJOIN':
      return 'BROADCAST';
    case 'MERGE':
    case 'SHUFFLE_MERGE':
    case 'MERGEJOIN':
      return 'MERGE';
    case 'SHUFFLE_HASH':
      return 'SHUFFLE_HASH';
    case 'SHUFFLE_REPLICATE_NL':
      return 'SHUFFLE_REPLICATE_NL';
    default:
      return null;
  }
}

/** The name a join side answers to: an alias, or a table's name parts. */
function sideName(plan: LogicalPlan): readonly string[] | null {
  if (plan.kind === 'SubqueryAlias') return plan.alias;
  if (plan.kind === 'UnresolvedRelation') return plan.nameParts;
  if (plan.kind === 'UnresolvedColumnAliases') return sideName(plan.child);
  return null;
}

/** A hint parameter (`t` or `db.t`) names the relation when it is a suffix of its name, ignoring case. */
function matches(param: string, name: readonly string[]): boolean {
  const parts = param.split('.').map((p) => p.toLowerCase());
  if (parts.length > name.length) return false;
  const tail = name.slice(name.length - parts.length).map((p) => p.toLowerCase());
  return parts.every((p, i) => p === tail[i]);
}

/**
 * Applies the join strategy hints to the joins of a FROM clause's plan. When several hints name the same
 * relation, the first one listed wins (Spark warns that the others are overridden).
 */
export function applyJoinHints(plan: LogicalPlan, hints: readonly SelectHint[]): LogicalPlan {
  const wanted: { strategy: Strategy; param: string }[] = [];
  for (const h of hints) {
    const strategy = strategyOf(h.name);
    if (strategy !== null) for (const param of h.parameters) wanted.push({ strategy, param });
  }
  if (wanted.length === 0) return plan;
  const hintFor = (side: LogicalPlan): Strategy | undefined => {
    const name = sideName(side);
    if (name === null) return undefined;
    return wanted.find((w) => matches(w.param, name))?.strategy;
  };
  const walk = (p: LogicalPlan): LogicalPlan => {
    if (p.kind !== 'Join' && p.kind !== 'UnresolvedUsingJoin') return p;
    const left = walk(p.left);
    const right = walk(p.right);
    const leftHint = p.hint.leftHint ?? hintFor(p.left);
    const rightHint = p.hint.rightHint ?? hintFor(p.right);
    const hint: JoinHint = {
      ...(leftHint !== undefined ? { leftHint } : {}),
      ...(rightHint !== undefined ? { rightHint } : {}),
    };
    return { ...p, left, right, hint };
  };
  return walk(plan);
}
