// File relations: list the paths (with their `key=value` partition folders), settle the data and
// partition schemas (given or inferred), and choose partition folders for partition filters.

import {
  FlintError,
  T,
  asNullable,
  batchFromRows,
  parseBooleanConf,
  type PartitionDirectory,
  type StructType,
  type Value,
} from '@flint/common';
import { compileExpression, type EvalContext } from '@flint/exec';
import { fileFormatOf, listFileIndex } from '@flint/io';
import type { AttributeRef, Expr, FileFormatName, FilesSource, LogicalPlan } from '@flint/planner';

export interface FileRelationContext {
  nextExprId(): number;
  readonly timeZone: string;
  conf(key: string, dflt: string): string;
}

/** Session settings a format reads as options when the user did not set them (Spark's SQLConf fallbacks). */
const SESSION_OPTIONS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  parquet: [
    ['mergeSchema', 'spark.sql.parquet.mergeSchema'],
    ['spark.sql.parquet.compression.codec', 'spark.sql.parquet.compression.codec'],
  ],
};

export function withSessionDefaults(
  ctx: Pick<FileRelationContext, 'conf'>,
  format: FileFormatName,
  options: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  const out: Record<string, string> = { ...options };
  const has = (k: string) => Object.keys(out).some((x) => x.toLowerCase() === k.toLowerCase());
  for (const [option, key] of SESSION_OPTIONS[format] ?? []) {
    const v = ctx.conf(key, '');
    if (v !== '' && !has(option)) out[option] = v;
  }
  // Text formats read and write timestamps in the session time zone unless told otherwise.
  if (!has('timeZone')) out['timeZone'] = ctx.conf('spark.sql.session.timeZone', 'UTC');
  const caseSensitive = ctx.conf('spark.sql.caseSensitive', '');
  if (caseSensitive !== '' && !has('spark.sql.caseSensitive')) out['spark.sql.caseSensitive'] = caseSensitive;
  return out;
}

/** A LogicalRelation over files; `userSchema` (from `.schema(...)` or a table) skips inference. */
export async function fileRelation(
  ctx: FileRelationContext,
  format: FileFormatName,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
  userSchema: StructType | null,
  tableName?: string,
): Promise<LogicalPlan> {
  const fileFormat = fileFormatOf(format);
  options = withSessionDefaults(ctx, format, options);
  const listed = await listFileIndex(paths, options, {
    timeZone: ctx.timeZone,
    typeInference: parseBooleanConf(
      ctx.conf('spark.sql.sources.partitionColumnTypeInference.enabled', 'true'),
    ),
    ...(userSchema !== null ? { userSchema } : {}),
  });
  const files = listed.allFiles;
  const partitionNames = new Set(listed.partitionSchema.fields.map((f) => f.name.toLowerCase()));
  const partitionSchema = T.struct(
    listed.partitionSchema.fields.map(
      (f) => userSchema?.fields.find((u) => u.name.toLowerCase() === f.name.toLowerCase()) ?? f,
    ),
  );
  // Spark infers nothing from no files (text has a fixed schema).
  if (userSchema === null && files.length === 0 && format !== 'text') {
    const name = format === 'parquet' ? 'Parquet' : format.toUpperCase();
    throw new FlintError(
      'UNABLE_TO_INFER_SCHEMA',
      `[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for ${name}. It must be specified manually. SQLSTATE: 42KD9`,
      { format: name },
      null,
      '42KD9',
    );
  }
  const fullData = userSchema ?? (await fileFormat.inferSchema(files, options));
  // Spark reads every file column as nullable, at every depth (HadoopFsRelation's dataSchema.asNullable).
  const dataSchema = asNullable(
    T.struct(fullData.fields.filter((f) => !partitionNames.has(f.name.toLowerCase()))),
  );
  return filesRelation(
    ctx,
    {
      format,
      // The globs expanded, as absolute paths (explain's Location lists them as Spark does).
      paths: listed.rootPaths,
      options,
      dataSchema,
      partitionSchema,
      partitions: listed.partitions.map((d) => ({ values: d.values, files: d.files })),
    },
    tableName,
  );
}

/** The relation over a listed file set: data columns, then partition columns, each a fresh attribute. */
export function filesRelation(
  ctx: Pick<FileRelationContext, 'nextExprId'>,
  source: Omit<FilesSource, 'kind' | 'schema'>,
  tableName?: string,
): LogicalPlan {
  const schema = T.struct([...source.dataSchema.fields, ...source.partitionSchema.fields]);
  const output: AttributeRef[] = schema.fields.map((f) => ({
    kind: 'AttributeReference',
    id: ctx.nextExprId(),
    name: f.name,
    dataType: f.dataType,
    nullable: f.nullable,
    qualifier: [],
  }));
  return {
    kind: 'LogicalRelation',
    source: { kind: 'Files', ...source, schema },
    output,
    ...(tableName !== undefined ? { tableName } : {}),
  };
}

/** Keeps the partition folders whose values make every filter true (Spark's partition pruning). */
export function selectPartitions(
  ctx: EvalContext,
): (
  source: FilesSource,
  columns: readonly AttributeRef[],
  filters: readonly Expr[],
) => readonly PartitionDirectory[] {
  return (source, columns, filters) => {
    const partitions = source.partitions;
    if (partitions.length === 0) return partitions;
    // One row per folder: the values of the filtered partition columns.
    const at = columns.map((a) => source.partitionSchema.fields.findIndex((f) => f.name === a.name));
    const rows = partitions.map((d) => at.map((i) => d.values[i] ?? null) as Value[]);
    const batch = batchFromRows(
      columns.map((a) => a.dataType),
      rows,
    );
    let keep = new Uint8Array(partitions.length).fill(1);
    for (const f of filters) {
      const v = compileExpression(f, columns, ctx)(batch);
      const next = new Uint8Array(partitions.length);
      for (let i = 0; i < partitions.length; i++)
        next[i] = keep[i] === 1 && v.nulls?.[i] !== 1 && (v.values as Uint8Array)[i] === 1 ? 1 : 0;
      keep = next;
    }
    return partitions.filter((_, i) => keep[i] === 1);
  };
}
