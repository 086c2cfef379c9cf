// @flint/planner: logical and physical plans, analyzer, optimizer, physical planner.
export type * from './expr.js';
export { ARITH_SYMBOL, BITWISE_SYMBOL, CMP_SYMBOL } from './expr.js';
export type * from './logical-plan.js';
export type * from './physical-plan.js';
export { NO_HINT } from './logical-plan.js';
export { dataTypeOf, nullableOf } from './expr-type.js';
export type * from './functions/function-def.js';
export { lookupFunction, listFunctionNames, aggregateBufferTypes } from './functions/index.js';
export {
  astExprToExpr,
  queryToPlan,
  relationToPlan,
  sortItemToOrder,
  mapChildren,
} from './parser-bridge/ast-to-plan.js';
export { outputOf, toAttribute } from './plan-output.js';
export {
  newCatalog,
  lookupRelation,
  catalogKey,
  qualifyName,
  quoteIdentifier,
  tableNotFound,
  type Catalog,
  type CatalogEntry,
  type ExternalCatalog,
} from './catalog.js';
export {
  analyze,
  isAnalyzed,
  markAnalyzed,
  semanticEquals,
  type AnalyzerOptions,
} from './analyzer/analyzer.js';
export { prettySql } from './analyzer/pretty-sql.js';
export { optimize, BATCHES, type OptimizeOptions } from './optimizer/optimizer.js';
export {
  transformUp,
  transformUpWithSubqueries,
  transformDown,
  transformExprUp,
  splitConjuncts,
  splitDisjuncts,
  andAll,
  referencedIds,
  isDeterministic,
} from './optimizer/plan-transform.js';
export {
  planPhysical,
  estimateSize,
  windowPartitionOrder,
  limitsUnsortedRows,
  type PhysicalPlanningContext,
} from './physical/physical-planner.js';
export {
  buildSideOf,
  canBuildBroadcastLeft,
  canBuildBroadcastRight,
  canBuildShuffledHashJoinLeft,
  canBuildShuffledHashJoinRight,
} from './physical/join-selection.js';
export type { FilesSource } from './physical/file-source-strategy.js';
export { sourceFilterString } from './physical/translate-filter.js';
export { isLikelySelective } from './optimizer/rules/inject-runtime-filter.js';
export { logicalPlanString, physicalPlanString, exprString } from './explain.js';
export {
  freeOuterAttrs,
  bindOuterReferences,
  decorrelate,
  isSubqueryExpr,
  type SubqueryExpr,
} from './optimizer/rules/subquery-correlation.js';
export { mapPlanExpressions, withChildren } from './optimizer/plan-transform.js';
export { planChildren, planExpressions } from './analyzer/resolve-expr.js';
export { parseJson, type JsonNode, type JsonReadOptions } from './functions/json-parse.js';
export { parseNumberFormat, type NumberFormat, type NumberFormatToken } from './functions/to-number.js';
