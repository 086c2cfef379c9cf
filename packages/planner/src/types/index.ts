// Spark 4 ANSI type coercion for the analyzer and the function library.
export * from './type-names.js';
export * from './decimal.js';
export * from './coercion.js';
export * from './binary.js';
export * from './errors.js';
export * from './operator-arithmetic.js';
