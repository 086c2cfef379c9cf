// Tests of the report from a made-up run: the time table, ratios, geometric means, and a well-formed SVG.

import { describe, expect, it } from 'vitest';
import { engineSummaries, pairGeomeanRatio, commonGoodQueries } from './report-data.js';
import { renderMarkdown, timeTable } from './report-markdown.js';
import { renderRatioSvg } from './report-svg.js';
import type { QueryRecord, SectionRun, SuiteRun } from './run-types.js';

function q(id: string, median: number | null, extra: Partial<QueryRecord> = {}): QueryRecord {
  return {
    id,
    status: 'ok',
    check: 'correct',
    seconds: median === null ? [] : [median],
    median,
    min: median,
    max: median,
    ...extra,
  };
}

const section: SectionRun = {
  mode: 'parquet',
  data: {
    label: 'TPC-H SF 1',
    sf: 1,
    source: '/data',
    tables: [{ name: 'lineitem', files: 1, rows: 6, bytes: 1e6 }],
  },
  reference: 'answer files',
  runs: 1,
  warmup: true,
  engines: [
    { engine: 'duckdb', description: 'DuckDB v1', queries: [q('q01', 1), q('q06', 0.5), q('q09', 2)] },
    {
      engine: 'flint-sql',
      description: 'Flint 0.1.0 (SQL)',
      queries: [
        q('q01', 4),
        q('q06', 0.25),
        q('q09', null, { status: 'error', check: null, message: 'Error: boom\n  at somewhere' }),
      ],
    },
    { engine: 'polars', description: 'Polars', skipped: 'polars is not available: no module', queries: [] },
  ],
};

const run: SuiteRun = {
  suite: 'tpch',
  startedAt: '2025-02-03T10:00:00.000Z',
  command: 'bench tpch --sf 1',
  machine: { cpuModel: 'Test CPU', cores: 2, totalMemoryBytes: 2 ** 33, node: 'v20', os: 'Linux' },
  threads: 2,
  timeoutSeconds: 600,
  sections: [section],
};

/** Minimal XML well-formedness check: tags balance and attributes are quoted. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    const between = xml.slice(last, m.index);
    expect(between).not.toMatch(/[<>]/);
    expect(between.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
    last = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (selfClose === '/') continue;
    if (close === '/') expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(xml.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

describe('report', () => {
  it('puts status, median and the peer/Flint ratio in the time table', () => {
    const t = timeTable(section);
    expect(t.headers).toEqual(['query', 'duckdb s', 'flint-sql s', 'duckdb/flint-sql']);
    expect(t.rows).toEqual([
      ['q01', 'ok 1.00', 'ok 4.00', '0.25x'],
      ['q06', 'ok 0.500', 'ok 0.250', '2.00x'],
      ['q09', 'ok 2.00', 'error', '-'],
    ]);
  });

  it('computes geometric means over common and own correct queries', () => {
    expect(commonGoodQueries(section)).toEqual(['q01', 'q06']);
    const [duck, flint] = engineSummaries(section);
    expect(duck!.geomeanCommon).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(duck!.geomeanOwn).toBeCloseTo(1, 12);
    expect(flint!.geomeanCommon).toBeCloseTo(1, 12);
    expect(flint!.good).toBe(2);
    expect(pairGeomeanRatio(section, { flint: 'flint-sql', peer: 'duckdb' })).toBeCloseTo(
      Math.sqrt(0.25 * 2),
      12,
    );
  });

  it('renders the Markdown with the convention, the skipped engine, the chart and Flint errors in full', () => {
    const md = renderMarkdown(run, ['chart.svg']);
    expect(md).toContain('peer time / Flint time');
    expect(md).toContain('| q01 | ok 1.00 | ok 4.00 | 0.25x |');
    expect(md).toContain('polars: polars is not available');
    expect(md).toContain('![time relative to DuckDB per query](chart.svg)');
    expect(md).toContain('**flint-sql q09: error**');
    expect(md).toContain('  at somewhere');
  });

  it('draws a well-formed SVG with one bar per usable timing and a legend', () => {
    const svg = renderRatioSvg(section, 'TPC-H <SF 1> & co');
    assertWellFormedXml(svg);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(5);
    expect(svg).toContain('TPC-H &lt;SF 1&gt; &amp; co');
    expect(svg).toContain('Flint 0.1.0 (SQL) (flint-sql)');
  });
});
