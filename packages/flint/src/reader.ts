// DataFrameReader (`spark.read`): format, options and schema, then load/csv/json/parquet/text/table.
// Loading infers the schema (unless one is given) through the session, hence the Promises.

import { parseDDLSchema, type StructType } from '@flint/common';
import { fileFormatOf } from '@flint/io';
import { DataFrame } from './dataframe.js';
import type { FileFormatName } from '@flint/planner';
import type { SessionState } from './session/session-state.js';

export type OptionValue = string | number | boolean | bigint;

/** A data source short name, checked (DATA_SOURCE_NOT_FOUND for others). */
export function fileFormatName(name: string): FileFormatName {
  return fileFormatOf(name).name;
}

/** Sets a data source option: keys are case-insensitive (a later key replaces an earlier one), values strings. */
export function setOption(opts: Record<string, string>, key: string, value: OptionValue): void {
  for (const k of Object.keys(opts)) if (k.toLowerCase() === key.toLowerCase()) delete opts[k];
  opts[key] = String(value);
}

function paths(p: string | readonly string[]): string[] {
  return typeof p === 'string' ? [p] : [...p];
}

export class DataFrameReader {
  private fmt: string | null = null;
  private readonly opts: Record<string, string> = {};
  private userSchema: StructType | null = null;

  constructor(private readonly state: SessionState) {}

  format(source: string): this {
    this.fmt = source;
    return this;
  }

  /** Option keys are case-insensitive; values are kept as strings ('true', '1'...). */
  option(key: string, value: OptionValue): this {
    setOption(this.opts, key, value);
    return this;
  }

  options(options: Readonly<Record<string, OptionValue>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /** A StructType or a DDL string such as 'a INT, b STRING'. */
  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === 'string' ? parseDDLSchema(schema) : schema;
    return this;
  }

  async load(
    path?: string | readonly string[],
    format?: string,
    options?: Readonly<Record<string, OptionValue>>,
  ): Promise<DataFrame> {
    if (format !== undefined) this.format(format);
    if (options !== undefined) this.options(options);
    const f = fileFormatName(this.fmt ?? this.state.conf.get('spark.sql.sources.default', 'parquet'));
    const ps = path === undefined ? [] : paths(path);
    if (ps.length === 0 && this.opts['path'] !== undefined) ps.push(this.opts['path']);
    const plan = await this.state.fileRelation(f, ps, { ...this.opts }, this.userSchema);
    return new DataFrame(this.state, this.state.analyze(plan));
  }

  csv(path: string | readonly string[], options?: Readonly<Record<string, OptionValue>>): Promise<DataFrame> {
    return this.load(path, 'csv', options);
  }
  json(
    path: string | readonly string[],
    options?: Readonly<Record<string, OptionValue>>,
  ): Promise<DataFrame> {
    return this.load(path, 'json', options);
  }
  parquet(...ps: string[]): Promise<DataFrame> {
    return this.load(ps, 'parquet');
  }
  text(
    path: string | readonly string[],
    options?: Readonly<Record<string, OptionValue>>,
  ): Promise<DataFrame> {
    return this.load(path, 'text', options);
  }

  /** A table or view of the catalog. */
  async table(name: string): Promise<DataFrame> {
    return new DataFrame(this.state, this.state.table(name));
  }
}
