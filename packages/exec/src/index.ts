// @flint/exec: expression evaluation, physical operators and the scheduler.
export { executePlan, executeCollect, executeStages } from './scheduler.js';
export { compileExpression, type Evaluator } from './eval/compile.js';
export { evaluateLambda } from './eval/lambda.js';
export { castVector } from './eval/cast/cast.js';
export { compareUtf8, compareDouble, comparatorFor } from './eval/compare.js';
export { outputOf, toAttribute } from './plan-output.js';
export { numPartitionsOf, runNode } from './operators/run-node.js';
export { exchangeIds, type TaskContext, type ExchangeStore } from './operators/task-context.js';
export type {
  EvalContext,
  ScalarKernel,
  ScalarFunctionExpr,
  AggregateExpr,
  AggregateState,
  AggregateImpl,
} from './functions/kernel.js';
