// Helpers for end-to-end tests: a fresh session with the harness defaults, and SQL results in Spark's
// golden-file form (one tab-joined line per row) so that expected values can be pasted from the corpus.

import type { StructType } from '@flint/common';
import { SparkSession } from 'flint';
import { catalogString } from '@flint/common';
import { renderRows } from '../conformance/render.js';

/** A new session (separate temp views and conf) with the conformance defaults plus `conf`. */
export function testSession(conf: Readonly<Record<string, string>> = {}): SparkSession {
  const base = SparkSession.builder().appName('flint-e2e').getOrCreate().newSession();
  const all: Record<string, string> = {
    'spark.sql.ansi.enabled': 'true',
    'spark.sql.shuffle.partitions': '4',
    'spark.sql.session.timeZone': 'America/Los_Angeles',
    ...conf,
  };
  for (const [k, v] of Object.entries(all)) base.conf.set(k, v);
  return base;
}

/** Runs each `;`-free statement in order and returns the last one's rows in golden form. */
export async function sqlLines(spark: SparkSession, ...statements: string[]): Promise<string[]> {
  let lines: string[] = [];
  for (const s of statements) {
    const df = await spark.sql(s);
    const batches = await df.collectBatches();
    lines = renderRows(df.schema, batches, {
      timeZone: spark.conf.get('spark.sql.session.timeZone') ?? 'UTC',
    });
  }
  return lines;
}

/** The schema of a query as Spark's catalogString, `struct<a:int,...>`. */
export async function sqlSchema(spark: SparkSession, text: string): Promise<string> {
  const schema: StructType = (await spark.sql(text)).schema;
  return `struct<${schema.fields.map((f) => `${f.name}:${catalogString(f.dataType)}`).join(',')}>`;
}
