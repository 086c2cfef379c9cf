// Writes a run's report files: `<base>.md`, `<base>.json` and one `<base>[-<section>]-ratios.svg` per section.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderMarkdown, sectionTitle } from './report-markdown.js';
import { renderRatioSvg } from './report-svg.js';
import type { SectionRun, SuiteRun } from './run-types.js';

function sectionSlug(s: SectionRun): string {
  const size = s.data.sf !== undefined ? `sf${s.data.sf}` : s.data.n !== undefined ? `n${s.data.n}` : 'data';
  return `${size}-${s.mode}`;
}

/** `2025-01-31-tpch-sf1-parquet`: the suite, and the size and mode when the run had only one of each. */
export function reportBaseName(run: SuiteRun, sizeLabel: string | undefined): string {
  const modes = [...new Set(run.sections.map((s) => s.mode))];
  return [run.startedAt.slice(0, 10), run.suite, sizeLabel, modes.length === 1 ? modes[0] : undefined]
    .filter((p): p is string => p !== undefined && p !== '')
    .join('-');
}

export interface WrittenReport {
  readonly markdown: string;
  readonly json: string;
  readonly svgs: readonly string[];
}

export async function writeReport(run: SuiteRun, outDir: string, baseName: string): Promise<WrittenReport> {
  await mkdir(outDir, { recursive: true });
  const svgNames = run.sections.map((s) =>
    run.sections.length === 1 ? `${baseName}-ratios.svg` : `${baseName}-${sectionSlug(s)}-ratios.svg`,
  );
  const svgs: string[] = [];
  for (let i = 0; i < run.sections.length; i++) {
    const section = run.sections[i]!;
    const file = path.join(outDir, svgNames[i]!);
    await writeFile(file, renderRatioSvg(section, `${run.suite}: ${sectionTitle(section)}`));
    svgs.push(file);
  }
  const markdown = path.join(outDir, `${baseName}.md`);
  const json = path.join(outDir, `${baseName}.json`);
  await writeFile(markdown, renderMarkdown(run, svgNames));
  await writeFile(json, JSON.stringify(run, null, 2) + '\n');
  return { markdown, json, svgs };
}
