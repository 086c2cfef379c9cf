// @flint/sql: Spark SQL text to AST.
export type * from './ast.js';
