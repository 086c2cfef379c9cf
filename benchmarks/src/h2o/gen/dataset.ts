// Names an H2O dataset and lists its tables as generators, for the cache (main thread) and for the
// workers that write its parts.

import { groupbyDatasetName, groupbyTableSpecs } from './groupby-gen.js';
import { joinDatasetName, joinTableSpecs } from './join-gen.js';
import type { GeneratedTableSpec } from './parquet-cache.js';

export type H2oSuite = 'groupby' | 'join';

export interface H2oDatasetSpec {
  readonly suite: H2oSuite;
  readonly n: number;
  readonly seed: number;
}

export function datasetName(spec: H2oDatasetSpec): string {
  return spec.suite === 'groupby' ? groupbyDatasetName(spec.n) : joinDatasetName(spec.n);
}

export function datasetTables(spec: H2oDatasetSpec): GeneratedTableSpec[] {
  return spec.suite === 'groupby' ? groupbyTableSpecs(spec.n, spec.seed) : joinTableSpecs(spec.n, spec.seed);
}
