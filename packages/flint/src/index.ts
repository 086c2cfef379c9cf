// flint: the public API — SparkSession, DataFrame, Column, functions, Window, Row, types.
import * as functions from './functions.js';

export { SparkSession, SparkSessionBuilder } from './session/spark-session.js';
export { DataFrame, type OrderByOptions, type ActionOptions } from './dataframe.js';
export { Column, type ColumnOrName, type ColumnOrValue, type LiteralValue } from './column.js';
export { GroupedData } from './grouped-data.js';
export { DataFrameNaFunctions, type FillValue, type ReplaceValue } from './na-functions.js';
export { DataFrameReader, type OptionValue } from './reader.js';
export { DataFrameWriter } from './writer.js';
export { Catalog, type CatalogTable } from './catalog.js';
export { Row, isRow, rowsFromBatches, type Row as RowType } from './row.js';
export { Window, WindowSpec } from './window.js';
export { parseDataType, parseDDLSchema, simpleString } from '@flint/common';
export { functions, functions as F };
export * from './functions.js';
export { T, FlintError } from '@flint/common';
export type { DataType, StructType, StructField } from '@flint/common';
export type { SessionState, QueryResult, ExplainMode, RuntimeConfig } from './session/session-state.js';
export {
  shutdownWorkerPools,
  JobCancelledError,
  JobAbortedError,
  type SparkListener,
  type SparkListenerJobStart,
  type SparkListenerJobEnd,
  type SparkListenerStageSubmitted,
  type SparkListenerStageCompleted,
  type SparkListenerTaskStart,
  type SparkListenerTaskEnd,
  type StageInfo,
  type TaskInfo,
  type TaskEndReason,
  type TaskMetrics,
  type OperatorMetrics,
} from '@flint/exec';
