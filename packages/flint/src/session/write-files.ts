// DataFrameWriter.save (Spark's InsertIntoHadoopFsRelationCommand + FileFormatWriter): check the save
// mode against the path, run the query with one write task per final partition into a staging folder,
// then publish all files at once. A failure anywhere before the commit leaves the old data untouched.

import { FlintError, T, type Batch, type StructType } from '@flint/common';
import {
  abortJob,
  commitJob,
  fileFormatOf,
  getOption,
  setupJob,
  toLocalPath,
  writeTask,
  type WriteTaskResult,
} from '@flint/io';
import { outputOf, planChildren, type LogicalPlan } from '@flint/planner';
import type { SessionCore } from './session-core.js';
import type { WriteSpec } from './session-state.js';
import { withSessionDefaults } from './file-relation.js';

function columnNotFound(name: string): FlintError {
  return new FlintError(
    'COLUMN_NOT_FOUND',
    `[COLUMN_NOT_FOUND] The column \`${name}\` cannot be found. Verify the spelling and correctness of the column name according to the SQL config "spark.sql.caseSensitive". SQLSTATE: 42703`,
    { colName: `\`${name}\``, caseSensitiveConfig: '"spark.sql.caseSensitive"' },
    null,
    '42703',
  );
}

/** The root paths of every file relation a plan reads. */
function pathsRead(plan: LogicalPlan, into: string[] = []): string[] {
  if (plan.kind === 'LogicalRelation' && plan.source.kind === 'Files')
    for (const p of plan.source.paths) into.push(toLocalPath(p));
  for (const c of planChildren(plan)) pathsRead(c, into);
  return into;
}

function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : root + '/');
}

export async function writeFiles(session: SessionCore, plan: LogicalPlan, spec: WriteSpec): Promise<void> {
  const output = outputOf(plan);
  const schema: StructType = T.struct(output.map((a) => T.field(a.name, a.dataType, a.nullable)));
  const partitionColumns = spec.partitionBy.map((name) => {
    const f = schema.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (f === undefined) throw columnNotFound(name);
    return f.name;
  });
  if (partitionColumns.length > 0 && partitionColumns.length === schema.fields.length) {
    throw new FlintError(
      'ALL_PARTITION_COLUMNS_NOT_ALLOWED',
      '[ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns. SQLSTATE: KD005',
      {},
      null,
      'KD005',
    );
  }
  const dataSchema = T.struct(schema.fields.filter((f) => !partitionColumns.includes(f.name)));
  // The format checks its options and the column types before anything is touched on disk.
  const options = withSessionDefaults({ conf: (k, d) => session.conf.get(k, d) }, spec.format, spec.options);
  const factory = fileFormatOf(spec.format).prepareWrite(dataSchema, options);
  const outputPath = toLocalPath(spec.path);
  if (
    spec.mode === 'overwrite' &&
    pathsRead(plan).some((p) => isWithin(p, outputPath) || isWithin(outputPath, p))
  ) {
    throw new FlintError(
      'UNSUPPORTED_OVERWRITE.PATH',
      `[UNSUPPORTED_OVERWRITE.PATH] Can't overwrite the target that is also being read from. The target path is file:${outputPath}. SQLSTATE: 42902`,
      { path: `file:${outputPath}` },
      null,
      '42902',
    );
  }
  const overwriteMode =
    getOption(spec.options, 'partitionOverwriteMode') ??
    session.conf.get('spark.sql.sources.partitionOverwriteMode', 'STATIC');
  const job = await setupJob(outputPath, spec.mode, {
    dynamicPartitionOverwrite:
      spec.mode === 'overwrite' && partitionColumns.length > 0 && overwriteMode.toUpperCase() === 'DYNAMIC',
  });
  if (job === null) return; // 'ignore' and the path exists
  const maxRecordsPerFile = Number(
    getOption(spec.options, 'maxRecordsPerFile') ??
      session.conf.get('spark.sql.files.maxRecordsPerFile', '0'),
  );
  const taskSpec = (taskIndex: number) => ({
    stagingDir: job.stagingDir,
    taskIndex,
    jobId: job.jobId,
    factory,
    schema,
    partitionColumns,
    maxRecordsPerFile,
    timeZone: session.timeZone,
  });
  try {
    const results: WriteTaskResult[] = await session.executeEach(plan, (p, batches) =>
      writeTask(batches, taskSpec(p)),
    );
    // A job that wrote no rows still leaves one file holding the schema (unpartitioned writes).
    if (partitionColumns.length === 0 && results.every((r) => r.files.length === 0)) {
      results.push(await writeTask(noBatches(), { ...taskSpec(0), writeEmptyFile: true }));
    }
    await commitJob(job, results);
  } catch (err) {
    await abortJob(job);
    throw err;
  }
}

async function* noBatches(): AsyncIterable<Batch> {
  // nothing
}
