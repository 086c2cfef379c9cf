// Lambda evaluation for higher-order function kernels: `evaluateLambda(lambda, vars, rowIndex)` runs a
// LambdaFunction argument's body with its parameters bound to the given vectors, while the kernel runs.

import { InternalError, type Batch, type Vector } from '@flint/common';
import type { Expr, ExprId } from '@flint/planner';
import { gatherBatch } from './vectors.js';

export interface LambdaSlot {
  current: Vector | null;
  /**
   * Where the bound variable sits in the batch the body runs over (appended after the input columns),
   * or -1 when unbound. Reading it from the batch keeps it aligned when part of the body runs over a
   * subset of rows (CASE / coalesce) or inside a nested lambda (whose batch gathers these columns too).
   */
  column?: number;
}

interface LambdaRuntime {
  readonly batch: Batch;
  readonly bodies: ReadonlyMap<Expr, (outer: Batch) => Vector>;
  readonly slots: ReadonlyMap<ExprId, LambdaSlot>;
}

// Kernels are synchronous, so a stack of the runtimes of the calls in progress is exact.
const stack: LambdaRuntime[] = [];

export function withLambdaRuntime<T>(rt: LambdaRuntime, f: () => T): T {
  stack.push(rt);
  try {
    return f();
  } finally {
    stack.pop();
  }
}

/**
 * Evaluates `lambda` (one of the calling ScalarFunction's args, a LambdaFunction) over element rows:
 * `vars[k]` binds parameter k, and `rowIndex[j]` names the input row element j came from (so that
 * outer columns in the body line up). All vectors have rowIndex.length rows.
 */
export function evaluateLambda(lambda: Expr, vars: readonly Vector[], rowIndex: Int32Array): Vector {
  const rt = stack[stack.length - 1];
  if (rt === undefined || lambda.kind !== 'LambdaFunction')
    throw new InternalError('evaluateLambda outside a higher-order kernel');
  const body = rt.bodies.get(lambda);
  if (body === undefined) throw new InternalError('lambda is not an argument of the running function');
  const saved = lambda.params.map((p) => rt.slots.get(p.id)?.current ?? null);
  const savedColumns = lambda.params.map((p) => rt.slots.get(p.id)?.column ?? -1);
  const inner = gatherBatch(rt.batch, rowIndex);
  const width = inner.columns.length;
  lambda.params.forEach((p, k) => {
    const slot = rt.slots.get(p.id);
    if (slot !== undefined) {
      slot.current = vars[k] ?? null;
      slot.column = vars[k] !== undefined ? width + k : -1;
    }
  });
  try {
    return body({
      numRows: inner.numRows,
      columns: [...inner.columns, ...vars.slice(0, lambda.params.length)],
    });
  } finally {
    lambda.params.forEach((p, k) => {
      const slot = rt.slots.get(p.id);
      if (slot !== undefined) {
        slot.current = saved[k] ?? null;
        slot.column = savedColumns[k] ?? -1;
      }
    });
  }
}
