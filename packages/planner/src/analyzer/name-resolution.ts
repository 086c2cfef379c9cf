// Resolves a (possibly qualified) column name against the attributes in scope, as Spark's
// LogicalPlan.resolve does: the longest qualifier that matches wins; two candidates are ambiguous.

import { FlintError } from '@flint/common';
import type { AttributeRef } from '../expr.js';
import { quoteIdentifier } from '../catalog.js';

export interface NameMatch {
  readonly attr: AttributeRef;
  /** Name parts after the column: struct fields to extract. */
  readonly nestedFields: readonly string[];
}

function eq(a: string, b: string, caseSensitive: boolean): boolean {
  return caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
}

function qualifierMatches(
  qualifier: readonly string[],
  parts: readonly string[],
  caseSensitive: boolean,
): boolean {
  if (parts.length > qualifier.length) return false;
  const offset = qualifier.length - parts.length;
  return parts.every((p, i) => eq(qualifier[offset + i]!, p, caseSensitive));
}

/** Finds the attribute `nameParts` names among `attrs`; null when none; throws when ambiguous. */
export function resolveName(
  nameParts: readonly string[],
  attrs: readonly AttributeRef[],
  caseSensitive: boolean,
): NameMatch | null {
  // Try the longest qualifier first: a.b.c may be qualifier a.b + column c, qualifier a + column b + field c, ...
  for (let q = Math.min(nameParts.length - 1, 3); q >= 0; q--) {
    const qualifier = nameParts.slice(0, q);
    const name = nameParts[q]!;
    const candidates = attrs.filter(
      (a) =>
        eq(a.name, name, caseSensitive) &&
        (q === 0 || qualifierMatches(a.qualifier, qualifier, caseSensitive)),
    );
    const distinct = candidates.filter((a, i) => candidates.findIndex((b) => b.id === a.id) === i);
    if (distinct.length === 1) return { attr: distinct[0]!, nestedFields: nameParts.slice(q + 1) };
    if (distinct.length > 1) {
      const ref = nameParts.map(quoteIdentifier).join('.');
      throw new FlintError(
        'AMBIGUOUS_REFERENCE',
        `[AMBIGUOUS_REFERENCE] Reference ${ref} is ambiguous, could be: [${distinct.map(attrSql).join(', ')}].`,
        { name: ref, referenceNames: `[${distinct.map(attrSql).join(', ')}]` },
        null,
        '42704',
      );
    }
  }
  return null;
}

export function attrSql(a: AttributeRef): string {
  return [...a.qualifier, a.name].map(quoteIdentifier).join('.');
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

export function unresolvedColumn(
  nameParts: readonly string[],
  candidates: readonly AttributeRef[],
): FlintError {
  const objectName = nameParts.map(quoteIdentifier).join('.');
  if (candidates.length === 0) {
    return new FlintError(
      'UNRESOLVED_COLUMN.WITHOUT_SUGGESTION',
      `[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with name ${objectName} cannot be resolved. SQLSTATE: 42703`,
      { objectName },
      null,
      '42703',
    );
  }
  const target = nameParts.join('.');
  const proposal = [...candidates]
    .map((a) => ({ text: attrSql(a), d: levenshtein(target, [...a.qualifier, a.name].join('.')) }))
    .sort((x, y) => x.d - y.d)
    .slice(0, 5)
    .map((x) => x.text)
    .join(', ');
  return new FlintError(
    'UNRESOLVED_COLUMN.WITH_SUGGESTION',
    `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name ${objectName} cannot be resolved. Did you mean one of the following? [${proposal}]. SQLSTATE: 42703`,
    { objectName, proposal: `[${proposal}]` },
    null,
    '42703',
  );
}
