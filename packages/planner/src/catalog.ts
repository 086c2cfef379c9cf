// The session catalog: temporary views (per session) and persistent tables and views. Persistent
// objects live in an external store (the warehouse folder, see flint's session/warehouse.ts) reached
// through a synchronous hook; `tables` is that store's in-process cache (or the store itself without one).

import { FlintError } from '@flint/common';
import type { LogicalPlan } from './logical-plan.js';

export interface CatalogEntry {
  /** Name as created (case kept for display). */
  readonly name: string;
  readonly kind: 'TEMP_VIEW' | 'VIEW' | 'TABLE';
  /** Analyzed plan: for a view, its query; for a table, a relation over its data. */
  readonly plan: LogicalPlan;
  readonly provider?: string;
  /** The database of a persistent table or view. */
  readonly database?: string;
}

/** Where persistent tables and views are kept; looked up on every use so that other writers are seen. */
export interface ExternalCatalog {
  lookup(database: string, table: string): CatalogEntry | undefined;
}

export interface Catalog {
  readonly tempViews: Map<string, CatalogEntry>;
  readonly tables: Map<string, CatalogEntry>;
  currentDatabase: string;
  /** The persistent store; without it, `tables` holds the persistent objects. */
  external?: ExternalCatalog;
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

/** The database and table a (1 to 3 part) name refers to, the current database filling in. */
export function qualifyName(
  catalog: Catalog,
  nameParts: readonly string[],
): { readonly database: string; readonly table: string } {
  const parts = nameParts.map((p) => p.toLowerCase());
  const table = parts[parts.length - 1] ?? '';
  if (parts.length >= 2) return { database: parts[parts.length - 2]!, table };
  return { database: catalog.currentDatabase.toLowerCase(), table };
}

export function lookupRelation(catalog: Catalog, nameParts: readonly string[]): CatalogEntry | undefined {
  if (nameParts.length === 1) {
    const view = catalog.tempViews.get(nameParts[0]!.toLowerCase());
    if (view) return view;
  }
  if (catalog.external) {
    const { database, table } = qualifyName(catalog, nameParts);
    return catalog.external.lookup(database, table);
  }
  return catalog.tables.get(catalogKey(nameParts));
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
