// @flint/repl: the `flint-sql` command's parts, exported for tests and embedding.
export {
  parseCliArgs,
  USAGE,
  OUTPUT_MODES,
  type CliOptions,
  type OutputMode,
  type ParsedArgs,
} from './args.js';
export { runStatement, writeResult, timeTakenLine, countShowRows, type OutputOptions } from './execute.js';
export { formatError } from './format-error.js';
export { renderBox } from './output/render-box.js';
export { renderCsv, csvField } from './output/render-csv.js';
export { renderJsonLines } from './output/render-json.js';
export { cellRenderer, type CellRenderer } from './output/cell-renderer.js';
export { SAMPLE_TABLES, registerSamples } from './samples.js';
export { splitSql, isCompleteSql } from './statements.js';
export { runRepl, PROMPT, CONTINUATION_PROMPT } from './repl.js';
export type { CliSession, CliDataFrame } from './engine.js';
