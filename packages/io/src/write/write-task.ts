// One write task (Spark's FileFormatDataWriter): turns a stream of batches into part files under a job's
// staging folder, routing rows to `k=v/` partition folders and rolling to a new file every
// maxRecordsPerFile rows.
//
// Partitioned writes keep one open writer per partition value seen by the task (Spark's concurrent
// writers), so the input need not be sorted. At most `maxOpenWriters` stay open: the least recently
// used one is closed when another is needed, and a later row of its partition starts a new file.
// Memory is one batch plus each open writer's own buffer; no partition is buffered whole.

import { mkdir, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import {
  type Batch,
  type ColumnValues,
  type DataType,
  FlintError,
  type StructType,
  type Vector,
  allocValues,
  valueRenderer,
} from '@flint/common';
import type { OutputWriter, OutputWriterFactory } from '../format.js';
import { DEFAULT_PARTITION_NAME, escapePathName } from '../partitioning.js';

export interface WriteTaskSpec {
  /** The job's staging folder; files go to `<stagingDir>/<k=v/...>/part-...`. */
  readonly stagingDir: string;
  readonly taskIndex: number;
  /** The job's UUID, part of every file name. */
  readonly jobId: string;
  readonly factory: OutputWriterFactory;
  /** All columns of the incoming batches, partition columns included. */
  readonly schema: StructType;
  /** Partition column names in partitionBy order (matched to the schema ignoring case). */
  readonly partitionColumns: readonly string[];
  /** Rows per file before rolling to a new one; 0 (or less) is unlimited. */
  readonly maxRecordsPerFile: number;
  /** Session time zone: timestamps in folder names are rendered in it. */
  readonly timeZone: string;
  /**
   * Write one file even when the task gets no rows (unpartitioned writes only), so that a job writing
   * an empty result still leaves a file holding the schema (Spark does this for the job's first task).
   */
  readonly writeEmptyFile?: boolean;
  /** Open writers kept at once for a partitioned write (default 64). */
  readonly maxOpenWriters?: number;
}

export interface WrittenFile {
  /** Relative to the staging folder, `/`-separated: `year=2024/part-00000-<job>.c000.csv`. */
  readonly path: string;
  /** The partition fragment (`year=2024`), '' when unpartitioned. */
  readonly partition: string;
  readonly numRows: number;
  readonly numBytes: number;
}

export interface WriteTaskResult {
  readonly files: readonly WrittenFile[];
  /** The distinct partition fragments written, in first-seen order. */
  readonly partitions: readonly string[];
  readonly numRows: number;
}

/** `part-00003-<jobId>.c002<ext>`, Spark's getFilename. */
export function partFileName(
  taskIndex: number,
  jobId: string,
  fileCounter: number,
  extension: string,
): string {
  return `part-${String(taskIndex).padStart(5, '0')}-${jobId}.c${String(fileCounter).padStart(3, '0')}${extension}`;
}

/** Rows [start, end) of a vector, sharing storage where the array type allows. */
function sliceVector(v: Vector, start: number, end: number): Vector {
  const values = v.values as ColumnValues & { subarray?: unknown; slice(a: number, b: number): ColumnValues };
  const sliced = ArrayBuffer.isView(values)
    ? (values as unknown as { subarray(a: number, b: number): ColumnValues }).subarray(start, end)
    : values.slice(start, end);
  return {
    type: v.type,
    length: end - start,
    values: sliced,
    nulls: v.nulls === null ? null : v.nulls.subarray(start, end),
  };
}

function sliceBatch(b: Batch, start: number, end: number): Batch {
  if (start === 0 && end === b.numRows) return b;
  return { numRows: end - start, columns: b.columns.map((c) => sliceVector(c, start, end)) };
}

/** The rows at `indices` of a vector (a gather into new storage). */
function takeVector(v: Vector, indices: readonly number[]): Vector {
  const n = indices.length;
  const out = allocValues(v.type, n) as unknown as { [i: number]: unknown };
  const src = v.values as unknown as ArrayLike<unknown>;
  let nulls: Uint8Array | null = null;
  for (let j = 0; j < n; j++) {
    const i = indices[j]!;
    if (v.nulls !== null && v.nulls[i] === 1) {
      nulls ??= new Uint8Array(n);
      nulls[j] = 1;
    } else out[j] = src[i];
  }
  return { type: v.type, length: n, values: out as unknown as ColumnValues, nulls };
}

type OpenFile = { writer: OutputWriter; relPath: string; rows: number };
type PartitionState = { readonly fragment: string; counter: number; open: OpenFile | null };

/** Writes one task's batches; see the file comment. Throws after closing its open files if anything fails. */
export async function writeTask(
  batches: AsyncIterable<Batch>,
  spec: WriteTaskSpec,
): Promise<WriteTaskResult> {
  const fields = spec.schema.fields;
  const partIdx = spec.partitionColumns.map((name) => {
    const i = fields.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
    if (i < 0)
      throw new FlintError('INTERNAL_ERROR', `Partition column ${name} not found in the written schema.`, {
        message: name,
      });
    return i;
  });
  const partSet = new Set(partIdx);
  const dataIdx = fields.map((_, i) => i).filter((i) => !partSet.has(i));
  const dataSchema: StructType = { kind: 'struct', fields: dataIdx.map((i) => fields[i]!) };
  const partNames = partIdx.map((i) => escapePathName(fields[i]!.name) + '=');
  const renderers = partIdx.map((i) =>
    valueRenderer(fields[i]!.dataType, { timeZone: spec.timeZone }, 'cast'),
  );
  const partTypes: DataType[] = partIdx.map((i) => fields[i]!.dataType);
  const maxRecords = spec.maxRecordsPerFile > 0 ? spec.maxRecordsPerFile : Infinity;
  const maxOpen = Math.max(1, spec.maxOpenWriters ?? 64);

  const states = new Map<string, PartitionState>();
  // Open writers in least-recently-used order (Map keeps insertion order; re-inserted on use).
  const openOrder = new Map<string, PartitionState>();
  const files: WrittenFile[] = [];
  const partitions: string[] = [];
  const madeDirs = new Set<string>();
  let numRows = 0;

  const closeFile = async (st: PartitionState): Promise<void> => {
    const f = st.open;
    if (f === null) return;
    st.open = null;
    openOrder.delete(st.fragment);
    await f.writer.close();
    const abs = nodePath.join(spec.stagingDir, f.relPath);
    const size = Number((await stat(abs)).size);
    files.push({ path: f.relPath, partition: st.fragment, numRows: f.rows, numBytes: size });
  };

  const openFile = async (st: PartitionState): Promise<OpenFile> => {
    if (openOrder.size >= maxOpen) {
      const lru = openOrder.values().next().value;
      if (lru !== undefined) await closeFile(lru);
    }
    const name = partFileName(spec.taskIndex, spec.jobId, st.counter++, spec.factory.extension);
    const relPath = st.fragment === '' ? name : `${st.fragment}/${name}`;
    const dir = nodePath.join(spec.stagingDir, st.fragment);
    if (!madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const writer = await spec.factory.newWriter(nodePath.join(spec.stagingDir, relPath), dataSchema);
    st.open = { writer, relPath, rows: 0 };
    openOrder.set(st.fragment, st);
    return st.open;
  };

  const stateOf = (fragment: string): PartitionState => {
    let st = states.get(fragment);
    if (st === undefined) {
      st = { fragment, counter: 0, open: null };
      states.set(fragment, st);
      partitions.push(fragment);
    }
    return st;
  };

  /** Writes data rows to a partition's current file, rolling over at maxRecordsPerFile. */
  const writeRows = async (st: PartitionState, data: Batch): Promise<void> => {
    let start = 0;
    while (start < data.numRows) {
      let f = st.open;
      if (f === null) f = await openFile(st);
      else if (openOrder.size > 1) {
        openOrder.delete(st.fragment);
        openOrder.set(st.fragment, st);
      }
      const room = maxRecords - f.rows;
      const end = Math.min(data.numRows, start + room);
      await f.writer.write(sliceBatch(data, start, end));
      f.rows += end - start;
      numRows += end - start;
      start = end;
      if (f.rows >= maxRecords) await closeFile(st);
    }
  };

  try {
    for await (const batch of batches) {
      if (batch.numRows === 0) continue;
      if (partIdx.length === 0) {
        const data =
          dataIdx.length === batch.columns.length
            ? batch
            : { numRows: batch.numRows, columns: dataIdx.map((i) => batch.columns[i]!) };
        await writeRows(stateOf(''), data);
        continue;
      }
      // Group the batch's rows by partition folder, keeping row order within a group.
      const groups = new Map<string, number[]>();
      const partCols = partIdx.map((i) => batch.columns[i]!);
      for (let r = 0; r < batch.numRows; r++) {
        let fragment = '';
        for (let c = 0; c < partCols.length; c++) {
          const col = partCols[c]!;
          let text: string;
          if ((col.nulls !== null && col.nulls[r] === 1) || partTypes[c]!.kind === 'null')
            text = DEFAULT_PARTITION_NAME;
          else {
            const s = renderers[c]!((col.values as ArrayLike<unknown>)[r] as never);
            text = s === '' ? DEFAULT_PARTITION_NAME : escapePathName(s);
          }
          fragment += (c > 0 ? '/' : '') + partNames[c]! + text;
        }
        let g = groups.get(fragment);
        if (g === undefined) groups.set(fragment, (g = []));
        g.push(r);
      }
      for (const [fragment, rows] of groups) {
        const data: Batch =
          groups.size === 1
            ? { numRows: batch.numRows, columns: dataIdx.map((i) => batch.columns[i]!) }
            : { numRows: rows.length, columns: dataIdx.map((i) => takeVector(batch.columns[i]!, rows)) };
        await writeRows(stateOf(fragment), data);
      }
    }
    if (numRows === 0 && spec.writeEmptyFile === true && partIdx.length === 0) await openFile(stateOf(''));
    for (const st of [...openOrder.values()]) await closeFile(st);
  } catch (e) {
    for (const st of openOrder.values()) await st.open?.writer.close().catch(() => undefined);
    throw e;
  }
  const written = new Set(files.map((f) => f.partition));
  return { files, partitions: partitions.filter((p) => p !== '' && written.has(p)), numRows };
}
