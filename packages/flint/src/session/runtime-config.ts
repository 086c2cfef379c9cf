// The session's SQL configuration (spark.conf): Spark's keys with Spark's defaults.

import { defaultTimeZoneId } from '@flint/common';
import type { RuntimeConfig } from './session-state.js';

export const DEFAULTS: ReadonlyMap<string, string> = new Map([
  ['spark.sql.ansi.enabled', 'true'],
  ['spark.sql.shuffle.partitions', '200'],
  ['spark.sql.autoBroadcastJoinThreshold', '10485760'],
  ['spark.sql.caseSensitive', 'false'],
  ['spark.sql.adaptive.enabled', 'true'],
  ['spark.sql.crossJoin.enabled', 'true'],
  ['spark.sql.legacy.interval.enabled', 'false'],
  ['spark.sql.warehouse.dir', 'spark-warehouse'],
  ['spark.master', 'local[*]'],
]);

export function newRuntimeConfig(initial: ReadonlyMap<string, string> = new Map()): RuntimeConfig {
  const values = new Map<string, string>(DEFAULTS);
  values.set('spark.sql.session.timeZone', defaultTimeZoneId());
  for (const [k, v] of initial) values.set(k, v);
  function get(key: string): string | undefined;
  function get(key: string, defaultValue: string): string;
  function get(key: string, defaultValue?: string): string | undefined {
    return values.get(key) ?? defaultValue;
  }
  return {
    get,
    set(key, value) {
      values.set(key, String(value));
    },
    unset(key) {
      const d = key === 'spark.sql.session.timeZone' ? defaultTimeZoneId() : DEFAULTS.get(key);
      if (d === undefined) values.delete(key);
      else values.set(key, d);
    },
    getAll: () => values,
  };
}
