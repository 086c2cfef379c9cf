// What a worker reports for one statement, and the per-record comparison with Spark's golden answer.

import type { CorpusRecord } from './corpus.js';

export type StatementOutcome =
  | {
      readonly kind: 'ok';
      readonly index: number;
      /** Column names and catalogString types of the result schema. */
      readonly names: readonly string[];
      readonly types: readonly string[];
      /** Rendered rows, columns joined by a tab, in result order. */
      readonly rows: readonly string[];
      /** The result is in a defined order (Spark's harness then does not sort it). */
      readonly sorted: boolean;
    }
  | {
      readonly kind: 'error';
      readonly index: number;
      /** null when the error was not a FlintError (a bug, counted as not raised). */
      readonly errorClass: string | null;
      readonly message: string;
    }
  /** The statement exceeded its time limit or its worker died. */
  | { readonly kind: 'timeout' | 'crash'; readonly index: number; readonly message: string };

export interface RecordResult {
  readonly index: number;
  readonly rowsExpected: boolean;
  readonly rowsEqual: boolean;
  readonly errorExpected: boolean;
  readonly errorRaised: boolean;
  readonly errorClassEqual: boolean;
  readonly schemaTypesEqual: boolean;
  readonly namesEqual: boolean;
  /** A short reason when the record did not fully pass. */
  readonly note: string | null;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `struct<name:type,...>`, Spark's `StructType.catalogString` (names are not quoted). */
export function structCatalogString(names: readonly string[], types: readonly string[]): string {
  return `struct<${names.map((n, i) => `${n}:${types[i] ?? '?'}`).join(',')}>`;
}

// Names may hold ':' ',' '<' and types hold ',' '<' ':' too, so neither side can be split naively;
// we match the expected string against our known half with the other half free.

/** True when `expected` (a catalogString) has exactly these column types, whatever the names. */
export function schemaTypesMatch(expected: string, types: readonly string[]): boolean {
  if (types.length === 0) return expected === 'struct<>';
  const re = new RegExp(`^struct<${types.map((t) => `[^]*?:${escapeRegex(t)}`).join(',')}>$`);
  return re.test(expected);
}

/** True when `expected` (a catalogString) has exactly these column names, whatever the types. */
export function schemaNamesMatch(expected: string, names: readonly string[]): boolean {
  if (names.length === 0) return expected === 'struct<>';
  const re = new RegExp(`^struct<${names.map((n) => `${escapeRegex(n)}:[^]+?`).join(',')}>$`);
  return re.test(expected);
}

function sortedCopy(rows: readonly string[]): string[] {
  // Scala's String ordering compares UTF-16 code units, as JavaScript's default sort does.
  return [...rows].sort();
}

/** "rows differ" with the row counts and the first differing line of each side. */
function rowsDiff(actual: string, expected: string): string {
  const a = actual === '' ? [] : actual.split('\n');
  const e = expected === '' ? [] : expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  const show = (s: string | undefined): string =>
    s === undefined ? '(none)' : JSON.stringify(s.slice(0, 80));
  return `rows differ (${a.length} rows, expected ${e.length}): line ${i + 1} is ${show(a[i])}, expected ${show(e[i])}`;
}

/** Compares one statement's outcome with its golden record. */
export function compareRecord(record: CorpusRecord, outcome: StatementOutcome): RecordResult {
  const errorExpected = record.expected_error !== null;
  const base = {
    index: record.index,
    rowsExpected: !errorExpected,
    errorExpected,
  };
  if (errorExpected) {
    const expectedClass = record.expected_error?.error_class ?? null;
    const raised = outcome.kind === 'error' && outcome.errorClass !== null;
    const classEqual = raised && (expectedClass === null || outcome.errorClass === expectedClass);
    let note: string | null = null;
    if (!raised)
      note =
        outcome.kind === 'ok' ? 'expected an error, got a result' : `${outcome.kind}: ${outcome.message}`;
    else if (!classEqual) note = `error class ${outcome.errorClass ?? '?'}, expected ${expectedClass ?? '?'}`;
    return {
      ...base,
      rowsEqual: false,
      errorRaised: raised,
      errorClassEqual: classEqual,
      schemaTypesEqual: false,
      namesEqual: false,
      note,
    };
  }
  if (outcome.kind !== 'ok') {
    const what =
      outcome.kind === 'error' ? `${outcome.errorClass ?? 'non-Flint error'}: ` : `${outcome.kind}: `;
    return {
      ...base,
      rowsEqual: false,
      errorRaised: false,
      errorClassEqual: false,
      schemaTypesEqual: false,
      namesEqual: false,
      note: what + outcome.message.split('\n')[0]!.slice(0, 200),
    };
  }
  const expectedRows = record.expected_rows ?? [];
  const actual = outcome.sorted ? outcome.rows : sortedCopy(outcome.rows);
  const expected = outcome.sorted ? record.expected_output : sortedCopy(expectedRows).join('\n').trimEnd();
  const actualText = actual.join('\n').trimEnd();
  const rowsEqual = actualText === expected;
  const schemaTypesEqual = schemaTypesMatch(record.expected_schema, outcome.types);
  const namesEqual = schemaNamesMatch(record.expected_schema, outcome.names);
  const notes: string[] = [];
  if (!rowsEqual) notes.push(rowsDiff(actualText, expected));
  if (!schemaTypesEqual)
    notes.push(
      `schema ${structCatalogString(outcome.names, outcome.types)}, expected ${record.expected_schema}`,
    );
  else if (!namesEqual)
    notes.push(`names ${JSON.stringify(outcome.names)}, expected ${record.expected_schema}`);
  return {
    ...base,
    rowsEqual,
    errorRaised: false,
    errorClassEqual: false,
    schemaTypesEqual,
    namesEqual,
    note: notes.length === 0 ? null : notes.join('; '),
  };
}
