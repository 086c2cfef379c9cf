// @flint/sql: Spark SQL text to AST.
export type * from './ast.js';
export { parseStatement, parseQuery, parseExpression, parseDataType, parseTableIdentifier } from './parse.js';
export { splitStatements, isCompleteStatement } from './split.js';
export { tokenize, unescapeSqlString } from './lexer.js';
