// The Markdown report of a run (and the text table printed while it runs): machine, engines, data, and
// per section the times, ratios, geometric means, peak memory, the chart and Flint's errors in full.

import { fmt } from '../bench-util.js';
import { isFlintEngine } from './engines.js';
import {
  commonGoodQueries,
  engineSummaries,
  pairGeomeanRatio,
  queryIdsOf,
  ranEngines,
  ratio,
  ratioPairs,
  recordOf,
} from './report-data.js';
import type { QueryRecord, SectionRun, SuiteRun } from './run-types.js';

export const RATIO_CONVENTION =
  "Ratios are **peer time / Flint time** (medians): **above 1, Flint is faster**; below 1, Flint is slower (0.25x: the peer takes a quarter of Flint's time).";

export function sectionTitle(section: SectionRun): string {
  return `${section.data.label}, ${section.mode} mode`;
}

const CHECK_MARK: Record<string, string> = {
  correct: 'ok',
  wrong: 'WRONG',
  agrees: 'ok~duckdb',
  differs: 'DIFFERS',
  unchecked: 'unchecked',
};

/** One word for a query's outcome: `ok`, `WRONG`, `ok~duckdb` (agrees with DuckDB), `error`, `timeout`… */
export function statusWord(q: QueryRecord | undefined): string {
  if (q === undefined) return '-';
  if (q.status !== 'ok') return q.status;
  return CHECK_MARK[q.check ?? 'unchecked'] ?? String(q.check);
}

function seconds(x: number | null): string {
  if (x === null) return '-';
  return x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

/** `ok 0.123 (0.120–0.130)`; failures as their status word alone. */
export function timeCell(q: QueryRecord | undefined): string {
  if (q === undefined) return '-';
  const word = statusWord(q);
  if (q.median === null) return word;
  const range = q.seconds.length > 1 ? ` (${seconds(q.min)}–${seconds(q.max)})` : '';
  return `${word} ${seconds(q.median)}${range}`;
}

function mb(bytes: number | undefined): string {
  return bytes === undefined ? '-' : fmt(bytes / 2 ** 20, 0);
}

function ratioText(r: number | null): string {
  // Two significant digits below 0.1, so that 0.004x and 0.009x stay apart.
  return r === null ? '-' : `${r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}x`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The per-query time table (rows: queries; columns: engines), for Markdown and stdout alike. */
export function timeTable(section: SectionRun): { headers: string[]; rows: string[][] } {
  const engines = ranEngines(section);
  const pairs = ratioPairs(section);
  const headers = [
    'query',
    ...engines.map((e) => `${e.engine} s`),
    ...pairs.map((p) => `${p.peer}/${p.flint}`),
  ];
  const rows = queryIdsOf(section).map((id) => [
    id,
    ...engines.map((e) => timeCell(recordOf(e, id))),
    ...pairs.map((p) =>
      ratioText(
        ratio(
          recordOf(
            engines.find((e) => e.engine === p.flint)!,
            id,
          ),
          recordOf(
            engines.find((e) => e.engine === p.peer)!,
            id,
          ),
        ),
      ),
    ),
  ]);
  return { headers, rows };
}

function renderSection(section: SectionRun, svgFile: string | undefined): string {
  const out: string[] = [];
  out.push(`## ${sectionTitle(section)}`, '');
  const d = section.data;
  const totalBytes = d.tables.reduce((s, t) => s + t.bytes, 0);
  out.push(
    `Data: ${d.label} from \`${d.source}\`${d.generationSeconds === undefined ? '' : `, generated (or found in the cache) in ${fmt(d.generationSeconds, 1)} s`}; ${fmt(totalBytes / 1e6, 1)} MB of Parquet.`,
    '',
    table(
      ['table', 'files', 'rows', 'MB'],
      d.tables.map((t) => [
        t.name,
        String(t.files),
        t.rows === null ? '-' : fmt(t.rows, 0),
        fmt(t.bytes / 1e6, 1),
      ]),
    ),
    '',
    `Answers checked against: ${section.reference}. Timing: ${section.warmup ? 'one warm-up run, then ' : ''}${section.runs} timed run${section.runs === 1 ? '' : 's'} per query (the last run's answer is the one checked)${roundsNote(section)}; cells show \`status median (min–max)\` in seconds. Status: \`ok\` correct, \`WRONG\` differs from the answer file, \`ok~duckdb\`/\`DIFFERS\` agrees/differs with DuckDB's answer (no answer file), \`unchecked\`, \`error\`, \`timeout\`, \`crashed\`, \`unsupported\`.`,
    '',
  );
  const t = timeTable(section);
  out.push('### Times and Flint/peer ratios', '', table(t.headers, t.rows), '');
  const pairs = ratioPairs(section);
  if (pairs.length > 0) {
    out.push(
      'Geometric mean of the per-query ratios (queries both engines answered correctly):',
      '',
      table(
        ['pair', 'geomean ratio'],
        pairs.map((p) => [`${p.peer} / ${p.flint}`, ratioText(pairGeomeanRatio(section, p))]),
      ),
      '',
    );
  }
  const common = commonGoodQueries(section);
  out.push(
    '### Geometric means per engine',
    '',
    `Over the ${common.length} queries every engine answered correctly${common.length > 0 ? ` (${common.join(', ')})` : ''}, and over each engine's own correct queries.`,
    '',
    table(
      [
        'engine',
        'version',
        'geomean s (common)',
        'geomean s (own)',
        'correct / run',
        'load s',
        'load peak RSS MB',
      ],
      engineSummaries(section).map((s) => {
        const e = section.engines.find((x) => x.engine === s.engine)!;
        return [
          s.engine,
          e.description,
          seconds(s.geomeanCommon),
          seconds(s.geomeanOwn),
          `${s.good} / ${s.total}`,
          e.loadSeconds === undefined ? '-' : seconds(e.loadSeconds),
          mb(e.loadPeakRssBytes),
        ];
      }),
    ),
    '',
  );
  const engines = ranEngines(section);
  out.push(
    '### Peak RSS per query (MB)',
    '',
    table(
      ['query', ...engines.map((e) => e.engine)],
      queryIdsOf(section).map((id) => [id, ...engines.map((e) => mb(recordOf(e, id)?.peakRssBytes))]),
    ),
    '',
  );
  const skipped = section.engines.filter((e) => e.skipped !== undefined);
  if (skipped.length > 0) {
    out.push('### Skipped engines', '', ...skipped.map((e) => `- ${e.engine}: ${e.skipped}`), '');
  }
  if (svgFile !== undefined) out.push(`![time relative to DuckDB per query](${svgFile})`, '');
  const failures = section.engines.flatMap((e) =>
    e.queries
      .filter(
        (q) => q.message !== undefined && (q.status !== 'ok' || q.check === 'wrong' || q.check === 'differs'),
      )
      .map((q) => ({ engine: e.engine, q })),
  );
  const flintFailures = failures.filter((f) => isFlintEngine(f.engine));
  if (flintFailures.length > 0) {
    out.push('### Flint failures, in full', '');
    for (const f of flintFailures)
      out.push(
        `**${f.engine} ${f.q.id}: ${statusWord(f.q)}**`,
        '',
        '```text',
        f.q.message!.trim(),
        '```',
        '',
      );
  }
  const peerFailures = failures.filter((f) => !isFlintEngine(f.engine));
  if (peerFailures.length > 0) {
    out.push(
      '### Peer failures',
      '',
      ...peerFailures.map(
        (f) => `- ${f.engine} ${f.q.id} (${statusWord(f.q)}): ${f.q.message!.split('\n')[0]}`,
      ),
      '',
    );
  }
  return out.join('\n');
}

/** Per mode, when several data sizes ran: each engine's median per query per size and the growth between sizes. */
function renderScaling(run: SuiteRun): string {
  const out: string[] = [];
  for (const mode of ['parquet', 'memory'] as const) {
    const sections = run.sections.filter((s) => s.mode === mode);
    if (sections.length < 2) continue;
    out.push(`## Scaling, ${mode} mode`, '');
    out.push(
      `Median seconds per query at each size; \`×\` columns: growth from the previous size (data grows ${sections
        .slice(1)
        .map((s, i) => sizeGrowth(sections[i]!, s))
        .join(', ')}).`,
      '',
    );
    const engines = [...new Set(sections.flatMap((s) => ranEngines(s).map((e) => e.engine)))];
    const ids = [...new Set(sections.flatMap((s) => queryIdsOf(s)))];
    const headers = ['query', 'engine'];
    sections.forEach((s, i) => {
      if (i > 0) headers.push('×');
      headers.push(s.data.label);
    });
    const rows: string[][] = [];
    for (const id of ids)
      for (const engine of engines) {
        const row = [id, engine];
        let prev: number | null = null;
        sections.forEach((s, i) => {
          const e = s.engines.find((x) => x.engine === engine);
          const q = e === undefined ? undefined : recordOf(e, id);
          const m = q?.status === 'ok' ? q.median : null;
          if (i > 0) row.push(m !== null && prev !== null && prev > 0 ? `${(m / prev).toFixed(1)}x` : '-');
          row.push(m === null ? statusWord(q) : seconds(m));
          prev = m;
        });
        rows.push(row);
      }
    out.push(table(headers, rows), '');
  }
  return out.join('\n');
}

function sizeGrowth(a: SectionRun, b: SectionRun): string {
  const x = a.data.sf ?? a.data.n;
  const y = b.data.sf ?? b.data.n;
  return x !== undefined && y !== undefined && x > 0 ? `${fmt(y / x, 1)}x` : '?';
}

const SUITE_TITLES: Record<string, string> = {
  tpch: 'TPC-H',
  'h2o-groupby': 'H2O group-by',
  'h2o-join': 'H2O join',
};

/** The whole report; `svgFiles[i]` is the chart file of section i (relative to the report). */
export function renderMarkdown(run: SuiteRun, svgFiles: readonly (string | undefined)[] = []): string {
  const m = run.machine;
  const out: string[] = [
    `# ${SUITE_TITLES[run.suite] ?? run.suite} benchmark, ${run.startedAt.slice(0, 10)}`,
    '',
    RATIO_CONVENTION,
    '',
    `Command: \`${run.command}\``,
    '',
    table(
      ['CPU', 'cores', 'memory', 'Node', 'OS', 'commit', 'threads per engine', 'timeout'],
      [
        [
          m.cpuModel,
          String(m.cores),
          `${fmt(m.totalMemoryBytes / 2 ** 30, 1)} GiB`,
          m.node,
          m.os,
          m.commit ?? '-',
          String(run.threads),
          `${run.timeoutSeconds} s`,
        ],
      ],
    ),
    '',
    "Each engine runs in its own process, one after another, on the same files and thread count (DuckDB `SET threads`, Flint `local[N]`, Polars `POLARS_MAX_THREADS`). `parquet` mode queries the files; `memory` mode loads the tables first (timed separately as *load*) and times the queries alone. Peak RSS is the engine process's resident memory sampled every 5 ms. Every engine process is a Node process started with `--single-threaded-gc`, as `flint-sql` is (V8's collector threads would compete with Flint's workers for the cores). Flint runs a query's tasks on `local[N]`'s N worker threads; Arquero is single-threaded and always queries tables held in memory.",
    '',
  ];
  run.sections.forEach((s, i) => out.push(renderSection(s, svgFiles[i])));
  const scaling = renderScaling(run);
  if (scaling !== '') out.push(scaling);
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

/** How the section's rounds pooled its runs, when it had more than one. */
function roundsNote(section: SectionRun): string {
  const rounds = section.rounds ?? 1;
  return rounds > 1
    ? `, in each of ${rounds} rounds (the engines took turns ${rounds} times, each process loading anew; a query's median and range are over the timed runs of all rounds, its answer checked in the first round)`
    : '';
}
