// TPC-H Q1 and Q6 in Flint SQL over lineitem cached in memory, against hand-written loops over the same
// cached batches (decimals read as exact Numbers through 32-bit word views, dates as Int32) and DuckDB.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Batch } from '@flint/common';
import type { DataFrame } from 'flint';
import { tpchQueryId, tpchQuerySql } from '../tpch/queries.js';
import type { CaseGroup, MicroCase, MicroContext, PreparedGroup, Variant } from './case.js';
import { sqlPath } from './duck.js';

/** lineitem's columns Q1 and Q6 read, in this order in the cached batches. */
const COLUMNS = [
  'l_quantity',
  'l_extendedprice',
  'l_discount',
  'l_tax',
  'l_returnflag',
  'l_linestatus',
  'l_shipdate',
] as const;

const DAY_MS = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const Q1_SHIPDATE_MAX = day('1998-09-02'); // date '1998-12-01' - interval '90' day
const Q6_FROM = day('1994-01-01');
const Q6_TO = day('1995-01-01');

/** The low and high 32-bit words of a decimal(p <= 18) column's unscaled values. */
function words(b: Batch, c: number): Int32Array {
  const v = b.columns[c]!.values as BigInt64Array;
  return new Int32Array(v.buffer, v.byteOffset, v.length * 2);
}

/** Unscaled value i of a word view, exact below 2^53. */
function unscaled(w: Int32Array, i: number): number {
  return w[2 * i + 1]! * 4294967296 + (w[2 * i]! >>> 0);
}

interface Q1Group {
  qty: number;
  base: number;
  discPrice: number;
  charge: number;
  disc: number;
  count: number;
}

/** Q1 by hand: one pass, groups keyed by returnflag + linestatus, sums of unscaled values in doubles. */
function handQ1(batches: readonly Batch[]): Map<string, Q1Group> {
  const groups = new Map<string, Q1Group>();
  for (const b of batches) {
    const qty = words(b, 0);
    const price = words(b, 1);
    const disc = words(b, 2);
    const tax = words(b, 3);
    const flag = b.columns[4]!.values as string[];
    const status = b.columns[5]!.values as string[];
    const ship = b.columns[6]!.values as Int32Array;
    for (let i = 0; i < b.numRows; i++) {
      if (ship[i]! > Q1_SHIPDATE_MAX) continue;
      const key = flag[i]! + status[i]!;
      let g = groups.get(key);
      if (g === undefined) {
        g = { qty: 0, base: 0, discPrice: 0, charge: 0, disc: 0, count: 0 };
        groups.set(key, g);
      }
      const p = unscaled(price, i);
      const d = unscaled(disc, i);
      const dp = p * (100 - d);
      g.qty += unscaled(qty, i);
      g.base += p;
      g.discPrice += dp;
      g.charge += dp * (100 + unscaled(tax, i));
      g.disc += d;
      g.count++;
    }
  }
  return groups;
}

/** Q6 by hand: revenue = sum(price * discount) over the filtered rows, unscaled at scale 4. */
function handQ6(batches: readonly Batch[]): number {
  let revenue = 0;
  for (const b of batches) {
    const qty = words(b, 0);
    const price = words(b, 1);
    const disc = words(b, 2);
    const ship = b.columns[6]!.values as Int32Array;
    for (let i = 0; i < b.numRows; i++) {
      const s = ship[i]!;
      if (s < Q6_FROM || s >= Q6_TO) continue;
      const d = unscaled(disc, i);
      if (d < 5 || d > 7 || unscaled(qty, i) >= 2400) continue;
      revenue += unscaled(price, i) * d;
    }
  }
  return revenue;
}

/** Six significant digits: the engines sum in different orders and types. */
const approx = (x: number): string => Number(x).toPrecision(6);

function q1Summary(rows: readonly (readonly [string, number, number])[]): string {
  return rows
    .map(([key, count, sumQty]) => `${key}:${count}:${approx(sumQty)}`)
    .sort()
    .join(' ');
}

export const tpchLoopGroup: CaseGroup = {
  name: 'tpch',
  caseNames: ['Q1', 'Q6'],
  prepare: async (ctx: MicroContext): Promise<PreparedGroup> => {
    if (!existsSync(ctx.lineitemPath)) {
      return { cases: [], notes: [`skipped: no lineitem at ${ctx.lineitemPath}`] };
    }
    // Smoke runs keep the first rows of the file (both engines read it in file order).
    const limit = ctx.sizes.parquetRows;
    const source = (await ctx.spark.read.parquet(ctx.lineitemPath)).select(...COLUMNS);
    const lineitem: DataFrame = (limit === undefined ? source : source.limit(limit)).cache();
    lineitem.createOrReplaceTempView('lineitem');
    const batches = await lineitem.collectBatches();
    const rows = batches.reduce((s, b) => s + b.numRows, 0);
    const duck = ctx.duck;
    // A folder of parts (the generated SF 1 data) is read by DuckDB through a glob.
    const files = statSync(ctx.lineitemPath).isDirectory()
      ? path.join(ctx.lineitemPath, '*.parquet')
      : ctx.lineitemPath;
    await duck?.run(
      `CREATE OR REPLACE TABLE lineitem AS SELECT ${COLUMNS.join(', ')} FROM read_parquet(${sqlPath(files)})${limit === undefined ? '' : ` LIMIT ${limit}`}`,
    );
    const q1 = tpchQuerySql(tpchQueryId(1));
    const q6 = tpchQuerySql(tpchQueryId(6));
    const flint = async (sql: string): Promise<unknown[][]> =>
      (await (await ctx.spark.sql(sql)).collect()).map((r) => r.toArray());
    const q1Rows = (out: unknown[][]) =>
      out.map((r) => [`${String(r[0])}${String(r[1])}`, Number(r[9]), Number(r[2])] as const);

    const q1Variants: Variant[] = [
      {
        engine: 'flint',
        label: 'SQL, cached',
        run: () => flint(q1),
        check: (o) => q1Summary(q1Rows(o as unknown[][])),
      },
      {
        engine: 'js',
        label: 'typed-array loop',
        run: () => handQ1(batches),
        check: (o) =>
          q1Summary([...(o as Map<string, Q1Group>)].map(([k, g]) => [k, g.count, g.qty / 100] as const)),
      },
    ];
    const q6Variants: Variant[] = [
      {
        engine: 'flint',
        label: 'SQL, cached',
        run: () => flint(q6),
        check: (o) => approx(Number((o as unknown[][])[0]![0])),
      },
      {
        engine: 'js',
        label: 'typed-array loop',
        run: () => handQ6(batches),
        check: (o) => approx((o as number) / 1e4),
      },
    ];
    if (duck !== null) {
      q1Variants.push({
        engine: 'duckdb',
        label: 'SQL, table',
        run: () => duck.rows(q1),
        check: (o) => q1Summary(q1Rows(o as unknown[][])),
      });
      q6Variants.push({
        engine: 'duckdb',
        label: 'SQL, table',
        run: () => duck.rows(q6),
        check: (o) => approx(Number((o as unknown[][])[0]![0])),
      });
    }
    const cases: MicroCase[] = [
      { group: 'tpch', name: 'Q1', unit: 'rows', amount: rows, variants: q1Variants },
      { group: 'tpch', name: 'Q6', unit: 'rows', amount: rows, variants: q6Variants },
    ];
    return {
      cases,
      notes: [
        `lineitem ${rows.toLocaleString('en-US')} rows (${ctx.lineitemPath}), the ${COLUMNS.length} columns Q1 and Q6 read, cached by each engine; Flint at ${ctx.spark.conf.get('spark.master', 'local[*]')}`,
        'the loops read the cached batches: decimals through 32-bit word views as exact Numbers, sums in doubles',
      ],
    };
  },
};
