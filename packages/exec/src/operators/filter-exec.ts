// FilterExec: keeps the rows where the condition is TRUE (NULL and FALSE drop the row).

import type { Batch } from '@flint/common';
import { splitConjuncts, type AttributeRef, type Expr, type PhysicalPlan } from '@flint/planner';
import { compileExpression, referencedPositions, type Evaluator } from '../eval/compile.js';
import { gatherBatch, gatherColumns } from '../eval/vectors.js';
import type { EvalContext } from '../functions/kernel.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'FilterExec' }>;

interface Conjunct {
  readonly evaluate: Evaluator;
  /** The input columns the conjunct reads (null: all), the only ones gathered for it. */
  readonly positions: readonly number[] | null;
}

/** A selection (ascending row indexes) evaluator for `condition`, conjunct by conjunct. */
export function compileSelection(
  condition: Expr,
  input: readonly AttributeRef[],
  ctx: EvalContext,
): (b: Batch) => Int32Array | null {
  const conjuncts: Conjunct[] = splitConjuncts(condition).map((c) => ({
    evaluate: compileExpression(c, input, ctx),
    positions: referencedPositions(c, input),
  }));
  return (b) => selectRows(conjuncts, b);
}

/**
 * Evaluates each conjunct on the rows the earlier ones did not reject, so a selective first conjunct
 * makes the rest cheap. As Spark's AND, a conjunct still runs on rows where an earlier one was NULL
 * (it may raise there); those rows are dropped at the end. Null means every row is kept.
 */
function selectRows(conjuncts: readonly Conjunct[], b: Batch): Int32Array | null {
  const n = b.numRows;
  let sel: Int32Array | null = null;
  let count = n;
  let dead: Uint8Array | null = null;
  for (const c of conjuncts) {
    if (count === 0) break;
    const sub = sel === null ? b : gatherColumns(b, sel, c.positions, count);
    const v = c.evaluate(sub);
    const vals = v.values as Uint8Array;
    const nulls = v.type.kind === 'null' ? null : v.nulls;
    const allNull = v.type.kind === 'null';
    const next = new Int32Array(count);
    let k = 0;
    for (let i = 0; i < count; i++) {
      const row = sel === null ? i : sel[i]!;
      if (allNull || (nulls !== null && nulls[i] === 1)) {
        dead ??= new Uint8Array(n);
        dead[row] = 1;
        next[k++] = row;
      } else if (vals[i] === 1) next[k++] = row;
    }
    if (k === n && dead === null) continue;
    sel = next.subarray(0, k);
    count = k;
  }
  if (dead !== null && sel !== null) {
    let k = 0;
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) if (dead[sel[i]!] !== 1) out[k++] = sel[i]!;
    return out.subarray(0, k);
  }
  if (dead !== null) {
    const out = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) if (dead[i] !== 1) out[k++] = i;
    return out.subarray(0, k);
  }
  return sel;
}

export async function* filterExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const select = compileSelection(node.condition, childOutput, tc.eval);
  for await (const b of input) {
    const sel = select(b);
    if (sel === null || sel.length === b.numRows) yield b;
    else if (sel.length > 0) yield gatherBatch(b, sel);
  }
}
