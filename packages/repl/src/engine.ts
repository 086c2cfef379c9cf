// The slice of Flint's public API the CLI uses, loaded at run time from the `flint` package.

import type { Batch, StructType, Value } from '@flint/common';

export interface CliDataFrame {
  readonly schema: StructType;
  collectBatches(): Promise<readonly Batch[]>;
  showString(numRows: number, truncate: number, vertical: boolean): Promise<string>;
  createOrReplaceTempView(name: string): void | Promise<void>;
}

export interface CliSession {
  readonly conf: {
    set(key: string, value: string): void;
    get(key: string): string | undefined;
  };
  sql(text: string): Promise<CliDataFrame>;
  createDataFrame(rows: readonly (readonly Value[])[], schema: StructType | string): CliDataFrame | Promise<CliDataFrame>;
}

interface SessionBuilder {
  appName(name: string): SessionBuilder;
  master(master: string): SessionBuilder;
  config(key: string, value: string): SessionBuilder;
  getOrCreate(): CliSession | Promise<CliSession>;
}

// A variable specifier keeps TypeScript from resolving the module while its API is being written.
const FLINT_MODULE: string = 'flint';

export async function openSession(conf: readonly (readonly [string, string])[]): Promise<CliSession> {
  const mod = (await import(FLINT_MODULE)) as { SparkSession?: { builder(): SessionBuilder } };
  if (mod.SparkSession === undefined) throw new Error("the 'flint' package does not export SparkSession");
  let b = mod.SparkSession.builder().appName('flint-sql').master('local[*]');
  for (const [k, v] of conf) b = b.config(k, v);
  const spark = await b.getOrCreate();
  for (const [k, v] of conf) spark.conf.set(k, v);
  return spark;
}
