// The slice of Flint's public API the CLI uses (an interface, so that tests can pass a fake session),
// and the real session from the `flint` package.

import type { Batch, StructType, Value } from '@flint/common';
import { SparkSession } from 'flint';

export interface CliDataFrame {
  readonly schema: StructType;
  collectBatches(options?: { readonly signal?: AbortSignal }): Promise<readonly Batch[]>;
  showString(
    numRows: number,
    truncate: number,
    vertical: boolean,
    options?: { readonly signal?: AbortSignal },
  ): Promise<string>;
  createOrReplaceTempView(name: string): void;
}

export interface CliSession {
  readonly conf: {
    set(key: string, value: string): void;
    get(key: string): string | undefined;
  };
  sql(text: string, options?: { readonly signal?: AbortSignal }): Promise<CliDataFrame>;
  createDataFrame(rows: readonly (readonly Value[])[], schema: StructType): CliDataFrame;
}

export function openSession(conf: readonly (readonly [string, string])[]): CliSession {
  let b = SparkSession.builder().appName('flint-sql').master('local[*]');
  for (const [k, v] of conf) b = b.config(k, v);
  return b.getOrCreate();
}
