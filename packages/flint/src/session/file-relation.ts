// File relations: list the paths (with their `key=value` partition folders), settle the data and
// partition schemas (given or inferred), and choose partition folders for partition filters.

import { T, batchFromRows, type PartitionDirectory, type StructType, type Value } from '@flint/common';
import { compileExpression, type EvalContext } from '@flint/exec';
import { fileFormatOf, resolvePaths } from '@flint/io';
import type { AttributeRef, Expr, FileFormatName, FilesSource, LogicalPlan } from '@flint/planner';

export interface FileRelationContext {
  nextExprId(): number;
  readonly timeZone: string;
  conf(key: string, dflt: string): string;
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
  const files = await resolvePaths(paths);
  const listed = {
    partitionSchema: T.struct([]),
    partitions: [{ values: [], files }] as PartitionDirectory[],
  };
  const partitionNames = new Set(listed.partitionSchema.fields.map((f) => f.name.toLowerCase()));
  const partitionSchema = T.struct(
    listed.partitionSchema.fields.map(
      (f) => userSchema?.fields.find((u) => u.name.toLowerCase() === f.name.toLowerCase()) ?? f,
    ),
  );
  const fullData = userSchema ?? (await fileFormat.inferSchema(files, options));
  const dataSchema = T.struct(fullData.fields.filter((f) => !partitionNames.has(f.name.toLowerCase())));
  const schema = T.struct([...dataSchema.fields, ...partitionSchema.fields]);
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
    source: {
      kind: 'Files',
      format,
      paths,
      options,
      dataSchema,
      partitionSchema,
      schema,
      partitions: listed.partitions,
    },
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
