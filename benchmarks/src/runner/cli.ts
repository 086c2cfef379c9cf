// The `bench` command: parses `tpch` / `h2o` / `micro` and their flags, prepares the data, runs every
// section (size × mode) on every engine, prints the tables as it goes and writes the report files.

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Args, fmt, numberArg, parseArgs, printTable } from '../bench-util.js';
import { hasTpchAnswers, loadTpchAnswer } from '../tpch/answers.js';
import { TPCH_QUERY_IDS, parseTpchQueryId } from '../tpch/queries.js';
import { type EngineName, parseEngineList } from './engines.js';
import { forkLauncher, type Launcher } from './launcher.js';
import { machineInfo } from './machine.js';
import { sharedDir } from './paths.js';
import { defaultResultsDir } from './paths.js';
import { reportBaseName, type WrittenReport, writeReport } from './report-files.js';
import { timeCell, timeTable } from './report-markdown.js';
import type { CheckKind, DataInfo, QueryRecord, SectionRun, SuiteRun } from './run-types.js';
import { runSection } from './run-section.js';
import { suiteQueries } from './suite-queries.js';
import { TPCH_TABLES, dataFolder, describeTables, tablesFromDir } from './suite-data.js';
import type { Mode, ResultSet, SuiteName, SuiteTable } from './types.js';

export const USAGE = `usage: node benchmarks/dist/bench.js <suite> [flags]
  tpch  [--sf 1 | --sf 0.1,1,3] [--mode parquet|memory|both] [--queries 1,6] [--data DIR]
  h2o   [--n 1e7] [--suite groupby|join|groupby,join] [--queries q1,q3]
  micro [flags of micro/main.js]
common: [--engines duckdb,flint-sql,flint-df,polars,arquero] [--runs 5] [--rounds 1] [--threads N]
        [--timeout 600] [--smoke] [--out DIR] [--cache-dir DIR]
--rounds N runs the engines in turn N times (each loading anew) and pools each query's runs.
Ratios are peer time / Flint time: above 1, Flint is faster.`;

export interface BenchHooks {
  /** How engine children start; forked processes unless a test runs them in-process. */
  readonly launcher?: Launcher;
  readonly log?: (msg: string) => void;
  /** Print the tables to stdout (default true). */
  readonly print?: boolean;
}

interface CommonOptions {
  readonly engines: EngineName[];
  readonly runs: number;
  readonly rounds: number;
  readonly warmup: boolean;
  readonly threads: number;
  readonly timeoutSeconds: number;
  readonly smoke: boolean;
  readonly modes: Mode[];
  readonly outDir: string | undefined;
  readonly cacheDir: string | undefined;
}

function parseModes(text: string | undefined): Mode[] {
  if (text === undefined || text === 'parquet') return ['parquet'];
  if (text === 'memory') return ['memory'];
  if (text === 'both') return ['parquet', 'memory'];
  throw new Error(`--mode wants parquet, memory or both, got '${text}'`);
}

function commonOptions(args: Args): CommonOptions {
  const smoke = args.flags.has('smoke');
  const runs = smoke ? 1 : numberArg(args, 'runs', 5);
  return {
    engines: parseEngineList(args.values.get('engines')),
    runs,
    rounds: smoke ? 1 : numberArg(args, 'rounds', 1),
    warmup: !smoke && !args.flags.has('no-warmup'),
    threads: numberArg(args, 'threads', os.availableParallelism()),
    timeoutSeconds: numberArg(args, 'timeout', 600),
    smoke,
    modes: parseModes(args.values.get('mode')),
    outDir: args.values.get('out'),
    cacheDir: args.values.get('cache-dir'),
  };
}

function progressLine(engine: string, q: QueryRecord): string {
  const rss = q.peakRssBytes === undefined ? '' : `  ${fmt(q.peakRssBytes / 2 ** 20, 0)} MB`;
  const why =
    q.message !== undefined && (q.status !== 'ok' || q.check === 'wrong' || q.check === 'differs')
      ? `  ${q.message.split('\n')[0]!.slice(0, 160)}`
      : '';
  return `  ${engine.padEnd(10)} ${q.id.padEnd(4)} ${timeCell(q)}${rss}${why}`;
}

interface SectionPlan {
  readonly suite: SuiteName;
  readonly tables: readonly SuiteTable[];
  readonly data: DataInfo;
  readonly queryIds: readonly string[];
  readonly checkKind: CheckKind;
  readonly answerFor: (id: string) => ResultSet | undefined;
  readonly answerSource: string;
}

async function runPlans(
  suiteLabel: string,
  plans: readonly SectionPlan[],
  common: CommonOptions,
  sizeLabel: string | undefined,
  command: string,
  hooks: BenchHooks,
): Promise<{ run: SuiteRun; report: WrittenReport }> {
  const log = hooks.log ?? ((m: string): void => console.error(m));
  const print = hooks.print ?? true;
  const launcher = hooks.launcher ?? forkLauncher(common.threads);
  const startedAt = new Date().toISOString();
  const sections: SectionRun[] = [];
  for (const plan of plans) {
    for (const mode of common.modes) {
      if (print) console.log(`\n== ${plan.data.label}, ${mode} mode ==`);
      const section = await runSection({
        suite: plan.suite,
        mode,
        tables: plan.tables,
        data: plan.data,
        engines: common.engines,
        queryIds: plan.queryIds,
        runs: common.runs,
        rounds: common.rounds,
        warmup: common.warmup,
        threads: common.threads,
        timeoutSeconds: common.timeoutSeconds,
        checkKind: plan.checkKind,
        answerFor: plan.answerFor,
        answerSource: plan.answerSource,
        launcher,
        log,
        ...(print
          ? { onQuery: (engine: string, q: QueryRecord) => console.log(progressLine(engine, q)) }
          : {}),
      });
      sections.push(section);
      if (print) {
        console.log('');
        const t = timeTable(section);
        printTable(t.headers, t.rows);
      }
    }
  }
  const run: SuiteRun = {
    suite: suiteLabel,
    startedAt,
    command,
    machine: machineInfo(),
    threads: common.threads,
    timeoutSeconds: common.timeoutSeconds,
    sections,
  };
  const outDir =
    common.outDir ??
    (common.smoke ? await mkdtemp(path.join(os.tmpdir(), 'flint-bench-smoke-')) : defaultResultsDir());
  const report = await writeReport(run, outDir, reportBaseName(run, sizeLabel));
  if (print) console.log(`\nreport: ${report.markdown}\n        ${report.json}`);
  return { run, report };
}

function parseList<T>(text: string | undefined, parse: (s: string) => T): T[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parse);
}

type TpchTablesFn = (
  sf: number,
  opts: { format?: 'parquet'; cacheDir?: string; workers?: number; log?: (m: string) => void },
) => Promise<SuiteTable[]>;

async function tpchPlan(
  sf: number,
  args: Args,
  common: CommonOptions,
  log: (m: string) => void,
): Promise<SectionPlan> {
  const dataDir = args.values.get('data');
  let tables: SuiteTable[];
  let source: string;
  let generationSeconds: number | undefined;
  if (dataDir !== undefined) {
    tables = await tablesFromDir(path.resolve(dataDir), TPCH_TABLES);
    source = path.resolve(dataDir);
  } else {
    const specifier = '../tpch/data.js';
    const mod = (await import(specifier)) as { tpchTables: TpchTablesFn };
    const t0 = performance.now();
    tables = await mod.tpchTables(sf, {
      format: 'parquet',
      ...(common.cacheDir ? { cacheDir: common.cacheDir } : {}),
      log,
    });
    generationSeconds = (performance.now() - t0) / 1000;
    source = dataFolder(tables);
  }
  const ids = [...new Set(parseList(args.values.get('queries'), parseTpchQueryId) ?? TPCH_QUERY_IDS)].sort();
  const answers = hasTpchAnswers(sf);
  return {
    suite: 'tpch',
    tables,
    data: {
      label: `TPC-H SF ${sf}`,
      sf,
      source,
      tables: await describeTables(tables),
      ...(generationSeconds === undefined ? {} : { generationSeconds }),
    },
    queryIds: ids,
    checkKind: 'rows',
    answerFor: (id) => (answers ? loadTpchAnswer(sf, id) : undefined),
    answerSource: `answer files ${path.join(sharedDir(), 'tpch', 'answers', `sf${sf}`)}`,
  };
}

type H2oTablesFn = (
  suite: 'groupby' | 'join',
  n: number,
  opts: { cacheDir?: string; log?: (m: string) => void },
) => Promise<SuiteTable[]>;

async function h2oPlan(
  which: 'groupby' | 'join',
  n: number,
  args: Args,
  common: CommonOptions,
  log: (m: string) => void,
): Promise<SectionPlan> {
  const suite: SuiteName = which === 'groupby' ? 'h2o-groupby' : 'h2o-join';
  const specifier = '../h2o/data.js';
  const mod = (await import(specifier)) as { h2oTables: H2oTablesFn };
  const t0 = performance.now();
  const tables = await mod.h2oTables(which, n, {
    ...(common.cacheDir ? { cacheDir: common.cacheDir } : {}),
    log,
  });
  const generationSeconds = (performance.now() - t0) / 1000;
  const all = (await suiteQueries(suite)).map((q) => q.id);
  const asked = parseList(args.values.get('queries'), (s) => (s.startsWith('q') ? s : `q${s}`));
  for (const id of asked ?? [])
    if (!all.includes(id)) throw new Error(`${suite} has no question '${id}' (has ${all.join(', ')})`);
  return {
    suite,
    tables,
    data: {
      label: `H2O ${which} n=${n.toExponential().replace('+', '')}`,
      n,
      source: dataFolder(tables),
      tables: await describeTables(tables),
      generationSeconds,
    },
    queryIds: asked ?? all,
    checkKind: 'checksum',
    answerFor: () => undefined,
    answerSource: 'duckdb',
  };
}

/** Runs the command; resolves with the written reports (one per H2O suite, one for TPC-H). */
export async function runBench(argv: readonly string[], hooks: BenchHooks = {}): Promise<WrittenReport[]> {
  const [suite, ...rest] = argv;
  const log = hooks.log ?? ((m: string): void => console.error(m));
  const command = ['bench', ...argv].join(' ');
  if (suite === 'micro') {
    const specifier = '../micro/main.js';
    const mod = (await import(specifier)) as { runMicro: (argv: readonly string[]) => Promise<unknown> };
    await mod.runMicro(rest);
    return [];
  }
  const args = parseArgs(rest, ['smoke', 'no-warmup']);
  const common = commonOptions(args);
  if (suite === 'tpch') {
    const sfs = common.smoke
      ? [0.01]
      : (parseList(args.values.get('sf'), (s) => {
          const n = Number(s);
          if (!(n > 0)) throw new Error(`--sf wants positive numbers, got '${s}'`);
          return n;
        }) ?? [1]);
    if (args.values.has('data') && sfs.length > 1)
      throw new Error('--data holds one scale factor; give one --sf');
    const plans: SectionPlan[] = [];
    for (const sf of sfs) plans.push(await tpchPlan(sf, args, common, log));
    const { report } = await runPlans(
      'tpch',
      plans,
      common,
      sfs.length === 1 ? `sf${sfs[0]}` : undefined,
      command,
      hooks,
    );
    return [report];
  }
  if (suite === 'h2o') {
    const n = common.smoke ? 1e4 : numberArg(args, 'n', 1e7);
    const which = parseList(args.values.get('suite'), (s) => {
      if (s !== 'groupby' && s !== 'join') throw new Error(`--suite wants groupby or join, got '${s}'`);
      return s;
    }) ?? ['groupby'];
    const reports: WrittenReport[] = [];
    for (const w of which) {
      const plan = await h2oPlan(w, n, args, common, log);
      const { report } = await runPlans(
        plan.suite,
        [plan],
        common,
        `n${n.toExponential().replace('+', '')}`,
        command,
        hooks,
      );
      reports.push(report);
    }
    return reports;
  }
  throw new Error(`unknown suite '${String(suite)}'\n${USAGE}`);
}
