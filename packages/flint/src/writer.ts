// DataFrameWriter (`df.write`): format, mode, options and partitionBy, then save/csv/json/parquet/text,
// or saveAsTable/insertInto for catalog tables.

import { FlintError } from '@flint/common';
import type { FileFormatName, LogicalPlan } from '@flint/planner';
import type { OptionValue } from './reader.js';
import { fileFormatName, setOption } from './reader.js';
import type { SessionState, WriteSpec } from './session/session-state.js';

type SaveMode = WriteSpec['mode'];

/** Spark's SaveMode names, case-insensitive ('default' and 'error' are errorifexists). */
function saveMode(mode: string): SaveMode {
  switch (mode.toLowerCase()) {
    case 'append':
      return 'append';
    case 'overwrite':
      return 'overwrite';
    case 'ignore':
      return 'ignore';
    case 'error':
    case 'errorifexists':
    case 'default':
      return 'errorifexists';
    default:
      throw new FlintError(
        'INVALID_SAVE_MODE',
        `[INVALID_SAVE_MODE] The specified save mode "${mode}" is invalid. Valid save modes include "append", "overwrite", "ignore", "error", "errorifexists", and "default". SQLSTATE: 42000`,
        { mode: `"${mode}"` },
        null,
        '42000',
      );
  }
}

export class DataFrameWriter {
  private fmt: string | null = null;
  private saveModeName: SaveMode | null = null;
  private readonly opts: Record<string, string> = {};
  private partitionColumns: string[] = [];

  constructor(
    private readonly state: SessionState,
    private readonly plan: LogicalPlan,
  ) {}

  format(source: string): this {
    this.fmt = source;
    return this;
  }

  /** 'append', 'overwrite', 'ignore', 'error' / 'errorifexists' (the default). */
  mode(mode: string): this {
    this.saveModeName = saveMode(mode);
    return this;
  }

  option(key: string, value: OptionValue): this {
    setOption(this.opts, key, value);
    return this;
  }

  options(options: Readonly<Record<string, OptionValue>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  partitionBy(...columns: (string | readonly string[])[]): this {
    this.partitionColumns = columns.flat();
    return this;
  }

  private formatName(): FileFormatName {
    return fileFormatName(this.fmt ?? this.state.conf.get('spark.sql.sources.default', 'parquet'));
  }

  async save(path?: string): Promise<void> {
    const target = path ?? this.opts['path'];
    if (target === undefined) {
      throw new FlintError(
        'REQUIRED_PARAMETER_NOT_FOUND',
        "[REQUIRED_PARAMETER_NOT_FOUND] Cannot find the required parameter 'path'. SQLSTATE: 42704",
        { parameterName: 'path' },
        null,
        '42704',
      );
    }
    await this.state.writeFiles(this.plan, {
      format: this.formatName(),
      path: target,
      mode: this.saveModeName ?? 'errorifexists',
      options: { ...this.opts },
      partitionBy: this.partitionColumns,
    });
  }

  private saveAs(
    format: FileFormatName,
    path: string,
    mode: string | undefined,
    options: Readonly<Record<string, OptionValue>> | undefined,
  ): Promise<void> {
    this.format(format);
    if (mode !== undefined) this.mode(mode);
    if (options !== undefined) this.options(options);
    return this.save(path);
  }

  csv(path: string, mode?: string, options?: Readonly<Record<string, OptionValue>>): Promise<void> {
    return this.saveAs('csv', path, mode, options);
  }
  json(path: string, mode?: string, options?: Readonly<Record<string, OptionValue>>): Promise<void> {
    return this.saveAs('json', path, mode, options);
  }
  parquet(path: string, mode?: string, options?: Readonly<Record<string, OptionValue>>): Promise<void> {
    return this.saveAs('parquet', path, mode, options);
  }
  text(path: string, mode?: string, options?: Readonly<Record<string, OptionValue>>): Promise<void> {
    return this.saveAs('text', path, mode, options);
  }

  /**
   * Saves the rows as a catalog table (data in the warehouse folder, or at the `path` option for an
   * external table). Modes: errorifexists (default), append (columns matched by name), overwrite
   * (the table is replaced, schema included), ignore.
   */
  async saveAsTable(
    name: string,
    format?: string,
    mode?: string,
    partitionBy?: string | readonly string[],
  ): Promise<void> {
    if (format !== undefined) this.format(format);
    if (mode !== undefined) this.mode(mode);
    if (partitionBy !== undefined) this.partitionBy(partitionBy);
    await this.state.saveAsTable(this.plan, name, {
      format: this.fmt,
      mode: this.saveModeName ?? 'errorifexists',
      options: { ...this.opts },
      partitionBy: this.partitionColumns,
    });
  }

  /** Inserts the rows into an existing table, by position; `overwrite` (or mode 'overwrite') replaces its data. */
  async insertInto(name: string, overwrite?: boolean): Promise<void> {
    if (this.partitionColumns.length > 0) {
      throw new FlintError(
        'UNSUPPORTED_FEATURE',
        "insertInto() can't be used together with partitionBy(). Partition columns have already been defined for the table. It is not necessary to use partitionBy().",
        {},
      );
    }
    await this.state.insertInto(this.plan, name, overwrite ?? this.saveModeName === 'overwrite');
  }
}
