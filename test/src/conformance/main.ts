#!/usr/bin/env node
// `pnpm conformance [--corpus DIR] [--json OUT] [--filter TEXT] [--tier N] [--timeout MS] [--failures] [--fresh-workers]`:
// runs the Spark golden-file corpus and prints per-file lines and a per-tier summary.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatFileLines, formatTierTable } from './report.js';
import { runConformance } from './run-conformance.js';

const USAGE = `usage: pnpm conformance [--corpus DIR] [--json OUT] [--filter TEXT] [--tier N] [--timeout MS] [--failures] [--fresh-workers]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      json: { type: 'string' },
      filter: { type: 'string' },
      tier: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      failures: { type: 'boolean', default: false },
      'fresh-workers': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const tiers = values.tier?.flatMap((t) => t.split(',')).map(Number) ?? null;
  if (tiers?.some((t) => !Number.isInteger(t))) {
    console.error(USAGE);
    return 2;
  }
  const report = await runConformance({
    ...(values.corpus !== undefined ? { corpusDir: values.corpus } : {}),
    tiers,
    filter: values.filter ?? null,
    freshWorkers: values['fresh-workers'],
    ...(values.timeout !== undefined ? { statementTimeoutMs: Number(values.timeout) } : {}),
    progress: process.stderr.isTTY ? (l) => process.stderr.write(`\r\x1b[K${l}`) : () => {},
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  console.log(formatFileLines(report));
  if (values.failures) {
    for (const [name, f] of Object.entries(report.files))
      for (const x of f.failures)
        console.log(`${name}#${x.index}: ${x.note}\n    ${x.sql.replace(/\s+/g, ' ')}`);
  }
  console.log('');
  console.log(formatTierTable(report));
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(report, null, 1) + '\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
