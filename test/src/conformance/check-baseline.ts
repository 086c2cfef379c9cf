#!/usr/bin/env node
// Fails when any conformance count of any tier fell below the committed baseline
// (test/conformance/baseline.json). `--json FILE` checks a report written by `pnpm conformance --json`
// instead of running the corpus; `--update` raises the baseline to the new counts, and only when none
// of them dropped.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareWithBaseline, formatBaselineTable, type Baseline } from './baseline.js';
import type { Report } from './report.js';
import { runConformance } from './run-conformance.js';

const BASELINE_PATH = fileURLToPath(new URL('../../conformance/baseline.json', import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      corpus: { type: 'string' },
      baseline: { type: 'string' },
      update: { type: 'boolean', default: false },
      /** Also write the report of this run (as `pnpm conformance --json` does). */
      report: { type: 'string' },
    },
  });
  const baselinePath = values.baseline ?? BASELINE_PATH;
  const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as Baseline;
  const report: Report =
    values.json !== undefined
      ? (JSON.parse(readFileSync(values.json, 'utf8')) as Report)
      : await runConformance(values.corpus !== undefined ? { corpusDir: values.corpus } : {});
  if (values.report !== undefined) writeFileSync(values.report, JSON.stringify(report, null, 1) + '\n');
  const cmp = compareWithBaseline(baseline, report);
  console.log(formatBaselineTable(cmp));
  if (cmp.dropped.length > 0) {
    console.log(`\nconformance: ${cmp.dropped.length} count(s) dropped below the baseline:`);
    for (const d of cmp.dropped) console.log(`  tier ${d.tier} ${d.key}: ${d.now} < ${d.baseline}`);
    return 1;
  }
  if (values.update) {
    writeFileSync(baselinePath, JSON.stringify(cmp.next, null, 2) + '\n');
    console.log(`\nconformance: baseline updated (${baselinePath})`);
  } else {
    console.log(
      `\nconformance: no count below the baseline${cmp.improved ? ' (some improved: run with --update to raise it)' : ''}`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
