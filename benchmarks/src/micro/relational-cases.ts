// Hash aggregation, hash join and sort: Flint DataFrames over in-memory tables, against hand-written JS
// (Map and typed-array loops, built-in sorts) and DuckDB at one thread on the same rows.

import { type Batch, T } from '@flint/common';
import { type DataFrame, F } from 'flint';
import type { CaseGroup, MicroCase, MicroContext, PreparedGroup, Variant } from './case.js';
import {
  type AggregationData,
  aggregationColumns,
  aggregationData,
  joinData,
  memoryDataFrame,
  sortData,
} from './data.js';

/** Groups, total and largest group sum: equal totals with equal group counts and maxima mean equal work. */
function groupSummary(groups: number, sums: ArrayLike<number>): string {
  let total = 0;
  let max = -Infinity;
  for (let g = 0; g < groups; g++) {
    total += sums[g]!;
    if (sums[g]! > max) max = sums[g]!;
  }
  return `groups=${groups} sum=${total} max=${max}`;
}

/** The last column of Flint's output batches, concatenated. */
function lastColumn(batches: readonly Batch[]): number[] {
  const out: number[] = [];
  for (const b of batches) {
    const v = b.columns[b.columns.length - 1]!.values as ArrayLike<number>;
    for (let i = 0; i < b.numRows; i++) out.push(v[i]!);
  }
  return out;
}

function duckGroupSummary(row: readonly unknown[] | undefined): string {
  return `groups=${Number(row?.[0])} sum=${Number(row?.[1])} max=${Number(row?.[2])}`;
}

/** A long key's value as a Number, read from its two 32-bit words (exact below 2^53). */
function wordsOf(values: BigInt64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

// ---------------------------------------------------------------------------------------------------
// Hash aggregation

interface GroupSums {
  readonly groups: number;
  readonly sums: Float64Array;
}

function jsGroupByString(d: AggregationData): GroupSums {
  const ids = new Map<string, number>();
  const sums = new Float64Array(d.n);
  const { low, value } = d;
  for (let i = 0; i < d.n; i++) {
    const key = low[i]!;
    let g = ids.get(key);
    if (g === undefined) {
      g = ids.size;
      ids.set(key, g);
    }
    sums[g] = sums[g]! + value[i]!;
  }
  return { groups: ids.size, sums };
}

function jsGroupByLong(d: AggregationData): GroupSums {
  const ids = new Map<number, number>();
  const sums = new Float64Array(d.n);
  const words = wordsOf(d.high);
  const { value } = d;
  for (let i = 0; i < d.n; i++) {
    const key = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
    let g = ids.get(key);
    if (g === undefined) {
      g = ids.size;
      ids.set(key, g);
    }
    sums[g] = sums[g]! + value[i]!;
  }
  return { groups: ids.size, sums };
}

/** (string, int) keys: the string is numbered first, then the pair is packed into one Number key. */
function jsGroupByComposite(d: AggregationData): GroupSums {
  const stringIds = new Map<string, number>();
  const ids = new Map<number, number>();
  const sums = new Float64Array(d.n);
  const { low, mid, value } = d;
  for (let i = 0; i < d.n; i++) {
    const s = low[i]!;
    let sid = stringIds.get(s);
    if (sid === undefined) {
      sid = stringIds.size;
      stringIds.set(s, sid);
    }
    const key = sid * 4294967296 + (mid[i]! >>> 0);
    let g = ids.get(key);
    if (g === undefined) {
      g = ids.size;
      ids.set(key, g);
    }
    sums[g] = sums[g]! + value[i]!;
  }
  return { groups: ids.size, sums };
}

const AGG_CASES = [
  { name: 'low-cardinality string key', keys: ['low'], js: jsGroupByString },
  { name: 'high-cardinality long key', keys: ['high'], js: jsGroupByLong },
  { name: 'composite (string, int) key', keys: ['low', 'mid'], js: jsGroupByComposite },
] as const;

export const aggregateGroup: CaseGroup = {
  name: 'aggregate',
  caseNames: AGG_CASES.map((c) => c.name),
  prepare: async (ctx: MicroContext): Promise<PreparedGroup> => {
    const n = ctx.sizes.rows;
    const data = aggregationData(n);
    const columns = aggregationColumns(data);
    const df = memoryDataFrame(ctx.spark, columns, n);
    await ctx.duck?.loadTable('agg', columns, n);
    const cases: MicroCase[] = AGG_CASES.map((c) => {
      const grouped = df.groupBy(...c.keys).agg(F.sum('v').alias('s'));
      const variants: Variant[] = [
        {
          engine: 'flint',
          label: 'groupBy().agg(sum)',
          run: () => grouped.collectBatches(),
          check: (out) => {
            const sums = lastColumn(out as Batch[]);
            return groupSummary(sums.length, sums);
          },
        },
        {
          engine: 'js',
          label: 'Map + Float64Array',
          run: () => c.js(data),
          check: (out) => groupSummary((out as GroupSums).groups, (out as GroupSums).sums),
        },
      ];
      const duck = ctx.duck;
      if (duck !== null) {
        variants.push({
          engine: 'duckdb',
          label: 'SQL GROUP BY',
          run: () =>
            duck.rows(
              `SELECT count(*), sum(s), max(s) FROM (SELECT ${c.keys.join(', ')}, sum(v) AS s FROM agg GROUP BY ${c.keys.join(', ')})`,
            ),
          check: (out) => duckGroupSummary((out as unknown[][])[0]),
        });
      }
      return { group: 'aggregate', name: c.name, unit: 'rows', amount: n, variants };
    });
    return {
      cases,
      notes: [
        `${n.toLocaleString('en-US')} rows summing a double; keys: 100 strings, long in [0, ${Math.max(1, n >> 1).toLocaleString('en-US')}), (string, int in [0, 100))`,
        'Flint and DuckDB hand their result groups back to JS (Flint as batches, DuckDB summarised by an outer aggregate)',
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------------
// Hash join

interface JoinTotals {
  readonly count: number;
  readonly buildSum: number;
  readonly probeSum: number;
}

function joinSummary(t: JoinTotals): string {
  return `rows=${t.count} sum(build)=${t.buildSum} sum(probe)=${t.probeSum}`;
}

/** The name of the join operator in Flint's physical plan (e.g. BroadcastHashJoin). */
function joinStrategy(df: DataFrame): string {
  const plan = df.explainString();
  return /\b(\w*Join\w*)\b/.exec(plan)?.[1] ?? 'unknown';
}

export const joinGroup: CaseGroup = {
  name: 'join',
  caseNames: ['long key'],
  prepare: async (ctx: MicroContext): Promise<PreparedGroup> => {
    const { buildRows, rows: probeRows } = ctx.sizes;
    const d = joinData(buildRows, probeRows);
    const buildColumns = [
      { name: 'key', type: T.long, values: d.buildKey },
      { name: 'bv', type: T.double, values: d.buildValue },
    ];
    const probeColumns = [
      { name: 'key', type: T.long, values: d.probeKey },
      { name: 'pv', type: T.double, values: d.probeValue },
    ];
    const build = memoryDataFrame(ctx.spark, buildColumns, buildRows);
    const probe = memoryDataFrame(ctx.spark, probeColumns, probeRows);
    const joined = probe.join(build, 'key');
    const totals = joined.agg(F.count(F.lit(1)).alias('n'), F.sum('bv').alias('sb'), F.sum('pv').alias('sp'));
    await ctx.duck?.loadTable('build', buildColumns, buildRows);
    await ctx.duck?.loadTable('probe', probeColumns, probeRows);

    const variants: Variant[] = [
      {
        engine: 'flint',
        label: 'join(using key) + count, sums',
        run: () => totals.collectBatches(),
        check: (out) => {
          const b = (out as Batch[])[0]!;
          const at = (c: number): number => Number((b.columns[c]!.values as ArrayLike<number | bigint>)[0]);
          return joinSummary({ count: at(0), buildSum: at(1), probeSum: at(2) });
        },
      },
      {
        engine: 'js',
        label: 'Map build + probe loop',
        run: (): JoinTotals => {
          const index = new Map<number, number>();
          const bw = wordsOf(d.buildKey);
          for (let i = 0; i < buildRows; i++) index.set(bw[2 * i + 1]! * 4294967296 + (bw[2 * i]! >>> 0), i);
          const pw = wordsOf(d.probeKey);
          let count = 0;
          let buildSum = 0;
          let probeSum = 0;
          for (let i = 0; i < probeRows; i++) {
            const at = index.get(pw[2 * i + 1]! * 4294967296 + (pw[2 * i]! >>> 0));
            if (at === undefined) continue;
            count++;
            buildSum += d.buildValue[at]!;
            probeSum += d.probeValue[i]!;
          }
          return { count, buildSum, probeSum };
        },
        check: (out) => joinSummary(out as JoinTotals),
      },
    ];
    const duck = ctx.duck;
    if (duck !== null) {
      variants.push({
        engine: 'duckdb',
        label: 'SQL JOIN USING',
        run: () => duck.rows('SELECT count(*), sum(bv), sum(pv) FROM probe JOIN build USING (key)'),
        check: (out) => {
          const row = (out as unknown[][])[0];
          return joinSummary({
            count: Number(row?.[0]),
            buildSum: Number(row?.[1]),
            probeSum: Number(row?.[2]),
          });
        },
      });
    }
    return {
      cases: [
        {
          group: 'join',
          name: 'long key',
          unit: 'rows',
          amount: probeRows,
          variants,
        },
      ],
      notes: [
        `build ${buildRows.toLocaleString('en-US')} unique keys, probe ${probeRows.toLocaleString('en-US')} rows (about half match); rows/s counts probe rows`,
        `Flint plans the join as ${joinStrategy(joined)}`,
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------------
// Sort

function sortedSummary(n: number, at: (i: number) => unknown): string {
  const shown = [0, 1, 2, n - 1].filter((i) => i >= 0 && i < n).map((i) => String(at(i)));
  return `rows=${n} first,last=${shown.join(',')}`;
}

/** A sorted column out of Flint's batches, read at global row positions. */
function batchesReader(batches: readonly Batch[]): { n: number; at: (i: number) => unknown } {
  const n = batches.reduce((s, b) => s + b.numRows, 0);
  return {
    n,
    at: (i) => {
      for (const b of batches) {
        if (i < b.numRows) return (b.columns[0]!.values as ArrayLike<unknown>)[i];
        i -= b.numRows;
      }
      return undefined;
    },
  };
}

/** An order-sensitive fingerprint of a column's first rows, to prove no engine sorted the shared input in place. */
function orderFingerprint(values: ArrayLike<unknown>): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(values.length, 64); i++) parts.push(String(values[i]));
  return parts.join('|');
}

export const sortGroup: CaseGroup = {
  name: 'sort',
  caseNames: ['doubles', 'strings'],
  prepare: async (ctx: MicroContext): Promise<PreparedGroup> => {
    const n = ctx.sizes.rows;
    const { doubles, strings } = sortData(n);
    const inputs = [
      { name: 'doubles', column: { name: 'x', type: T.double, values: doubles }, table: 'sort_doubles' },
      { name: 'strings', column: { name: 'x', type: T.string, values: strings }, table: 'sort_strings' },
    ];
    const cases: MicroCase[] = [];
    for (const input of inputs) {
      const sorted = memoryDataFrame(ctx.spark, [input.column], n).orderBy('x');
      const before = orderFingerprint(input.column.values);
      await ctx.duck?.loadTable(input.table, [input.column], n);
      const variants: Variant[] = [
        {
          engine: 'flint',
          label: 'orderBy().collectBatches()',
          run: () => sorted.collectBatches(),
          check: (out) => {
            if (orderFingerprint(input.column.values) !== before)
              throw new Error('the input table was sorted in place');
            const r = batchesReader(out as Batch[]);
            return sortedSummary(r.n, r.at);
          },
        },
        input.column.type.kind === 'double'
          ? {
              engine: 'js',
              label: 'Float64Array.prototype.sort',
              run: () => Float64Array.from(doubles).sort(),
              check: (out) => sortedSummary(n, (i) => (out as Float64Array)[i]),
            }
          : {
              engine: 'js',
              label: 'Array.prototype.sort',
              run: () => strings.slice().sort(),
              check: (out) => sortedSummary(n, (i) => (out as string[])[i]),
            },
      ];
      const duck = ctx.duck;
      if (duck !== null) {
        const target = `${input.table}_sorted`;
        variants.push({
          engine: 'duckdb',
          label: 'CREATE TABLE AS ... ORDER BY',
          run: () =>
            duck.run(`CREATE OR REPLACE TEMP TABLE ${target} AS SELECT x FROM ${input.table} ORDER BY x`),
          // DuckDB keeps insertion order, so the table reads back sorted.
          check: async () => {
            const count = Number((await duck.rows(`SELECT count(*) FROM ${target}`))[0]?.[0]);
            const head = await duck.rows(`SELECT x FROM ${target} LIMIT 3`);
            const tail = await duck.rows(`SELECT x FROM ${target} OFFSET ${Math.max(0, count - 1)}`);
            const values = [...head.map((r) => r[0]), ...tail.map((r) => r[0])];
            return sortedSummary(count, (i) => (i < 3 ? values[i] : values[values.length - 1]));
          },
        });
      }
      cases.push({ group: 'sort', name: input.name, unit: 'rows', amount: n, variants });
    }
    return {
      cases,
      notes: [
        `${n.toLocaleString('en-US')} rows, ascending; every engine sorts all rows and keeps the result`,
      ],
    };
  },
};
