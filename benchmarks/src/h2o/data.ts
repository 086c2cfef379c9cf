// The H2O db-benchmark tables as Parquet files: generated on first use under the cache folder and reused
// afterwards (the runner calls `h2oTables` before it opens the engines).

import { join } from 'node:path';
import { defaultCacheDir } from '../runner/paths.js';
import type { SuiteTable } from '../runner/types.js';
import { type H2oDatasetSpec, datasetName, datasetTables } from './gen/dataset.js';
import { ensureDataset } from './gen/parquet-cache.js';

/** The seed of the original db-benchmark generators (`set.seed(108)`); same seed, same files. */
export const DEFAULT_H2O_SEED = 108;

export interface H2oDataOptions {
  /** Root of the cache; the tables go to `<cacheDir>/h2o/<dataset>/<table>/part-NNNNN.parquet`. Default `~/.cache/flint`. */
  readonly cacheDir?: string;
  readonly seed?: number;
  readonly log?: (msg: string) => void;
  /** Worker threads writing the files when they must be generated (default: the machine's cores). */
  readonly threads?: number;
}

/**
 * The tables of an H2O suite with `n` rows in the main table, generating them when the cache lacks them:
 * `x` (`G1_<n>_1e2_0_0`) for `groupby`; `x`, `small`, `medium`, `big` (`J1_<n>_NA_0_0`) for `join`.
 */
export async function h2oTables(
  suite: 'groupby' | 'join',
  n: number,
  options: H2oDataOptions = {},
): Promise<SuiteTable[]> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`h2o: n must be a positive integer, got ${n}`);
  // The join keys are split in tenths, at least ten keys per level.
  if (suite === 'join' && n < 10) throw new Error(`h2o: the join tables need n >= 10, got ${n}`);
  const seed = options.seed ?? DEFAULT_H2O_SEED;
  const root = join(options.cacheDir ?? defaultCacheDir(), 'h2o');
  const log = options.log ?? ((): void => {});
  const seedSuffix = seed === DEFAULT_H2O_SEED ? '' : `_seed${seed}`;
  const dataset: H2oDatasetSpec = { suite, n, seed };
  const dir = join(root, datasetName(dataset) + seedSuffix);
  return ensureDataset(dir, dataset, datasetTables(dataset), log, options.threads);
}
