// @flint/common: Spark data types, the columnar batch form, value rendering, errors and configuration.
export * from './data-type.js';
export * from './batch.js';
export * from './errors.js';
export * from './type-names.js';
export * from './ddl.js';
export * from './datetime.js';
export * from './datetime-pattern.js';
export * from './config.js';
export * from './arrow.js';
export * from './format/java-number.js';
export * from './format/interval.js';
export * from './format/value.js';
export * from './format/show.js';
export * from './format/print-schema.js';
export * from './time.js';
export * from './files.js';
export * from './prng.js';
