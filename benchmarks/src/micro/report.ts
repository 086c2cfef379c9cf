// Presents a micro-benchmark run: the console table, and the Markdown and JSON files under results/.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fmt, printTable } from '../bench-util.js';
import type { MicroReport, VariantResult } from './suite.js';

const HEADERS = [
  'case',
  'engine',
  'how',
  'median ms',
  'min-max ms',
  'runs',
  'throughput',
  'Flint/peer',
  'check',
];

function throughputText(r: VariantResult): string {
  if (!Number.isFinite(r.throughput)) return '-';
  return r.unit === 'MB' ? `${fmt(r.throughput, 1)} MB/s` : `${fmt(r.throughput / 1e6, 2)} Mrows/s`;
}

function row(r: VariantResult): string[] {
  return [
    r.case,
    r.engine,
    r.label,
    fmt(r.medianMs, 2),
    `${fmt(r.minMs, 2)}-${fmt(r.maxMs, 2)}`,
    String(r.runs),
    throughputText(r),
    r.flintOverPeer === null ? '' : `${fmt(r.flintOverPeer, 2)}x`,
    r.error !== null ? 'ERROR' : r.checkOk ? 'ok' : 'MISMATCH',
  ];
}

function machineLine(report: MicroReport): string {
  const m = report.machine;
  return `${m.cores} cores (${m.cpuModel}), ${m.memoryGB} GB, Node ${m.node}, ${m.platform}; DuckDB ${m.duckdb} (threads 1); load average at start ${m.loadAverageAtStart.join(' / ')}`;
}

function settingsLine(report: MicroReport): string {
  const s = report.settings;
  return `rows ${s.sizes.rows.toLocaleString('en-US')}, join build ${s.sizes.buildRows.toLocaleString('en-US')}, CSV ${(s.sizes.csvBytes / 1e6).toFixed(1)} MB; tinybench: 1 warm-up, at least ${s.minRuns} runs and ${s.timeMs} ms per variant; spark.sql.shuffle.partitions=${s.shufflePartitions}${s.filter === null ? '' : `; filter '${s.filter}'`}`;
}

/** Problems that make the figures meaningless: failures and checks that differ from Flint's. */
export function problems(report: MicroReport): string[] {
  const out: string[] = [];
  for (const g of report.groups)
    for (const r of g.results) {
      if (r.error !== null) out.push(`${g.name} / ${r.case} / ${r.engine}: ${r.error}`);
      else if (!r.checkOk)
        out.push(`${g.name} / ${r.case} / ${r.engine}: check '${r.check}' differs from Flint's`);
    }
  return out;
}

export function printReport(report: MicroReport): void {
  console.log(`Flint micro-benchmarks, ${report.date}`);
  console.log(machineLine(report));
  console.log(settingsLine(report));
  console.log('Flint/peer = peer median time / Flint median time: above 1 Flint is faster, below 1 slower.');
  for (const g of report.groups) {
    console.log(`\n${g.name}`);
    printTable(HEADERS, g.results.map(row));
    for (const n of g.notes) console.log(`  ${n}`);
    for (const caseName of new Set(g.results.map((r) => r.case))) {
      const flint = g.results.find((r) => r.case === caseName);
      if (flint !== undefined) console.log(`  check ${caseName}: ${flint.check}`);
    }
  }
  const bad = problems(report);
  if (bad.length > 0) console.log(`\nPROBLEMS:\n${bad.map((b) => `  ${b}`).join('\n')}`);
}

function markdownCell(s: string): string {
  return s.replaceAll('|', '\\|');
}

export function markdown(report: MicroReport): string {
  const lines: string[] = [
    `# Flint micro-benchmarks, ${report.date.slice(0, 10)}`,
    '',
    `Machine: ${machineLine(report)}.`,
    '',
    `Settings: ${settingsLine(report)}.`,
    '',
    "Every case runs Flint's code path and its baselines on the same seeded data, back to back, in one process.",
    '`Flint/peer` = peer median time / Flint median time: above 1 Flint is faster, below 1 slower. `check` is',
    "`ok` when the variant's result summary (counts, sums, first rows) equals Flint's, so the figures measure equal work.",
  ];
  for (const g of report.groups) {
    lines.push(
      '',
      `## ${g.name}`,
      '',
      `| ${HEADERS.join(' | ')} |`,
      `|${HEADERS.map((_, i) => (i >= 3 && i <= 7 ? '---:' : '---')).join('|')}|`,
    );
    for (const r of g.results) lines.push(`| ${row(r).map(markdownCell).join(' | ')} |`);
    lines.push('');
    for (const n of g.notes) lines.push(`- ${markdownCell(n)}`);
    for (const caseName of new Set(g.results.map((r) => r.case))) {
      const flint = g.results.find((r) => r.case === caseName);
      if (flint !== undefined) lines.push(`- check ${markdownCell(caseName)}: \`${flint.check}\``);
    }
  }
  const bad = problems(report);
  if (bad.length > 0) lines.push('', '## Problems', '', ...bad.map((b) => `- ${markdownCell(b)}`));
  return lines.join('\n') + '\n';
}

/** Writes `<dir>/<YYYY-MM-DD>-micro.md` and `.json`; returns their paths. */
export async function writeReport(report: MicroReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${report.date.slice(0, 10)}-micro`);
  await writeFile(`${base}.md`, markdown(report));
  await writeFile(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  return [`${base}.md`, `${base}.json`];
}
