// The TPC-H tables of a scale factor as suite tables, generated into the cache on first use.

import type { SuiteTable } from '../runner/types.js';
import { ensureTpchData } from './gen/generate.js';

export interface TpchDataOptions {
  /** File format of the generated tables; `parquet` unless asked. */
  format?: 'parquet' | 'csv';
  /** Root of the cache; default `~/.cache/flint`. The tables go to `<cacheDir>/tpch/sf<sf>/`. */
  cacheDir?: string;
  /** Generator workers; default one per core. */
  workers?: number;
  log?: (msg: string) => void;
}

/**
 * The eight TPC-H tables (customer, lineitem, nation, orders, part, partsupp, region, supplier) at
 * scale factor `sf` with their files, generating them first when the cache does not hold them yet.
 */
export async function tpchTables(sf: number, options: TpchDataOptions = {}): Promise<SuiteTable[]> {
  return ensureTpchData(sf, options);
}
