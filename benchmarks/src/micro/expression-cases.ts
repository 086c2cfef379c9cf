// Expression kernels: Flint's compiled evaluator (`compileExpression` from @flint/exec) over one large
// batch, against a hand-written loop over the same typed arrays computing the same vector.

import { type Vector, simpleString } from '@flint/common';
import { type EvalContext, compileExpression } from '@flint/exec';
import type { CaseGroup, MicroCase, MicroContext, PreparedGroup } from './case.js';
import { type Column, batchOf, expressionColumns, memoryDataFrame } from './data.js';

const DAY_1995_03_15 = 9204;

/** Sum of a decimal vector's unscaled values, whatever its storage (BigInt64Array or bigint[]). */
function unscaledSum(v: Vector): string {
  let sum = 0n;
  const values = v.values as ArrayLike<bigint>;
  for (let i = 0; i < v.length; i++) if (v.nulls === null || v.nulls[i] === 0) sum += values[i]!;
  return `sum(unscaled)=${sum}`;
}

function doubleSum(values: ArrayLike<number>, n: number): string {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  return `sum=${sum}`;
}

function trueCount(mask: ArrayLike<number>, nulls: Uint8Array | null, n: number): string {
  let count = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 1 && (nulls === null || nulls[i] === 0)) count++;
  return `true=${count}`;
}

function flintVector(output: unknown): Vector {
  return output as Vector;
}

export const expressionGroup: CaseGroup = {
  name: 'expression',
  caseNames: [
    'decimal price * (1 - discount)',
    'double a * b + c',
    'date shipdate < 1995-03-15',
    "string LIKE '%special%requests%'",
  ],
  prepare: (ctx: MicroContext): Promise<PreparedGroup> => {
    const n = ctx.sizes.rows;
    const columns = expressionColumns(n);
    const byName = (name: string): Column['values'] => columns.find((c) => c.name === name)!.values;
    const df = memoryDataFrame(ctx.spark, columns, n);
    const batch = batchOf(columns, n);
    const evalContext: EvalContext = {
      timeZone: ctx.spark.conf.get('spark.sql.session.timeZone', 'UTC'),
      ansi: ctx.spark.conf.get('spark.sql.ansi.enabled', 'true') === 'true',
      queryStartMicros: BigInt(Date.now()) * 1000n,
      conf: new Map(),
    };
    const resultTypes: string[] = [];
    // The analyzer types the expression (decimal precision, casts) exactly as a query would.
    const evaluator = (sql: string): (() => Vector) => {
      const projected = df.selectExpr(`${sql} AS r`);
      resultTypes.push(`${sql}: ${simpleString(projected.schema.fields[0]!.dataType)}`);
      const plan = projected.plan;
      if (plan.kind !== 'Project') throw new Error(`expected a Project for ${sql}, got ${plan.kind}`);
      const evaluate = compileExpression(plan.projectList[0]!, df.output, evalContext);
      return () => evaluate(batch);
    };
    const price = byName('price') as BigInt64Array;
    const discount = byName('discount') as BigInt64Array;
    const a = byName('a') as Float64Array;
    const b = byName('b') as Float64Array;
    const c = byName('c') as Float64Array;
    const shipdate = byName('shipdate') as Int32Array;
    const comment = byName('comment') as string[];

    const cases: MicroCase[] = [
      {
        group: 'expression',
        name: 'decimal price * (1 - discount)',
        unit: 'rows',
        amount: n,
        variants: [
          {
            engine: 'flint',
            label: 'compileExpression',
            run: evaluator('price * (1 - discount)'),
            check: (out) => unscaledSum(flintVector(out)),
          },
          {
            engine: 'js',
            label: 'int64 words as doubles',
            // Unscaled price (cents) times (100 - discount cents): exact in a double at these magnitudes.
            run: () => {
              const pw = new Int32Array(price.buffer, price.byteOffset, n * 2);
              const dw = new Int32Array(discount.buffer, discount.byteOffset, n * 2);
              const out = new Float64Array(n);
              for (let i = 0; i < n; i++) {
                const p = pw[2 * i + 1]! * 4294967296 + (pw[2 * i]! >>> 0);
                const d = dw[2 * i + 1]! * 4294967296 + (dw[2 * i]! >>> 0);
                out[i] = p * (100 - d);
              }
              return out;
            },
            check: (out) => {
              const values = out as Float64Array;
              let sum = 0; // exact: every partial sum stays below 2^53
              for (let i = 0; i < n; i++) sum += values[i]!;
              return `sum(unscaled)=${BigInt(sum)}`;
            },
          },
        ],
      },
      {
        group: 'expression',
        name: 'double a * b + c',
        unit: 'rows',
        amount: n,
        variants: [
          {
            engine: 'flint',
            label: 'compileExpression',
            run: evaluator('a * b + c'),
            check: (out) => doubleSum(flintVector(out).values as Float64Array, n),
          },
          {
            engine: 'js',
            label: 'Float64Array loop',
            run: () => {
              const out = new Float64Array(n);
              for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]! + c[i]!;
              return out;
            },
            check: (out) => doubleSum(out as Float64Array, n),
          },
        ],
      },
      {
        group: 'expression',
        name: 'date shipdate < 1995-03-15',
        unit: 'rows',
        amount: n,
        variants: [
          {
            engine: 'flint',
            label: 'compileExpression',
            run: evaluator("shipdate < DATE '1995-03-15'"),
            check: (out) => {
              const v = flintVector(out);
              return trueCount(v.values as Uint8Array, v.nulls, n);
            },
          },
          {
            engine: 'js',
            label: 'Int32Array loop',
            run: () => {
              const mask = new Uint8Array(n);
              for (let i = 0; i < n; i++) mask[i] = shipdate[i]! < DAY_1995_03_15 ? 1 : 0;
              return mask;
            },
            check: (out) => trueCount(out as Uint8Array, null, n),
          },
        ],
      },
      {
        group: 'expression',
        name: "string LIKE '%special%requests%'",
        unit: 'rows',
        amount: n,
        variants: [
          {
            engine: 'flint',
            label: 'compileExpression',
            run: evaluator("comment LIKE '%special%requests%'"),
            check: (out) => {
              const v = flintVector(out);
              return trueCount(v.values as Uint8Array, v.nulls, n);
            },
          },
          {
            engine: 'js',
            label: 'indexOf loop',
            run: () => {
              const mask = new Uint8Array(n);
              for (let i = 0; i < n; i++) {
                const s = comment[i]!;
                const at = s.indexOf('special');
                mask[i] = at >= 0 && s.indexOf('requests', at + 7) >= 0 ? 1 : 0;
              }
              return mask;
            },
            check: (out) => trueCount(out as Uint8Array, null, n),
          },
        ],
      },
    ];
    return Promise.resolve({
      cases,
      notes: [
        `one batch of ${n.toLocaleString('en-US')} rows, no nulls; the hand loops write a new typed array as Flint does`,
        `Flint result types: ${resultTypes.join('; ')}`,
      ],
    });
  },
};
