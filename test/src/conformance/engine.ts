// The harness's entry to Flint: a new session with the file's configuration.

import { SparkSession } from 'flint';

export type HarnessSession = SparkSession;
export type HarnessDataFrame = Awaited<ReturnType<SparkSession['sql']>>;

/** A new session configured with `configs` (each worker thread starts with no session). */
export async function openSession(configs: readonly (readonly [string, string])[]): Promise<HarnessSession> {
  let b = SparkSession.builder().appName('flint-conformance').master('local[1]');
  for (const [k, v] of configs) b = b.config(k, v);
  return b.getOrCreate();
}
