// The optimizer: named batches of rules, each run once or to a fixed point. A rule that changes the
// output schema is a bug and fails loudly; excluded rules (spark.sql.optimizer.excludedRules) are skipped.

import { InternalError } from '@flint/common';
import type { LogicalPlan } from '../logical-plan.js';
import { outputOf } from '../plan-output.js';
import type { OptimizerContext, Rule } from './rule.js';
import { constantFolding } from './rules/constant-folding.js';
import { combineFilters } from './rules/combine-filters.js';
import { booleanSimplification } from './rules/boolean-simplification.js';
import { pushDownPredicates } from './rules/push-down-predicates.js';
import { columnPruning } from './rules/column-pruning.js';
import { rewritePredicateSubquery } from './rules/rewrite-predicate-subquery.js';
import { checkSubqueryCorrelation } from './rules/check-subquery-correlation.js';
import { reorderJoin } from './rules/reorder-join.js';
import { pushExtraPredicateThroughJoin } from './rules/push-extra-predicate-through-join.js';
import { rewriteCorrelatedScalarSubquery } from './rules/rewrite-correlated-scalar-subquery.js';
import { injectRuntimeFilter } from './rules/inject-runtime-filter.js';
import { pushLeftSemiAntiThroughJoin } from './rules/push-left-semi-anti-through-join.js';
import { pushSelectiveJoinDown } from './rules/push-selective-join-down.js';
import { joinGroupingDimensionLast } from './rules/join-grouping-dimension-last.js';
import { rewriteCorrelatedAggregateAsWindow } from './rules/rewrite-correlated-aggregate-as-window.js';

export interface Batch {
  readonly name: string;
  readonly strategy: 'Once' | 'FixedPoint';
  readonly rules: readonly Rule[];
}

const OPERATOR_OPTIMIZATION: Batch = {
  name: 'Operator optimization',
  strategy: 'FixedPoint',
  rules: [
    constantFolding,
    booleanSimplification,
    combineFilters,
    pushDownPredicates,
    pushLeftSemiAntiThroughJoin,
  ],
};

export const BATCHES: readonly Batch[] = [
  // Before the subquery rewrite, as in Spark (ReorderJoin is an operator-optimization rule, subqueries
  // become joins later): a correlated scalar subquery turns its Filter into a left outer join over the
  // whole FROM chain, which would hide the chain's join conditions from the reordering (TPC-H Q2 then
  // began with part × supplier). Once: ordering builds a new tree every time, never a fixed point.
  // A dimension only grouped by then joins last (Flint's), on the order ReorderJoin gave the rest.
  { name: 'Join reorder', strategy: 'Once', rules: [reorderJoin, joinGroupingDimensionLast] },
  // Filters with subqueries move down to the relations they read first, as in Spark (whose subquery
  // rewrite runs after its operator optimization): `o_orderkey IN (...)` then becomes a semi join on
  // orders, before orders meets lineitem (TPC-H Q18).
  OPERATOR_OPTIMIZATION,
  {
    name: 'Subquery rewrite',
    strategy: 'Once',
    rules: [checkSubqueryCorrelation, rewritePredicateSubquery, rewriteCorrelatedScalarSubquery],
  },
  OPERATOR_OPTIMIZATION,
  // Flint's, once the subquery's join has its filters in place (a filter on either copy of the
  // relation keeps the join).
  { name: 'Correlated aggregates as windows', strategy: 'Once', rules: [rewriteCorrelatedAggregateAsWindow] },
  // Once (Spark tags a processed join instead); what it adds then moves down with the batch after it.
  { name: 'Extra join predicates', strategy: 'Once', rules: [pushExtraPredicateThroughJoin] },
  OPERATOR_OPTIMIZATION,
  // After the joins have their final places and filters. Spark prunes columns in its operator
  // optimization, before this: a side's size (a broadcast join or not) counts only the columns read.
  { name: 'Column pruning before runtime filters', strategy: 'Once', rules: [columnPruning] },
  // Once every filter sits on the relation it reads (which dimensions are selective is known) and the
  // relations read only their columns (a dimension's size counts those alone).
  { name: 'Selective joins', strategy: 'Once', rules: [pushSelectiveJoinDown] },
  // Pruning runs again to narrow the new semi joins.
  { name: 'InjectRuntimeFilter', strategy: 'Once', rules: [injectRuntimeFilter] },
  { name: 'Column pruning', strategy: 'Once', rules: [columnPruning] },
];

const MAX_ITERATIONS = 100;

export interface OptimizeOptions extends OptimizerContext {
  readonly excludedRules?: ReadonlySet<string>;
  /** Called with each rule that changed the plan (tracing). */
  readonly trace?: (rule: string, before: LogicalPlan, after: LogicalPlan) => void;
}

function sameSchema(a: LogicalPlan, b: LogicalPlan): boolean {
  const x = outputOf(a);
  const y = outputOf(b);
  return (
    x.length === y.length && x.every((v, i) => v.id === y[i]!.id && v.dataType.kind === y[i]!.dataType.kind)
  );
}

export function optimize(plan: LogicalPlan, options: OptimizeOptions): LogicalPlan {
  let current = plan;
  for (const batch of BATCHES) {
    const rules = batch.rules.filter((r) => !options.excludedRules?.has(r.name));
    for (let i = 0; i < (batch.strategy === 'Once' ? 1 : MAX_ITERATIONS); i++) {
      const start = current;
      for (const rule of rules) {
        const next = rule.apply(current, options);
        if (next !== current) {
          if (!sameSchema(current, next))
            throw new InternalError(`rule ${rule.name} changed the output schema`);
          options.trace?.(rule.name, current, next);
          current = next;
        }
      }
      if (current === start) break;
    }
  }
  return current;
}
