// Loads the Spark golden-file corpus (tier*.jsonl) and groups its records into files run in index order.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ExpectedError {
  readonly exception: string;
  readonly error_class: string | null;
  readonly sql_state: string | null;
  readonly message_parameters: Readonly<Record<string, string>> | null;
}

export interface CorpusRecord {
  readonly file: string;
  readonly index: number;
  readonly sql: string;
  readonly expected_schema: string;
  readonly expected_rows: readonly string[] | null;
  readonly expected_output: string;
  readonly expected_error: ExpectedError | null;
  readonly is_setup: boolean;
  readonly order_sensitive: boolean;
  readonly mode: 'ansi' | 'postgreSQL' | 'nonansi';
  readonly session_configs: readonly (readonly [string, string])[];
  readonly tier: number;
}

export interface CorpusFile {
  readonly file: string;
  readonly tier: number;
  readonly mode: CorpusRecord['mode'];
  readonly records: readonly CorpusRecord[];
}

/** The corpus shipped beside the repository (`../shared/conformance/spark-sql`). */
export function defaultCorpusDir(): string {
  return fileURLToPath(new URL('../../../../shared/conformance/spark-sql', import.meta.url));
}

/** Reads every `*.jsonl` in `dir`, keeping records whose tier is in `tiers` (all when null). */
export function loadCorpus(dir: string, tiers: readonly number[] | null = null): CorpusFile[] {
  const byFile = new Map<string, CorpusRecord[]>();
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort();
  for (const name of names) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const r = JSON.parse(line) as CorpusRecord;
      if (tiers !== null && !tiers.includes(r.tier)) continue;
      const list = byFile.get(r.file);
      if (list === undefined) byFile.set(r.file, [r]);
      else list.push(r);
    }
  }
  const files: CorpusFile[] = [];
  for (const [file, records] of byFile) {
    records.sort((a, b) => a.index - b.index);
    const first = records[0]!;
    files.push({ file, tier: first.tier, mode: first.mode, records });
  }
  return files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * The session configuration a file assumes: the harness defaults, then the mode's ANSI setting, then
 * the file's own `session_configs` (which win).
 */
export function sessionConfigsFor(file: CorpusFile): [string, string][] {
  const conf = new Map<string, string>([
    ['spark.sql.shuffle.partitions', '4'],
    ['spark.sql.session.timeZone', 'America/Los_Angeles'],
    ['spark.sql.ansi.enabled', file.mode === 'nonansi' ? 'false' : 'true'],
  ]);
  if (file.mode === 'postgreSQL') conf.set('spark.sql.legacy.interval.enabled', 'true');
  for (const r of file.records.slice(0, 1)) for (const [k, v] of r.session_configs) conf.set(k, v);
  return [...conf];
}
