import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SparkSession } from './index.js';

describe('spark.catalog', () => {
  it('lists databases and tables, checks names, drops temporary views, caches', async () => {
    const warehouse = mkdtempSync(join(tmpdir(), 'flint-catalog-'));
    const spark = SparkSession.builder()
      .config('spark.sql.warehouse.dir', warehouse)
      .getOrCreate()
      .newSession();
    spark.conf.set('spark.sql.warehouse.dir', warehouse);
    await spark.sql('CREATE TABLE people (id INT, name STRING) USING parquet');
    (await spark.sql('SELECT 1 AS x')).createOrReplaceTempView('tmp_x');
    const catalog = spark.catalog;
    expect(await catalog.currentDatabase()).toBe('default');
    expect((await catalog.listDatabases()).map((d) => d.name)).toContain('default');
    const tables = await catalog.listTables();
    expect(tables).toContainEqual({ name: 'people', database: 'default', isTemporary: false });
    expect(tables).toContainEqual({ name: 'tmp_x', database: null, isTemporary: true });
    expect(catalog.tableExists('people')).toBe(true);
    expect(catalog.tableExists('nope')).toBe(false);
    await catalog.cacheTable('people');
    await catalog.uncacheTable('people');
    expect(await catalog.dropTempView('tmp_x')).toBe(true);
    expect(await catalog.dropTempView('tmp_x')).toBe(false);
    expect(catalog.tableExists('tmp_x')).toBe(false);
    await spark.sql('CREATE DATABASE sales_db');
    await catalog.setCurrentDatabase('sales_db');
    expect(await catalog.currentDatabase()).toBe('sales_db');
    expect(await catalog.databaseExists('SALES_DB')).toBe(true);
  });
});
