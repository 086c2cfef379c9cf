// The job side of a file write: where tasks stage their files, and how a finished job publishes them
// by renames so that readers never see a half-written output and a failed or killed job leaves the
// previous data as it was (Spark's FileCommitProtocol, on a local file system).
//
// Layout, for an output path `<parent>/<name>` and a job id `<id>`:
//   <parent>/.<name>.flint-job-<id>       owner record {pid, host}; exists for the whole job
//   <parent>/.<name>.flint-staging-<id>   staging when the output is replaced (or does not exist yet)
//   <parent>/.<name>.flint-old-<id>       the previous output during the swap, deleted after it
//   <name>/_temporary-<id>/               staging when files are added into an existing output
// Every one of these names is hidden from readers (a leading `.` or `_`).
//
// Publishing:
//   swap     (overwrite, or any mode when the output does not exist): write _SUCCESS into staging,
//            rename the output to the -old- sibling, rename staging to the output, delete the old one.
//            A reader sees either the old or the new output, except for the instant between the two
//            renames, when the path is missing; recoverInterruptedCommit repairs a job killed there.
//   merge    (append to an existing output): rename each staged file into place, then (re)write
//            _SUCCESS. As with Spark's FileOutputCommitter, files appear one by one, each complete.
//   replace  (overwrite with partitionOverwriteMode=dynamic): for each partition folder the job wrote,
//            move the existing folder aside and rename the staged one into place.
//
// Overwriting a path the job itself reads is the caller's to refuse: the swap would publish fine,
// but the read would be of files being deleted.

import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as nodePath from 'node:path';
import { FlintError } from '@flint/common';
import type { WriteTaskResult } from './write-task.js';

export type SaveMode = 'errorifexists' | 'append' | 'overwrite' | 'ignore';

export interface WriteJob {
  readonly jobId: string;
  /** Absolute local output path. */
  readonly outputPath: string;
  readonly mode: SaveMode;
  /** Where the tasks write their files (WriteTaskSpec.stagingDir). */
  readonly stagingDir: string;
  readonly publish: 'swap' | 'merge' | 'replace';
}

export interface SetupJobOptions {
  /** A fixed job id (default: a random UUID). */
  readonly jobId?: string;
  /**
   * Overwrite only the partitions present in the new data (partitionOverwriteMode=dynamic). The caller
   * sets it only for a partitioned write in overwrite mode, as Spark does.
   */
  readonly dynamicPartitionOverwrite?: boolean;
}

const SUCCESS = '_SUCCESS';
const SIBLING_RE = /^\.(.*)\.flint-(job|staging|old)-([^/]+)$/;
const TEMP_PREFIX = '_temporary-';

function pathAlreadyExists(p: string): FlintError {
  return new FlintError(
    'PATH_ALREADY_EXISTS',
    `[PATH_ALREADY_EXISTS] Path file:${p} already exists. Set mode as "overwrite" to overwrite the existing path. SQLSTATE: 42K04`,
    { outputPath: `file:${p}` },
    null,
    '42K04',
  );
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

const sibling = (outputPath: string, what: 'job' | 'staging' | 'old', jobId: string): string =>
  nodePath.join(nodePath.dirname(outputPath), `.${nodePath.basename(outputPath)}.flint-${what}-${jobId}`);

async function removeQuietly(p: string): Promise<void> {
  await rm(p, { recursive: true, force: true }).catch(() => undefined);
}

/** Whether the job that wrote an owner record may still be running. */
async function ownerAlive(lockPath: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch {
    return false;
  }
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(text) as { pid?: unknown; host?: unknown };
  } catch {
    return false;
  }
  if (typeof owner.pid !== 'number') return false;
  // Another machine's process cannot be probed: assume it runs.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Repairs what an interrupted Flint write left at `outputPath` (call before reading or writing it):
 * if the output is missing but a dead job's previous output is parked beside it (killed between the
 * two renames of a swap) it is renamed back; dead jobs' staging folders and parked old outputs are
 * deleted. Jobs whose process still runs are left alone.
 */
export async function recoverInterruptedCommit(outputPath: string): Promise<void> {
  const parent = nodePath.dirname(outputPath);
  const name = nodePath.basename(outputPath);
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const jobs = new Map<string, Set<string>>();
  for (const e of entries) {
    const m = SIBLING_RE.exec(e);
    if (m === null || m[1] !== name) continue;
    let kinds = jobs.get(m[3]!);
    if (kinds === undefined) jobs.set(m[3]!, (kinds = new Set()));
    kinds.add(m[2]!);
  }
  for (const [jobId, kinds] of jobs) {
    const lock = sibling(outputPath, 'job', jobId);
    if (kinds.has('job') && (await ownerAlive(lock))) continue;
    if (kinds.has('old')) {
      const old = sibling(outputPath, 'old', jobId);
      if (!(await exists(outputPath))) await rename(old, outputPath).catch(() => undefined);
      else await removeQuietly(old);
    }
    if (kinds.has('staging')) await removeQuietly(sibling(outputPath, 'staging', jobId));
    await removeQuietly(lock);
  }
  // Staging folders of dead jobs inside the output (append / dynamic overwrite).
  let inside: string[];
  try {
    inside = await readdir(outputPath);
  } catch {
    return;
  }
  for (const e of inside) {
    if (!e.startsWith(TEMP_PREFIX)) continue;
    const jobId = e.slice(TEMP_PREFIX.length);
    if (await ownerAlive(sibling(outputPath, 'job', jobId))) continue;
    await removeQuietly(nodePath.join(outputPath, e));
  }
}

/**
 * Prepares a write job at `outputPath` (absolute local path) in a save mode. Returns null in 'ignore'
 * mode when the path exists (nothing to write); throws PATH_ALREADY_EXISTS in 'errorifexists' mode
 * when it exists.
 */
export async function setupJob(
  outputPath: string,
  mode: SaveMode,
  options: SetupJobOptions = {},
): Promise<WriteJob | null> {
  await recoverInterruptedCommit(outputPath);
  const st = await stat(outputPath).catch(() => null);
  if (st !== null && mode === 'ignore') return null;
  if (st !== null && mode === 'errorifexists') throw pathAlreadyExists(outputPath);
  const jobId = options.jobId ?? randomUUID();
  await mkdir(nodePath.dirname(outputPath), { recursive: true });
  // The owner record goes first and is written whole (temp file + rename), so a job's folders are never
  // seen without it while the job lives.
  const lock = sibling(outputPath, 'job', jobId);
  const lockTmp = lock.replace('.flint-job-', '.flint-lock-tmp-');
  await writeFile(lockTmp, JSON.stringify({ pid: process.pid, host: hostname(), started: Date.now() }));
  await rename(lockTmp, lock);

  let publish: WriteJob['publish'];
  let stagingDir: string;
  if (
    st === null ||
    !st.isDirectory() ||
    (mode === 'overwrite' && options.dynamicPartitionOverwrite !== true)
  ) {
    publish = 'swap';
    stagingDir = sibling(outputPath, 'staging', jobId);
  } else {
    publish = mode === 'overwrite' ? 'replace' : 'merge';
    stagingDir = nodePath.join(outputPath, TEMP_PREFIX + jobId);
  }
  try {
    await mkdir(stagingDir, { recursive: true });
  } catch (e) {
    await removeQuietly(lock);
    throw e;
  }
  return { jobId, outputPath, mode, stagingDir, publish };
}

async function moveInto(from: string, to: string): Promise<void> {
  await mkdir(nodePath.dirname(to), { recursive: true });
  await rename(from, to);
}

/** Publishes the files of all tasks of a job (see the file comment), then removes its staging. */
export async function commitJob(job: WriteJob, results: readonly WriteTaskResult[]): Promise<void> {
  const out = job.outputPath;
  const lock = sibling(out, 'job', job.jobId);
  switch (job.publish) {
    case 'swap': {
      await writeFile(nodePath.join(job.stagingDir, SUCCESS), '');
      const old = sibling(out, 'old', job.jobId);
      const hadOld = await exists(out);
      if (hadOld) await rename(out, old);
      try {
        await rename(job.stagingDir, out);
      } catch (e) {
        if (hadOld) await rename(old, out).catch(() => undefined);
        throw e;
      }
      if (hadOld) await removeQuietly(old);
      break;
    }
    case 'merge': {
      for (const r of results)
        for (const f of r.files)
          await moveInto(nodePath.join(job.stagingDir, f.path), nodePath.join(out, f.path));
      await writeFile(nodePath.join(out, SUCCESS), '');
      await removeQuietly(job.stagingDir);
      break;
    }
    case 'replace': {
      const fragments = [...new Set(results.flatMap((r) => r.partitions))];
      const aside = nodePath.join(job.stagingDir, '.replaced');
      for (let i = 0; i < fragments.length; i++) {
        const target = nodePath.join(out, fragments[i]!);
        if (await exists(target)) await moveInto(target, nodePath.join(aside, String(i)));
        await moveInto(nodePath.join(job.stagingDir, fragments[i]!), target);
      }
      // Unpartitioned files of the job (none in a partitioned write) go to the root.
      for (const r of results)
        for (const f of r.files)
          if (f.partition === '')
            await moveInto(nodePath.join(job.stagingDir, f.path), nodePath.join(out, f.path));
      await writeFile(nodePath.join(out, SUCCESS), '');
      await removeQuietly(job.stagingDir);
      break;
    }
  }
  await removeQuietly(lock);
}

/** Drops a job's staged files; the output stays as it was. */
export async function abortJob(job: WriteJob): Promise<void> {
  await removeQuietly(job.stagingDir);
  await removeQuietly(sibling(job.outputPath, 'job', job.jobId));
}
