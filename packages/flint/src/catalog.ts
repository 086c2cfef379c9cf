// spark.catalog: the catalog as PySpark's Catalog shows it (databases, tables, temporary views, cache),
// answered by the same SQL commands a user could type.

import { FlintError } from '@flint/common';
import { quoteIdentifier } from '@flint/planner';
import type { DataFrame } from './dataframe.js';

/** A table or view, as PySpark's catalog.Table. */
export interface CatalogTable {
  readonly name: string;
  /** The database, or null for a temporary view. */
  readonly database: string | null;
  readonly isTemporary: boolean;
}

interface SqlRunner {
  sql(text: string): Promise<DataFrame>;
  table(name: string): DataFrame;
}

/** Quotes each part of a possibly qualified name. */
function quoted(name: string): string {
  return name.split('.').map(quoteIdentifier).join('.');
}

export class Catalog {
  constructor(private readonly spark: SqlRunner) {}

  async currentDatabase(): Promise<string> {
    const [row] = await (await this.spark.sql('SELECT current_database()')).collect();
    return String(row!.get(0));
  }

  async setCurrentDatabase(name: string): Promise<void> {
    await this.spark.sql(`USE ${quoteIdentifier(name)}`);
  }

  async listDatabases(): Promise<{ readonly name: string }[]> {
    const rows = await (await this.spark.sql('SHOW DATABASES')).collect();
    return rows.map((r) => ({ name: String(r.get(0)) }));
  }

  async databaseExists(name: string): Promise<boolean> {
    return (await this.listDatabases()).some((d) => d.name.toLowerCase() === name.toLowerCase());
  }

  /** The tables and views of a database (the current one by default), then the temporary views. */
  async listTables(database?: string): Promise<CatalogTable[]> {
    const sql = database === undefined ? 'SHOW TABLES' : `SHOW TABLES IN ${quoteIdentifier(database)}`;
    const rows = await (await this.spark.sql(sql)).collect();
    return rows.map((r) => {
      const isTemporary = r.get(2) === true;
      const namespace = String(r.get(0));
      return { name: String(r.get(1)), database: isTemporary ? null : namespace, isTemporary };
    });
  }

  tableExists(name: string): boolean {
    try {
      this.spark.table(name);
      return true;
    } catch (err) {
      if (err instanceof FlintError && err.errorClass === 'TABLE_OR_VIEW_NOT_FOUND') return false;
      throw err;
    }
  }

  async dropTempView(name: string): Promise<boolean> {
    if (!this.tableExists(name)) return false;
    await this.spark.sql(`DROP VIEW IF EXISTS ${quoteIdentifier(name)}`);
    return true;
  }

  async cacheTable(name: string): Promise<void> {
    await this.spark.sql(`CACHE TABLE ${quoted(name)}`);
  }

  async uncacheTable(name: string): Promise<void> {
    await this.spark.sql(`UNCACHE TABLE IF EXISTS ${quoted(name)}`);
  }

  isCached(name: string): boolean {
    const df = this.spark.table(name);
    return df.state.isCached(df.plan, true);
  }

  async clearCache(): Promise<void> {
    await this.spark.sql('CLEAR CACHE');
  }

  /** Tables are listed again on every lookup, so there is nothing to refresh; checks the name exists. */
  refreshTable(name: string): void {
    this.spark.table(name);
  }
}
