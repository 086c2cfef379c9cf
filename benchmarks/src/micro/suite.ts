// Runs the micro-benchmark cases with tinybench, one case at a time (Flint and its baselines back to
// back), checks that every variant of a case produced the same summary, and collects the figures.

import os from 'node:os';
import { Bench } from 'tinybench';
import { SparkSession } from 'flint';
import type { CaseGroup, MicroCase, MicroContext, Sizes } from './case.js';
import { type Duck, openDuck } from './duck.js';
import { expressionGroup } from './expression-cases.js';
import { csvGroup, parquetGroup } from './io-cases.js';
import { aggregateGroup, joinGroup, sortGroup } from './relational-cases.js';
import { tpchLoopGroup } from './tpch-loop-cases.js';

export const ALL_GROUPS: readonly CaseGroup[] = [
  csvGroup,
  parquetGroup,
  expressionGroup,
  aggregateGroup,
  joinGroup,
  sortGroup,
  tpchLoopGroup,
];

export interface MicroOptions {
  readonly sizes: Sizes;
  /** Keeps the cases whose `group name` contains this text (case-insensitive). */
  readonly filter: string | undefined;
  /** Tinybench time budget per variant, in milliseconds. */
  readonly timeMs: number;
  /** Tinybench minimum number of timed runs per variant. */
  readonly minRuns: number;
  readonly cacheDir: string;
  readonly lineitemPath: string;
  /** spark.sql.shuffle.partitions for the Flint session. */
  readonly shufflePartitions: number;
  /** Progress lines (stderr in the CLI). */
  readonly log: (line: string) => void;
}

export interface VariantResult {
  readonly group: string;
  readonly case: string;
  readonly engine: string;
  readonly label: string;
  readonly unit: 'MB' | 'rows';
  readonly amount: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** amount per second at the median time (MB/s or rows/s). */
  readonly throughput: number;
  /** This variant's median time / Flint's (peers only): above 1 Flint is faster. */
  readonly flintOverPeer: number | null;
  readonly check: string;
  /** The check equals the Flint variant's (always true for Flint itself when it ran). */
  readonly checkOk: boolean;
  readonly error: string | null;
}

export interface GroupResult {
  readonly name: string;
  readonly notes: readonly string[];
  readonly results: readonly VariantResult[];
}

export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGB: number;
  readonly node: string;
  readonly platform: string;
  readonly duckdb: string;
  /** os.loadavg() (1, 5, 15 minutes) when the run started: other work on the machine skews every figure. */
  readonly loadAverageAtStart: readonly number[];
}

export interface MicroReport {
  readonly date: string;
  readonly machine: Machine;
  readonly settings: {
    readonly sizes: Sizes;
    readonly timeMs: number;
    readonly minRuns: number;
    readonly shufflePartitions: number;
    readonly filter: string | null;
  };
  readonly groups: readonly GroupResult[];
}

function matches(filter: string | undefined, group: string, name: string): boolean {
  return filter === undefined || `${group} ${name}`.toLowerCase().includes(filter.toLowerCase());
}

/** Times every variant of one case and compares their checks with the Flint variant's. */
export async function runCase(c: MicroCase, options: MicroOptions): Promise<VariantResult[]> {
  const bench = new Bench({
    time: options.timeMs,
    iterations: options.minRuns,
    warmup: true,
    warmupIterations: 1,
    warmupTime: 0,
    throws: false,
  });
  const outputs: unknown[] = c.variants.map(() => undefined);
  c.variants.forEach((v, k) => {
    bench.add(`${v.engine}/${v.label}`, async () => {
      outputs[k] = await v.run();
    });
  });
  await bench.run();

  const measured = await Promise.all(
    c.variants.map(async (v, k) => {
      const result = bench.tasks[k]!.result;
      if (result.state !== 'completed') {
        const error = result.state === 'errored' ? result.error.message : `tinybench state ${result.state}`;
        return { v, runs: 0, medianMs: NaN, minMs: NaN, maxMs: NaN, check: `error: ${error}`, error };
      }
      let check: string;
      let error: string | null = null;
      try {
        check = await v.check(outputs[k]);
      } catch (e) {
        error = `check failed: ${e instanceof Error ? e.message : String(e)}`;
        check = `error: ${error}`;
      }
      const lat = result.latency;
      return { v, runs: lat.samplesCount, medianMs: lat.p50, minMs: lat.min, maxMs: lat.max, check, error };
    }),
  );
  const flint = measured[0]!;
  return measured.map((m, k) => {
    const perSecond = m.medianMs > 0 ? 1000 / m.medianMs : NaN;
    return {
      group: c.group,
      case: c.name,
      engine: m.v.engine,
      label: m.v.label,
      unit: c.unit,
      amount: c.amount,
      runs: m.runs,
      medianMs: m.medianMs,
      minMs: m.minMs,
      maxMs: m.maxMs,
      throughput: (c.unit === 'MB' ? c.amount / 1e6 : c.amount) * perSecond,
      flintOverPeer: k === 0 || flint.error !== null || m.error !== null ? null : m.medianMs / flint.medianMs,
      check: m.check,
      checkOk: m.error === null && flint.error === null && m.check === flint.check,
      error: m.error,
    };
  });
}

function machineOf(duck: Duck | null, loadAverageAtStart: readonly number[]): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    duckdb: duck === null ? 'not installed' : duck.version,
    loadAverageAtStart,
  };
}

/** Runs the groups that match the filter and returns every figure. */
export async function runMicroSuite(options: MicroOptions): Promise<MicroReport> {
  const loadAverageAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const opened = await openDuck();
  const duck = 'unavailable' in opened ? null : opened;
  if (duck === null)
    options.log(
      `DuckDB is not available, its variants are skipped: ${(opened as { unavailable: string }).unavailable}`,
    );
  const spark = SparkSession.builder().getOrCreate();
  spark.conf.set('spark.sql.shuffle.partitions', options.shufflePartitions);
  const ctx: MicroContext = {
    sizes: options.sizes,
    spark,
    duck,
    cacheDir: options.cacheDir,
    lineitemPath: options.lineitemPath,
  };
  const groups: GroupResult[] = [];
  try {
    for (const group of ALL_GROUPS) {
      if (!group.caseNames.some((name) => matches(options.filter, group.name, name))) continue;
      options.log(`${group.name}: preparing data`);
      const prepared = await group.prepare(ctx);
      const results: VariantResult[] = [];
      for (const c of prepared.cases) {
        if (!matches(options.filter, c.group, c.name)) continue;
        options.log(`${group.name}: ${c.name} (${c.variants.map((v) => v.engine).join(', ')})`);
        results.push(...(await runCase(c, options)));
      }
      groups.push({ name: group.name, notes: prepared.notes, results });
    }
  } finally {
    duck?.close();
  }
  return {
    date: new Date().toISOString(),
    machine: machineOf(duck, loadAverageAtStart),
    settings: {
      sizes: options.sizes,
      timeMs: options.timeMs,
      minRuns: options.minRuns,
      shufflePartitions: options.shufflePartitions,
      filter: options.filter ?? null,
    },
    groups,
  };
}
