// The reference answers of the TPC-H queries (`<shared>/tpch/answers/sf<sf>/qNN.csv`) and the check of
// an engine's result against them.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareResultSets, type Verdict } from '../runner/compare.js';
import { sharedDir } from '../runner/paths.js';
import type { Cell, ResultSet } from '../runner/types.js';

/** `0.1` → `sf0.1`, `1` → `sf1` (the folder names of the shared answers). */
export function sfLabel(sf: number): string {
  return `sf${String(sf)}`;
}

/** Parses an answer file: `|`-separated, a header line, no quoting; empty fields are NULL. Cells stay text. */
export function parseAnswerCsv(text: string): ResultSet {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const header = lines.shift();
  if (header === undefined) return { columns: [], rows: [] };
  const columns = header.split('|');
  const rows: Cell[][] = lines.map((line) => line.split('|').map((f) => (f === '' ? null : f)));
  return { columns, rows };
}

/** The answer of `id` at scale factor `sf`, or undefined when the shared folder has none. */
export function loadTpchAnswer(sf: number, id: string): ResultSet | undefined {
  const file = path.join(sharedDir(), 'tpch', 'answers', sfLabel(sf), `${id}.csv`);
  if (!existsSync(file)) return undefined;
  return parseAnswerCsv(readFileSync(file, 'utf8'));
}

export function hasTpchAnswers(sf: number): boolean {
  return existsSync(path.join(sharedDir(), 'tpch', 'answers', sfLabel(sf)));
}

/** Checks a result against the reference answer (see runner/compare.ts for the rules). */
export function checkTpchAnswer(result: ResultSet, answer: ResultSet): Verdict {
  return compareResultSets(result, answer);
}
