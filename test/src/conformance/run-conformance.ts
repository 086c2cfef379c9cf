// Loads the corpus and its tables, runs the selected files in workers and builds the report.

import { loadBuiltinTables } from './builtin-tables.js';
import { defaultCorpusDir, loadCorpus } from './corpus.js';
import { buildReport, type Report } from './report.js';
import { DEFAULT_RUNNER_OPTIONS, runCorpus } from './runner.js';

export interface ConformanceOptions {
  readonly corpusDir?: string;
  readonly tiers?: readonly number[] | null;
  /** Only files whose name contains this text. */
  readonly filter?: string | null;
  readonly statementTimeoutMs?: number;
  readonly concurrency?: number;
  /** A fresh worker (and engine) for every file instead of reusing workers. */
  readonly freshWorkers?: boolean;
  /** Progress lines (one per finished file) go here. */
  readonly progress?: (line: string) => void;
}

export async function runConformance(options: ConformanceOptions = {}): Promise<Report> {
  const dir = options.corpusDir ?? defaultCorpusDir();
  const filter = options.filter ?? null;
  const files = loadCorpus(dir, options.tiers ?? null).filter(
    (f) => filter === null || f.file.includes(filter),
  );
  const tables = loadBuiltinTables(dir);
  let finished = 0;
  const outcomes = await runCorpus(files, {
    workerUrl: new URL('./worker.js', import.meta.url),
    tables,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_RUNNER_OPTIONS.statementTimeoutMs,
    maxOldGenerationSizeMb: DEFAULT_RUNNER_OPTIONS.maxOldGenerationSizeMb,
    filesPerWorker: options.freshWorkers === true ? 1 : DEFAULT_RUNNER_OPTIONS.filesPerWorker,
    concurrency: Math.min(
      options.concurrency ?? DEFAULT_RUNNER_OPTIONS.concurrency,
      DEFAULT_RUNNER_OPTIONS.concurrency,
    ),
    onFileDone: (f) => {
      finished++;
      options.progress?.(`[${finished}/${files.length}] ${f.file}`);
    },
  });
  return buildReport(files, outcomes);
}
