// Runs the micro-benchmark suite in smoke mode: every case must produce figures, and every baseline's
// result summary must equal Flint's (so the timings compare equal work). Timings are never asserted.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../bench-util.js';
import type { MicroCase } from './case.js';
import { microOptions } from './main.js';
import { markdown, problems, writeReport } from './report.js';
import { ALL_GROUPS, type MicroReport, runCase, runMicroSuite } from './suite.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flint-micro-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quiet = (): void => {};

describe('micro suite (smoke)', () => {
  let report: MicroReport;

  beforeAll(async () => {
    const options = microOptions(
      parseArgs(['--smoke', '--rows', '4000', '--build-rows', '400', '--csv-mb', '0.05', '--cache-dir', dir]),
      quiet,
    );
    report = await runMicroSuite(options);
  }, 120_000);

  it('runs every case of every group, Flint first', () => {
    expect(report.groups.map((g) => g.name)).toEqual(ALL_GROUPS.map((g) => g.name));
    for (const group of ALL_GROUPS) {
      const results = report.groups.find((g) => g.name === group.name)!.results;
      const lineitemMissing = (group.name === 'parquet' || group.name === 'tpch') && results.length === 0;
      if (lineitemMissing) continue; // the shared TPC-H file is not on every machine
      for (const name of group.caseNames) {
        const variants = results.filter((r) => r.case === name);
        expect(variants.length, `${group.name} / ${name}`).toBeGreaterThanOrEqual(2);
        expect(variants[0]!.engine).toBe('flint');
      }
    }
  });

  it('gives each variant a positive figure and a check equal to Flint', () => {
    expect(problems(report)).toEqual([]);
    for (const g of report.groups)
      for (const r of g.results) {
        expect(r.error, `${g.name} / ${r.case} / ${r.engine}`).toBeNull();
        expect(r.checkOk, `${g.name} / ${r.case} / ${r.engine}: ${r.check}`).toBe(true);
        expect(r.runs).toBeGreaterThanOrEqual(1);
        expect(r.medianMs).toBeGreaterThan(0);
        expect(r.throughput).toBeGreaterThan(0);
        expect(r.amount).toBeGreaterThan(0);
        if (r.engine !== 'flint') expect(r.flintOverPeer).toBeGreaterThan(0);
      }
  });

  it('checks summarise real results', () => {
    const check = (group: string, name: string): string =>
      report.groups.find((g) => g.name === group)!.results.find((r) => r.case === name)!.check;
    expect(check('aggregate', 'low-cardinality string key')).toMatch(/^groups=100 sum=\d/);
    expect(check('join', 'long key')).toMatch(/^rows=[1-9]\d* /);
    expect(check('sort', 'doubles')).toMatch(/^rows=4000 first,last=-/);
    expect(check('csv', 'parse typed (6 columns)')).toMatch(/^rows=[1-9]\d* sum\(qty\)=[1-9]/);
  });

  it('writes the Markdown and JSON reports', async () => {
    const files = await writeReport(report, path.join(dir, 'results'));
    expect(files.map((f) => path.basename(f))).toEqual([
      `${report.date.slice(0, 10)}-micro.md`,
      `${report.date.slice(0, 10)}-micro.json`,
    ]);
    const md = await readFile(files[0]!, 'utf8');
    expect(md).toContain('## aggregate');
    expect(md).toContain('| low-cardinality string key | flint |');
    expect(md).toContain(`${report.machine.cores} cores`);
    const json = JSON.parse(await readFile(files[1]!, 'utf8')) as MicroReport;
    expect(json.groups.length).toBe(report.groups.length);
    expect(json.machine.node).toBe(process.version);
    expect(markdown(report)).not.toContain('## Problems');
  });
});

describe('runCase', () => {
  const options = microOptions(parseArgs(['--smoke', '--cache-dir', os.tmpdir()]), quiet);
  const sumCase = (baseline: () => number): MicroCase => ({
    group: 'test',
    name: 'sum',
    unit: 'rows',
    amount: 3,
    variants: [
      {
        engine: 'flint',
        label: 'reduce',
        run: () => [1, 2, 3].reduce((a, b) => a + b, 0),
        check: (out) => `sum=${String(out)}`,
      },
      { engine: 'js', label: 'baseline', run: baseline, check: (out) => `sum=${String(out)}` },
    ],
  });

  it('accepts a baseline with the same result', async () => {
    const [flint, js] = await runCase(
      sumCase(() => 6),
      options,
    );
    expect(flint!.checkOk).toBe(true);
    expect(js!.checkOk).toBe(true);
    expect(js!.check).toBe('sum=6');
  });

  it('flags a baseline that computed something else, and one that threw', async () => {
    const [, wrong] = await runCase(
      sumCase(() => 7),
      options,
    );
    expect(wrong!.checkOk).toBe(false);
    expect(wrong!.check).toBe('sum=7');
    const [, failed] = await runCase(
      sumCase(() => {
        throw new Error('boom');
      }),
      options,
    );
    expect(failed!.checkOk).toBe(false);
    expect(failed!.error).toContain('boom');
  });

  it('--filter keeps only the matching cases', async () => {
    const filtered = await runMicroSuite({
      ...microOptions(
        parseArgs(['--smoke', '--rows', '1000', '--cache-dir', dir, '--filter', 'sort strings']),
        quiet,
      ),
    });
    expect(filtered.groups.map((g) => g.name)).toEqual(['sort']);
    expect(new Set(filtered.groups[0]!.results.map((r) => r.case))).toEqual(new Set(['strings']));
  }, 60_000);
});
