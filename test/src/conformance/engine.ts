// The slice of Flint's public API the harness uses, loaded at run time. Kept behind this one file so
// that the harness compiles and its pure parts test independently of the engine's state.

import type { Batch, StructType, Value } from '@flint/common';

export interface HarnessDataFrame {
  readonly schema: StructType;
  collectBatches(): Promise<readonly Batch[]>;
  createOrReplaceTempView(name: string): void | Promise<void>;
}

export interface HarnessSession {
  readonly conf: {
    set(key: string, value: string): void;
    get(key: string): string | undefined;
  };
  sql(text: string): Promise<HarnessDataFrame>;
  createDataFrame(
    rows: readonly (readonly Value[])[],
    schema: StructType | string,
  ): HarnessDataFrame | Promise<HarnessDataFrame>;
  newSession(): HarnessSession;
}

interface SessionBuilder {
  appName(name: string): SessionBuilder;
  master(master: string): SessionBuilder;
  config(key: string, value: string): SessionBuilder;
  getOrCreate(): HarnessSession | Promise<HarnessSession>;
}

interface FlintModule {
  readonly SparkSession: { builder(): SessionBuilder };
}

// A variable specifier: TypeScript does not resolve it, so the harness builds before the API exists.
const FLINT_MODULE: string = 'flint';

/** A new session configured with `configs`. */
export async function openSession(configs: readonly (readonly [string, string])[]): Promise<HarnessSession> {
  const mod = (await import(FLINT_MODULE)) as Partial<FlintModule>;
  if (mod.SparkSession === undefined) throw new Error("the 'flint' package does not export SparkSession yet");
  let b = mod.SparkSession.builder().appName('flint-conformance').master('local[1]');
  for (const [k, v] of configs) b = b.config(k, v);
  const spark = await b.getOrCreate();
  // getOrCreate may hand back a live session; set the configs on it too so they hold.
  for (const [k, v] of configs) spark.conf.set(k, v);
  return spark;
}
