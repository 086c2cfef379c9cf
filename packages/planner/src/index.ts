// @flint/planner: logical and physical plans, analyzer, optimizer, physical planner.
export type * from './expr.js';
export type * from './logical-plan.js';
export type * from './physical-plan.js';
export { NO_HINT } from './logical-plan.js';
export { dataTypeOf, nullableOf } from './expr-type.js';
export type * from './functions/function-def.js';
