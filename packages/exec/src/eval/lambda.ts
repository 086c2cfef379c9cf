// Lambda evaluation for higher-order function kernels: `evaluateLambda(lambda, vars, rowIndex)` runs a
// LambdaFunction argument's body with its parameters bound to the given vectors, while the kernel runs.

import { InternalError, type Batch, type Vector } from '@flint/common';
import type { Expr, ExprId } from '@flint/planner';
import { gatherBatch } from './vectors.js';

export interface LambdaSlot {
  current: Vector | null;
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
  if (rt === undefined || lambda.kind !== 'LambdaFunction') throw new InternalError('evaluateLambda outside a higher-order kernel');
  const body = rt.bodies.get(lambda);
  if (body === undefined) throw new InternalError('lambda is not an argument of the running function');
  const saved = lambda.params.map((p) => rt.slots.get(p.id)?.current ?? null);
  lambda.params.forEach((p, k) => {
    const slot = rt.slots.get(p.id);
    if (slot !== undefined) slot.current = vars[k] ?? null;
  });
  try {
    return body(gatherBatch(rt.batch, rowIndex));
  } finally {
    lambda.params.forEach((p, k) => {
      const slot = rt.slots.get(p.id);
      if (slot !== undefined) slot.current = saved[k] ?? null;
    });
  }
}
