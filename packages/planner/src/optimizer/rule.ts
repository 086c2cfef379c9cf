// An optimizer rule: a function from plan to plan that returns the same object when nothing changed.

import type { Expr } from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import type { Value } from '@flint/common';

export interface OptimizerContext {
  /** Evaluates a constant expression (folding); supplied by the session, which owns the executor. */
  evalConstant(e: Expr): Value;
  nextExprId(): number;
  /** The session's SQL configuration, for rules whose behaviour a flag changes (absent: defaults). */
  readonly conf?: ReadonlyMap<string, string>;
}

export interface Rule {
  readonly name: string;
  apply(plan: LogicalPlan, ctx: OptimizerContext): LogicalPlan;
}
