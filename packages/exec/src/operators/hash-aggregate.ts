// HashAggregate: groups rows by key (NULL is its own group) and runs the aggregate states.
// Partial: raw rows → grouping columns + aggregation buffers. Final: buffers → merged → result exprs.
// Complete: raw rows → result exprs. Without grouping keys there is always exactly one group.

import {
  InternalError,
  vectorFromValues,
  getValue,
  type Batch,
  type Value,
  type Vector,
} from '@flint/common';
import type { AttributeRef, Expr, PhysicalPlan } from '@flint/planner';
import { compileExpression, type Evaluator } from '../eval/compile.js';
import { selectionOf } from '../eval/vectors.js';
import { lookupAggregate } from '../functions/index.js';
import type { AggregateExpr, AggregateState } from '../functions/kernel.js';
import { toAttribute } from '../plan-output.js';
import { encodeRowKey } from './row-key.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'HashAggregate' }>;

interface AggSlot {
  readonly expr: AggregateExpr;
  readonly state: AggregateState;
  readonly args: readonly Evaluator[];
  readonly filter: Evaluator | null;
  /** Number of buffer columns this aggregate owns in partial output. */
  readonly bufferCount: number;
  /** DISTINCT (Complete mode): the (group, args) keys already fed. */
  readonly seen: Set<string> | null;
}

export function aggregateResultAttr(e: AggregateExpr): AttributeRef {
  return {
    kind: 'AttributeReference',
    id: e.resultId,
    name: e.name,
    dataType: e.dataType,
    nullable: e.nullable,
    qualifier: [],
  };
}

export async function* hashAggregate(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const ctx = tc.eval;
  const mergeInput = node.mode === 'Final';
  const keyEvals = node.groupingExprs.map((g) => compileExpression(g, childOutput, ctx));
  const keyAttrs = node.groupingExprs.map(toAttribute);
  const slots: AggSlot[] = node.aggregateExprs.map((e) => {
    const impl = lookupAggregate(e.name);
    if (impl === undefined) throw new InternalError(`no aggregate implementation for ${e.name}`);
    const state = impl.createState(e, ctx);
    return {
      expr: e,
      state,
      args: mergeInput ? [] : e.args.map((a) => compileExpression(a, childOutput, ctx)),
      filter: !mergeInput && e.filter !== null ? compileExpression(e.filter, childOutput, ctx) : null,
      bufferCount: state.buffers(0).length,
      seen: e.distinct && node.mode === 'Complete' ? new Set<string>() : null,
    };
  });
  // In Final mode the buffers follow the grouping columns in the child's output, aggregate by aggregate.
  const bufferStart: number[] = [];
  let pos = keyAttrs.length;
  for (const s of slots) {
    bufferStart.push(pos);
    pos += s.bufferCount;
  }

  const groups = new Map<string, number>();
  const keyValues: Value[][] = keyAttrs.map(() => []);
  let numGroups = 0;
  if (keyEvals.length === 0) {
    groups.set('', 0);
    numGroups = 1;
  }

  for await (const b of input) {
    const n = b.numRows;
    if (n === 0) continue;
    const ids = new Int32Array(n);
    if (keyEvals.length > 0) {
      const keys = keyEvals.map((f) => f(b));
      for (let i = 0; i < n; i++) {
        const k = encodeRowKey(keys, i);
        let g = groups.get(k);
        if (g === undefined) {
          g = numGroups++;
          groups.set(k, g);
          for (let c = 0; c < keys.length; c++) keyValues[c]!.push(getValue(keys[c]!, i));
        }
        ids[i] = g;
      }
    }
    slots.forEach((s, k) => {
      if (mergeInput) {
        const start = bufferStart[k]!;
        s.state.merge(ids, b.columns.slice(start, start + s.bufferCount), n);
        return;
      }
      const args = s.args.map((f) => f(b));
      let mask: Uint8Array | null = null;
      if (s.filter !== null) {
        mask = new Uint8Array(n);
        for (const i of selectionOf(s.filter(b), n)) mask[i] = 1;
      }
      if (s.seen !== null) {
        mask ??= new Uint8Array(n).fill(1);
        for (let i = 0; i < n; i++) {
          if (mask[i] === 0) continue;
          const key = `${ids[i]}\u0002${encodeRowKey(args, i)}`;
          if (s.seen.has(key)) mask[i] = 0;
          else s.seen.add(key);
        }
      }
      s.state.update(ids, args, n, mask);
    });
  }

  const keyCols: Vector[] = keyAttrs.map((a, c) => vectorFromValues(a.dataType, keyValues[c]!));
  if (node.mode === 'Partial') {
    const cols: Vector[] = [...keyCols];
    for (const s of slots) cols.push(...s.state.buffers(numGroups));
    yield { numRows: numGroups, columns: cols };
    return;
  }
  const results = slots.map((s) => s.state.evaluate(numGroups));
  const resultInput: AttributeRef[] = [...keyAttrs, ...node.aggregateExprs.map(aggregateResultAttr)];
  const batch: Batch = { numRows: numGroups, columns: [...keyCols, ...results] };
  const out = node.resultExprs.map((e: Expr) => compileExpression(e, resultInput, ctx)(batch));
  yield { numRows: numGroups, columns: out };
}
