// Small builders for hand-made plans and expressions in the executor's unit tests.

import {
  batchToRows,
  T,
  vectorFromValues,
  type Batch,
  type DataType,
  type Value,
  type Vector,
} from '@flint/common';
import type { AttributeRef, ComparisonOp, Expr, PhysicalPlan, SortOrder } from '@flint/planner';
import type { EvalContext } from './functions/kernel.js';
import { executeCollect } from './scheduler.js';
import { compileExpression } from './eval/compile.js';

export const testCtx: EvalContext = {
  timeZone: 'UTC',
  ansi: true,
  queryStartMicros: 0n,
  // Unit tests run on the calling thread (module mocks do not reach pool workers).
  conf: new Map([['spark.master', 'local[1]']]),
};

export function attr(id: number, name: string, dataType: DataType, nullable = true): AttributeRef {
  return { kind: 'AttributeReference', id, name, dataType, nullable, qualifier: [] };
}

export function lit(value: Value, dataType: DataType): Expr {
  return { kind: 'Literal', value, dataType };
}

export function alias(child: Expr, name: string, id: number): Extract<Expr, { kind: 'Alias' }> {
  return { kind: 'Alias', child, name, id };
}

export function asc(child: Expr, nullsLast = false): SortOrder {
  return {
    kind: 'SortOrder',
    child,
    direction: 'Ascending',
    nullOrdering: nullsLast ? 'NullsLast' : 'NullsFirst',
  };
}

export function desc(child: Expr, nullsFirst = false): SortOrder {
  return {
    kind: 'SortOrder',
    child,
    direction: 'Descending',
    nullOrdering: nullsFirst ? 'NullsFirst' : 'NullsLast',
  };
}

export function table(output: readonly AttributeRef[], rows: readonly (readonly Value[])[]): PhysicalPlan {
  return { kind: 'LocalTableScan', output, rows };
}

export async function rowsOf(plan: PhysicalPlan, ctx: EvalContext = testCtx): Promise<Value[][]> {
  return (await executeCollect(plan, ctx)).flatMap((b: Batch) => batchToRows(b));
}

/** Evaluates `e` over rows of the given attributes, returning one value per row. */
export function evalRows(
  e: Expr,
  input: readonly AttributeRef[],
  rows: readonly (readonly Value[])[],
  ctx: EvalContext = testCtx,
): Value[] {
  const batch: Batch =
    input.length === 0
      ? { numRows: Math.max(1, rows.length), columns: [] }
      : {
          numRows: rows.length,
          columns: input.map((a, c) =>
            vectorFromValues(
              a.dataType,
              rows.map((r) => r[c] ?? null),
            ),
          ),
        };
  const v = compileExpression(e, input, ctx)(batch);
  return batchToRows({ numRows: batch.numRows, columns: [v] }).map((r) => r[0] ?? null);
}

/** Whether `x op y` holds, given the sign of the comparison of x with y (the tests' reference). */
export function comparisonHolds(op: ComparisonOp, sign: number): boolean {
  switch (op) {
    case 'EqualTo':
    case 'EqualNullSafe':
      return sign === 0;
    case 'LessThan':
      return sign < 0;
    case 'LessThanOrEqual':
      return sign <= 0;
    case 'GreaterThan':
      return sign > 0;
    case 'GreaterThanOrEqual':
      return sign >= 0;
  }
}

/**
 * A string column as a dictionary whose strings must not be made: reading `values` throws. NULL rows
 * may hold any code.
 */
export function undecodedDictionary(
  dictionary: string[],
  codes: number[],
  nulls: number[] | null = null,
): Vector {
  return {
    type: T.string,
    length: codes.length,
    nulls: nulls === null ? null : Uint8Array.from(nulls),
    dictionary: { values: dictionary, codes: Int32Array.from(codes) },
    get values(): string[] {
      throw new Error('decoded');
    },
  };
}
