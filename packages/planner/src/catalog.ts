// The session catalog: temporary views (per session) and tables (shared by the sessions of one
// process). A table is kept as data in memory for now; the warehouse folder arrives with data sources.

import { FlintError } from '@flint/common';
import type { LogicalPlan } from './logical-plan.js';

export interface CatalogEntry {
  /** Name as created (case kept for display). */
  readonly name: string;
  readonly kind: 'TEMP_VIEW' | 'VIEW' | 'TABLE';
  /** Analyzed plan: for a view, its query; for a table, a relation over its data. */
  readonly plan: LogicalPlan;
  readonly provider?: string;
}

export interface Catalog {
  readonly tempViews: Map<string, CatalogEntry>;
  readonly tables: Map<string, CatalogEntry>;
  currentDatabase: string;
}

export function newCatalog(tables: Map<string, CatalogEntry> = new Map()): Catalog {
  return { tempViews: new Map(), tables, currentDatabase: 'default' };
}

/** Catalog keys are case-insensitive, as with spark.sql.caseSensitive=false. */
export function catalogKey(nameParts: readonly string[]): string {
  const parts = nameParts.map((p) => p.toLowerCase());
  if (parts.length === 2 && (parts[0] === 'default' || parts[0] === 'spark_catalog')) return parts[1]!;
  if (parts.length === 3 && parts[0] === 'spark_catalog' && parts[1] === 'default') return parts[2]!;
  return parts.join('.');
}

export function lookupRelation(catalog: Catalog, nameParts: readonly string[]): CatalogEntry | undefined {
  const key = catalogKey(nameParts);
  if (nameParts.length === 1) {
    const view = catalog.tempViews.get(key);
    if (view) return view;
  }
  return catalog.tables.get(key);
}

export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

export function tableNotFound(nameParts: readonly string[]): FlintError {
  const name = nameParts.map(quoteIdentifier).join('.');
  return new FlintError(
    'TABLE_OR_VIEW_NOT_FOUND',
    `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${name} cannot be found. Verify the spelling and correctness of the schema and catalog.`,
    { relationName: name },
    null,
    '42P01',
  );
}
