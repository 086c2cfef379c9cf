// The file index of a read (Spark's InMemoryFileIndex): user paths and globs resolved to root paths,
// their files listed (with the pathGlobFilter / modifiedBefore / modifiedAfter / recursiveFileLookup
// options) and Hive partitions discovered, ready for the planner to prune and cut into splits.

import { stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { type FileStatus, FlintError, type StructType, parseTimestamp } from '@flint/common';
import { expandRootPaths, isGlobPath, listLeafFiles, toLocalPath } from './listing.js';
import { type DataSourceOptions, getBoolOption, getOption } from './options.js';
import { type DiscoveredPartition, inferPartitioning } from './partitioning.js';
import { recoverInterruptedCommit } from './write/commit-protocol.js';

/** Session settings partition discovery depends on. */
export interface FileIndexSettings {
  /** spark.sql.session.timeZone (the `timeZone` option wins for partition values). */
  readonly timeZone: string;
  /** spark.sql.sources.partitionColumnTypeInference.enabled (default true). */
  readonly typeInference?: boolean;
  /** spark.sql.caseSensitive (default false). */
  readonly caseSensitive?: boolean;
  /** spark.sql.sources.validatePartitionColumns (default true). */
  readonly validatePartitionColumns?: boolean;
  /** spark.sql.timestampType (default TIMESTAMP_LTZ). */
  readonly timestampType?: 'timestamp' | 'timestamp_ntz';
  /** The user's `.schema(...)`: partition columns named in it take its types. */
  readonly userSchema?: StructType;
  /** Roll back or clean up a Flint write interrupted under a path before listing it (default true). */
  readonly recoverInterruptedWrites?: boolean;
}

export interface FileIndex {
  /** The user paths, globs expanded, as absolute local paths. */
  readonly rootPaths: readonly string[];
  readonly partitionSchema: StructType;
  /** The partitions to scan (empty files left out, as Spark's listFiles does). */
  readonly partitions: readonly DiscoveredPartition[];
  /** Every listed data file (for schema inference and size estimates). */
  readonly allFiles: readonly FileStatus[];
}

function optionError(message: string, option: string, value: string): FlintError {
  return new FlintError('INVALID_OPTION_VALUE', message, { option, value });
}

/** Hadoop GlobFilter on a file name: `*`, `?`, `[...]`, `{a,b}`. */
function fileNameGlob(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '\\' && i + 1 < glob.length) re += '\\' + glob[++i]!;
    else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp('^' + re + '$', 's');
}

/** `modifiedBefore` / `modifiedAfter`: a timestamp in the session (or `timeZone` option) zone, as ms. */
function modifiedOption(options: DataSourceOptions, key: string, timeZone: string): number | null {
  const v = getOption(options, key);
  if (v === undefined) return null;
  const micros = parseTimestamp(v, timeZone);
  if (micros === null)
    throw optionError(
      `The timestamp provided for the '${key}' option is invalid. The expected format is 'YYYY-MM-DDTHH:mm:ss', but the provided timestamp was: ${v}`,
      key,
      v,
    );
  return Number(micros) / 1000;
}

/** Lists the files of a read and discovers its partitions. */
export async function listFileIndex(
  paths: readonly string[],
  options: DataSourceOptions,
  settings: FileIndexSettings,
): Promise<FileIndex> {
  const timeZone = getOption(options, 'timeZone') ?? settings.timeZone;
  if (settings.recoverInterruptedWrites ?? true)
    for (const p of paths) if (!isGlobPath(p)) await recoverInterruptedCommit(toLocalPath(p));

  const rootPaths = await expandRootPaths(paths);
  const listed: FileStatus[] = [];
  const seen = new Set<string>();
  for (const root of rootPaths) {
    const st = await stat(root);
    const found: FileStatus[] = [];
    if (st.isDirectory()) await listLeafFiles(root, found);
    else found.push({ path: root, size: Number(st.size), modificationTime: Number(st.mtimeMs) });
    for (const f of found) {
      if (seen.has(f.path)) continue;
      seen.add(f.path);
      listed.push(f);
    }
  }

  const globFilter = getOption(options, 'pathGlobFilter');
  const nameRe = globFilter === undefined ? null : fileNameGlob(globFilter);
  const before = modifiedOption(options, 'modifiedBefore', timeZone);
  const after = modifiedOption(options, 'modifiedAfter', timeZone);
  const allFiles = listed.filter(
    (f) =>
      (nameRe === null || nameRe.test(nodePath.basename(f.path))) &&
      (before === null || f.modificationTime < before) &&
      (after === null || f.modificationTime > after),
  );

  const recursive = getBoolOption(options, 'recursiveFileLookup', false);
  const rawBase = getOption(options, 'basePath');
  if (recursive) {
    return {
      rootPaths,
      partitionSchema: { kind: 'struct', fields: [] },
      partitions: [{ path: '', values: [], files: allFiles.filter((f) => f.size > 0) }],
      allFiles,
    };
  }

  let basePath: string | undefined;
  if (rawBase !== undefined) {
    basePath = toLocalPath(rawBase);
    const st = await stat(basePath).catch(() => null);
    if (st === null || !st.isDirectory())
      throw optionError(`Option 'basePath' must be a directory`, 'basePath', rawBase);
    const prefix = 'file:' + basePath;
    const wrong = rootPaths.find((r) => !('file:' + r).startsWith(prefix));
    if (wrong !== undefined)
      throw optionError(`Wrong basePath ${rawBase} for the root path: file:${wrong}`, 'basePath', rawBase);
  }

  const spec = inferPartitioning(rootPaths, allFiles, {
    ...(basePath !== undefined ? { basePath } : {}),
    typeInference: settings.typeInference ?? true,
    timeZone,
    ...(settings.userSchema !== undefined ? { userPartitionSchema: settings.userSchema } : {}),
    ...(settings.timestampType !== undefined ? { timestampType: settings.timestampType } : {}),
    ...(settings.validatePartitionColumns !== undefined
      ? { validatePartitionColumns: settings.validatePartitionColumns }
      : {}),
    ...(settings.caseSensitive !== undefined ? { caseSensitive: settings.caseSensitive } : {}),
  });
  return {
    rootPaths,
    partitionSchema: spec.partitionSchema,
    partitions: spec.partitions.map((p) => ({ ...p, files: p.files.filter((f) => f.size > 0) })),
    allFiles,
  };
}
