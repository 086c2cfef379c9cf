import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type Batch, FlintError, type StructType, T, batchFromRows, batchToRows } from '@flint/common';
import type { OutputWriterFactory } from '../format.js';
import { resolvePaths } from '../listing.js';
import { abortJob, commitJob, recoverInterruptedCommit, setupJob } from './commit-protocol.js';
import { type WriteTaskResult, writeTask } from './write-task.js';

function lineFactory(opts: { failAfterRows?: number } = {}): OutputWriterFactory {
  let written = 0;
  return {
    extension: '.txt',
    async newWriter(path: string, _schema: StructType) {
      const fh = await open(path, 'w');
      return {
        async write(batch: Batch) {
          for (const row of batchToRows(batch)) {
            if (opts.failAfterRows !== undefined && written >= opts.failAfterRows)
              throw new Error('disk on fire');
            await fh.write(row.map((v) => String(v)).join(',') + '\n');
            written++;
          }
        },
        async close() {
          await fh.close();
        },
      };
    },
  };
}

const schema = T.struct([T.field('id', T.int), T.field('p', T.string)]);
const types = schema.fields.map((f) => f.dataType);

async function* batches(...bs: Batch[]): AsyncGenerator<Batch> {
  for (const b of bs) yield b;
}

/** A whole write job: setup, tasks (one batch each), commit; abort on failure. */
async function writeJob(
  out: string,
  mode: 'errorifexists' | 'append' | 'overwrite' | 'ignore',
  tasks: (readonly [number, string][])[],
  opts: { partitionBy?: string[]; factory?: OutputWriterFactory; dynamic?: boolean } = {},
): Promise<WriteTaskResult[] | null> {
  const job = await setupJob(out, mode, { dynamicPartitionOverwrite: opts.dynamic ?? false });
  if (job === null) return null;
  try {
    const results: WriteTaskResult[] = [];
    for (let i = 0; i < tasks.length; i++)
      results.push(
        await writeTask(batches(batchFromRows(types, tasks[i]!)), {
          stagingDir: job.stagingDir,
          taskIndex: i,
          jobId: job.jobId,
          factory: opts.factory ?? lineFactory(),
          schema,
          partitionColumns: opts.partitionBy ?? [],
          maxRecordsPerFile: 0,
          timeZone: 'UTC',
          writeEmptyFile: i === 0 && tasks.length === 1,
        }),
      );
    await commitJob(job, results);
    return results;
  } catch (e) {
    await abortJob(job);
    throw e;
  }
}

/** Visible data as `relative path: content`, read through resolvePaths (what readers see). */
async function visible(out: string): Promise<string[]> {
  const files = await resolvePaths([out]);
  return files.map(
    (f) =>
      f.path.slice(out.length + 1).replace(/-[0-9a-f-]{36}\./, '-J.') + ': ' + readFileSync(f.path, 'utf8'),
  );
}

function siblings(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe('commit protocol', () => {
  it('errorifexists writes a new path with _SUCCESS, then refuses an existing one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(out, 'errorifexists', [[[1, 'a']], [[2, 'b']]]);
    expect(siblings(out)).toEqual(expect.arrayContaining(['_SUCCESS']));
    expect(await visible(out)).toEqual(['part-00000-J.c000.txt: 1,a\n', 'part-00001-J.c000.txt: 2,b\n']);
    expect(siblings(root)).toEqual(['out']);
    let err: unknown;
    try {
      await writeJob(out, 'errorifexists', [[[3, 'c']]]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlintError);
    expect((err as FlintError).message).toBe(
      `[PATH_ALREADY_EXISTS] Path file:${out} already exists. Set mode as "overwrite" to overwrite the existing path. SQLSTATE: 42K04`,
    );
    expect((err as FlintError).sqlState).toBe('42K04');
    // Even an empty folder exists.
    mkdirSync(join(root, 'empty'));
    await expect(writeJob(join(root, 'empty'), 'errorifexists', [[[1, 'a']]])).rejects.toThrow(
      'PATH_ALREADY_EXISTS',
    );
  });

  it('ignore does nothing when the path exists', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(out, 'ignore', [[[1, 'a']]]);
    expect(await writeJob(out, 'ignore', [[[2, 'b']]])).toBeNull();
    expect(await visible(out)).toEqual(['part-00000-J.c000.txt: 1,a\n']);
  });

  it('append adds files beside the existing ones', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(out, 'append', [[[1, 'a']]], { partitionBy: ['p'] });
    await writeJob(
      out,
      'append',
      [
        [
          [2, 'a'],
          [3, 'b'],
        ],
      ],
      { partitionBy: ['p'] },
    );
    expect((await visible(out)).map((s) => s.replace(/^(p=.)\/.*: /, '$1: ')).sort()).toEqual([
      'p=a: 1\n',
      'p=a: 2\n',
      'p=b: 3\n',
    ]);
    expect(siblings(out)).toEqual(['_SUCCESS', 'p=a', 'p=b']);
    expect(siblings(root)).toEqual(['out']);
  });

  it('overwrite replaces the whole output and leaves no staging behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(
      out,
      'overwrite',
      [
        [
          [1, 'a'],
          [2, 'b'],
        ],
      ],
      { partitionBy: ['p'] },
    );
    await writeJob(out, 'overwrite', [[[3, 'c']]], { partitionBy: ['p'] });
    expect(await visible(out)).toEqual(['p=c/part-00000-J.c000.txt: 3\n']);
    expect(siblings(root)).toEqual(['out']);
  });

  it('dynamic partition overwrite replaces only the partitions written', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(
      out,
      'overwrite',
      [
        [
          [1, 'a'],
          [2, 'b'],
        ],
      ],
      { partitionBy: ['p'] },
    );
    await writeJob(
      out,
      'overwrite',
      [
        [
          [3, 'b'],
          [4, 'c'],
        ],
      ],
      { partitionBy: ['p'], dynamic: true },
    );
    expect((await visible(out)).map((s) => s.replace(/\/.*: /, ': '))).toEqual([
      'p=a: 1\n',
      'p=b: 3\n',
      'p=c: 4\n',
    ]);
    expect(siblings(out)).toEqual(['_SUCCESS', 'p=a', 'p=b', 'p=c']);
  });

  it('a task failing midway leaves the previous data exactly as it was', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(out, 'overwrite', [[[1, 'a']]]);
    const before = await visible(out);
    for (const mode of ['overwrite', 'append'] as const)
      await expect(
        writeJob(
          out,
          mode,
          [
            [
              [2, 'b'],
              [3, 'c'],
            ],
            [[4, 'd']],
          ],
          { factory: lineFactory({ failAfterRows: 2 }) },
        ),
      ).rejects.toThrow('disk on fire');
    expect(await visible(out)).toEqual(before);
    expect(siblings(root)).toEqual(['out']);
    expect(siblings(out)).toEqual(['_SUCCESS', expect.stringMatching(/^part-00000-/)]);
  });

  it('recovers a swap killed between its two renames, and drops a dead job’s staging', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(out, 'overwrite', [[[1, 'a']]]);
    const before = await visible(out);
    // A process that has exited: its pid is dead.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const id = 'dead-job';
    const { renameSync } = await import('node:fs');
    renameSync(out, join(root, `.out.flint-old-${id}`));
    mkdirSync(join(root, `.out.flint-staging-${id}`));
    writeFileSync(
      join(root, `.out.flint-job-${id}`),
      JSON.stringify({ pid: dead.pid, host: (await import('node:os')).hostname() }),
    );
    await expect(resolvePaths([out])).rejects.toThrow('PATH_NOT_FOUND');
    await recoverInterruptedCommit(out);
    expect(await visible(out)).toEqual(before);
    expect(siblings(root)).toEqual(['out']);
  });

  it('a live job’s staging is left alone by recovery', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(out, 'overwrite', [[[1, 'a']]]);
    const job = (await setupJob(out, 'append'))!;
    await recoverInterruptedCommit(out);
    expect(existsSync(job.stagingDir)).toBe(true);
    await abortJob(job);
    expect(existsSync(job.stagingDir)).toBe(false);
    expect(siblings(root)).toEqual(['out']);
  });

  it('a writer process killed with SIGKILL midway leaves the previous data intact and invisible staging', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cp-'));
    const out = join(root, 'out');
    await writeJob(out, 'overwrite', [[[1, 'a']]]);
    const before = await visible(out);

    // Transpile the modules the child needs into a folder that resolves @flint/common to the package.
    const here = dirname(fileURLToPath(import.meta.url));
    const lib = join(root, 'lib');
    for (const rel of ['partitioning.ts', 'write/write-task.ts', 'write/commit-protocol.ts']) {
      const js = ts.transpileModule(readFileSync(join(here, '..', rel), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      mkdirSync(dirname(join(lib, rel)), { recursive: true });
      writeFileSync(join(lib, rel.replace(/\.ts$/, '.js')), js);
    }
    writeFileSync(join(lib, 'package.json'), '{"type":"module"}');
    mkdirSync(join(lib, 'node_modules', '@flint'), { recursive: true });
    symlinkSync(join(here, '..', '..', '..', 'common'), join(lib, 'node_modules', '@flint', 'common'));
    writeFileSync(
      join(lib, 'child.js'),
      `
import { open } from 'node:fs/promises';
import { setupJob } from './write/commit-protocol.js';
import { writeTask } from './write/write-task.js';
const out = process.argv[2];
const job = await setupJob(out, process.argv[3]);
const factory = { extension: '.txt', async newWriter(path) {
  const fh = await open(path, 'w');
  return { async write(b) { for (let i = 0; i < b.numRows; i++) {
    await fh.write('row' + i + '\\n');
    if (i === 10) { await fh.sync(); process.stdout.write('writing\\n'); }
    await new Promise((r) => setTimeout(r, 5));
  } }, async close() { await fh.close(); } };
} };
const ids = new Int32Array(100000).map((_, i) => i);
async function* gen() { yield { numRows: ids.length, columns: [{ type: { kind: 'integer' }, length: ids.length, values: ids, nulls: null }] }; }
await writeTask(gen(), { stagingDir: job.stagingDir, taskIndex: 0, jobId: job.jobId, factory,
  schema: { kind: 'struct', fields: [{ name: 'id', dataType: { kind: 'integer' }, nullable: true }] },
  partitionColumns: [], maxRecordsPerFile: 0, timeZone: 'UTC' });
`,
    );
    for (const mode of ['overwrite', 'append']) {
      const child = spawn(process.execPath, [join(lib, 'child.js'), out, mode], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('writing')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      // The killed job's staged file exists, but readers do not see it.
      expect(await visible(out)).toEqual(before);
      const staged =
        mode === 'overwrite'
          ? siblings(root).filter((n) => n.includes('staging'))
          : siblings(out).filter((n) => n.startsWith('_temporary-'));
      expect(staged.length).toBe(1);
      await recoverInterruptedCommit(out);
      expect(siblings(root)).toEqual(['lib', 'out']);
      expect(siblings(out)).toEqual(['_SUCCESS', expect.stringMatching(/^part-00000-/)]);
      expect(await visible(out)).toEqual(before);
    }
  });
});
