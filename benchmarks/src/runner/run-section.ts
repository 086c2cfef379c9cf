// Runs one suite section (one data size, one mode) on every engine, one engine after another in its own
// child: per-query timeouts kill the child and a new one takes the remaining queries; a crash is recorded
// and the run goes on. With several rounds the engines take turns that many times, so that a slow spell
// of a noisy machine falls on all of them, not on one engine's every run. Answers are checked against
// the answer files or DuckDB's answers of the same run.

import { median } from '../bench-util.js';
import { compareChecksums, compareResultSets, type Verdict } from './compare.js';
import type { EngineName } from './engines.js';
import type { ChildExit, ChildHandle, Launcher } from './launcher.js';
import type {
  CheckKind,
  CheckStatus,
  DataInfo,
  EngineRecord,
  EngineTask,
  QueryExecution,
  QueryRecord,
  SectionRun,
} from './run-types.js';
import type { Mode, ResultSet, SuiteName, SuiteTable } from './types.js';

export interface SectionConfig {
  readonly suite: SuiteName;
  readonly mode: Mode;
  readonly tables: readonly SuiteTable[];
  readonly data: DataInfo;
  /** In run order; DuckDB first when present (its answers check the others where no answer file exists). */
  readonly engines: readonly EngineName[];
  readonly queryIds: readonly string[];
  readonly runs: number;
  readonly warmup: boolean;
  /** Times every engine runs the section, in turn (1 when absent); a query's runs of all are pooled. */
  readonly rounds?: number;
  readonly threads: number;
  readonly timeoutSeconds: number;
  readonly checkKind: CheckKind;
  /** The reference answer of a query, when an answer file has one. */
  readonly answerFor: (id: string) => ResultSet | undefined;
  readonly answerSource: string;
  readonly launcher: Launcher;
  /** Called once per finished query (progress output). */
  readonly onQuery?: (engine: string, record: QueryRecord) => void;
  readonly log?: (msg: string) => void;
}

interface EngineOutcome {
  description: string;
  skipped?: string;
  loadSeconds?: number;
  loadPeakRssBytes?: number;
}

/** Runs the engine's queries in as many children as timeouts and crashes require. */
async function runEngine(
  engine: EngineName,
  config: SectionConfig,
  onExecution: (ex: QueryExecution) => void,
): Promise<EngineOutcome> {
  const outcome: EngineOutcome = { description: engine };
  let remaining = [...config.queryIds];
  const log = config.log ?? ((): void => {});
  while (remaining.length > 0) {
    const task: EngineTask = {
      engine,
      options: { suite: config.suite, tables: config.tables, mode: config.mode, threads: config.threads },
      queryIds: remaining,
      runs: config.runs,
      warmup: config.warmup,
      checkKind: config.checkKind,
    };
    const ended = await new Promise<{ stop: boolean }>((resolve) => {
      let current: string | undefined;
      let loaded = false;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      // Filled once the launcher returns; a message can only arrive after that.
      const handle: { child?: ChildHandle } = {};
      const finish = (stop: boolean): void => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        handle.child?.kill();
        resolve({ stop });
      };
      const failRemaining = (status: 'error' | 'timeout' | 'crashed', message: string): void => {
        for (const id of remaining) onExecution({ id, status, message, seconds: [] });
        remaining = [];
      };
      const arm = (onTimeout: () => void): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(onTimeout, config.timeoutSeconds * 1000);
      };
      // Opening and loading get the same limit as one query run.
      arm(() => {
        failRemaining('timeout', `opening and loading took over ${config.timeoutSeconds} s`);
        finish(true);
      });
      handle.child = config.launcher(
        task,
        (m) => {
          if (settled) return;
          switch (m.type) {
            case 'engine':
              outcome.description = m.description;
              break;
            case 'unavailable':
              outcome.skipped = m.message;
              remaining = [];
              finish(true);
              break;
            case 'fatal':
              failRemaining('error', loaded ? m.message : `before the first query: ${m.message}`);
              finish(true);
              break;
            case 'loaded':
              loaded = true;
              if (outcome.loadSeconds === undefined) {
                outcome.loadSeconds = m.seconds;
                outcome.loadPeakRssBytes = m.peakRssBytes;
              }
              if (timer !== undefined) clearTimeout(timer);
              break;
            case 'run-start':
              current = m.id;
              arm(() => {
                const id = m.id;
                log(`${engine} ${id}: over ${config.timeoutSeconds} s, killing the child`);
                onExecution({
                  id,
                  status: 'timeout',
                  message: `a run took over ${config.timeoutSeconds} s`,
                  seconds: [],
                });
                remaining = remaining.filter((q) => q !== id);
                finish(false);
              });
              break;
            case 'query':
              if (timer !== undefined) clearTimeout(timer);
              current = undefined;
              onExecution(m.execution);
              remaining = remaining.filter((q) => q !== m.execution.id);
              break;
            case 'done':
              finish(true);
              break;
          }
        },
        (exit: ChildExit) => {
          if (settled) return;
          const how = `the engine process exited (${exit.signal ?? `code ${String(exit.code)}`})${exit.stderrTail ? ': ' + exit.stderrTail.trim().split('\n').slice(-5).join('\n') : ''}`;
          if (current !== undefined) {
            const id = current;
            onExecution({ id, status: 'crashed', message: how, seconds: [] });
            remaining = remaining.filter((q) => q !== id);
            finish(false);
          } else {
            failRemaining('crashed', how);
            finish(true);
          }
        },
      );
    });
    if (ended.stop) break;
  }
  return outcome;
}

function verdictStatus(v: Verdict, againstDuckdb: boolean): CheckStatus {
  if (againstDuckdb) return v.ok ? 'agrees' : 'differs';
  return v.ok ? 'correct' : 'wrong';
}

/** Runs every engine of the section, `rounds` times in turn, and checks their answers. */
export async function runSection(config: SectionConfig): Promise<SectionRun> {
  const rounds = config.rounds ?? 1;
  const duckdbAnswers = new Map<string, QueryExecution>();
  const outcomes = new Map<EngineName, EngineOutcome[]>();
  // Per engine and query, each round's checked record.
  const records = new Map<EngineName, Map<string, QueryRecord[]>>();
  for (let round = 1; round <= rounds; round++) {
    for (const engine of config.engines) {
      const earlier = outcomes.get(engine) ?? [];
      if (earlier.some((o) => o.skipped !== undefined)) continue;
      const turn = rounds > 1 ? `, round ${round} of ${rounds}` : '';
      config.log?.(`${engine}: ${config.data.label}, ${config.mode} mode${turn}`);
      const byQuery = records.get(engine) ?? new Map<string, QueryRecord[]>();
      records.set(engine, byQuery);
      const outcome = await runEngine(engine, config, (ex) => {
        if (engine === 'duckdb' && ex.status === 'ok' && !duckdbAnswers.has(ex.id))
          duckdbAnswers.set(ex.id, ex);
        const record = checkExecution(engine, ex, config, duckdbAnswers);
        byQuery.set(ex.id, [...(byQuery.get(ex.id) ?? []), record]);
        config.onQuery?.(engine, record);
      });
      if (outcome.skipped !== undefined) config.log?.(`${engine} skipped: ${outcome.skipped}`);
      outcomes.set(engine, [...earlier, outcome]);
    }
  }
  const engines = config.engines.map((engine): EngineRecord => {
    const all = outcomes.get(engine)!;
    const first = all[0]!;
    const loads = all.flatMap((o) => (o.loadSeconds === undefined ? [] : [o.loadSeconds]));
    const peaks = all.flatMap((o) => (o.loadPeakRssBytes === undefined ? [] : [o.loadPeakRssBytes]));
    return {
      engine,
      description: first.description,
      ...(first.skipped === undefined ? {} : { skipped: first.skipped }),
      ...(loads.length === 0 ? {} : { loadSeconds: median(loads) }),
      ...(peaks.length === 0 ? {} : { loadPeakRssBytes: Math.max(...peaks) }),
      queries: config.queryIds.flatMap((id) => {
        const checked = records.get(engine)?.get(id) ?? [];
        if (checked.length === 0) return [];
        // A round that failed or answered wrongly stands for the query; else all rounds' runs pool.
        const bad = checked.find((q) => q.status !== 'ok' || q.check === 'wrong' || q.check === 'differs');
        return [bad ?? pooledRecord(checked)];
      }),
    };
  });
  const anyAnswer = config.queryIds.some((id) => config.answerFor(id) !== undefined);
  return {
    mode: config.mode,
    data: config.data,
    reference: anyAnswer ? config.answerSource : config.engines.includes('duckdb') ? 'duckdb' : 'none',
    runs: config.runs,
    ...(rounds > 1 ? { rounds } : {}),
    warmup: config.warmup,
    engines,
  };
}

/** A query's answered rounds as one record: the first's answer, all rounds' timed runs, the highest RSS. */
function pooledRecord(rounds: readonly QueryRecord[]): QueryRecord {
  if (rounds.length === 1) return rounds[0]!;
  const peaks = rounds.flatMap((q) => (q.peakRssBytes === undefined ? [] : [q.peakRssBytes]));
  return {
    ...rounds[0]!,
    ...timesOf(rounds.flatMap((q) => q.seconds)),
    ...(peaks.length === 0 ? {} : { peakRssBytes: Math.max(...peaks) }),
  };
}

/** Timed runs with their median and range (null without runs). */
function timesOf(seconds: readonly number[]): Pick<QueryRecord, 'seconds' | 'median' | 'min' | 'max'> {
  const any = seconds.length > 0;
  return {
    seconds,
    median: any ? median(seconds) : null,
    min: any ? Math.min(...seconds) : null,
    max: any ? Math.max(...seconds) : null,
  };
}

function checkExecution(
  engine: string,
  ex: QueryExecution,
  config: SectionConfig,
  duckdbAnswers: ReadonlyMap<string, QueryExecution>,
): QueryRecord {
  const base = {
    id: ex.id,
    status: ex.status,
    ...timesOf(ex.seconds),
    ...(ex.warmupSeconds === undefined ? {} : { warmupSeconds: ex.warmupSeconds }),
    ...(ex.peakRssBytes === undefined ? {} : { peakRssBytes: ex.peakRssBytes }),
  };
  if (ex.status !== 'ok')
    return { ...base, check: null, ...(ex.message === undefined ? {} : { message: ex.message }) };
  let verdict: Verdict | undefined;
  let againstDuckdb = false;
  const answer = config.checkKind === 'rows' ? config.answerFor(ex.id) : undefined;
  if (answer !== undefined && ex.result !== undefined) verdict = compareResultSets(ex.result, answer);
  else if (engine !== 'duckdb') {
    const duck = duckdbAnswers.get(ex.id);
    againstDuckdb = true;
    if (duck?.result !== undefined && ex.result !== undefined)
      verdict = compareResultSets(ex.result, duck.result);
    else if (duck?.checksum !== undefined && ex.checksum !== undefined)
      verdict = compareChecksums(ex.checksum, duck.checksum);
  }
  if (verdict === undefined) return { ...base, check: 'unchecked' };
  return {
    ...base,
    check: verdictStatus(verdict, againstDuckdb),
    ...(verdict.message === undefined ? {} : { message: verdict.message }),
  };
}
