// @flint/common: Spark data types, the columnar batch form, value rendering, errors and configuration.
export * from './data-type.js';
export * from './batch.js';
export * from './errors.js';
