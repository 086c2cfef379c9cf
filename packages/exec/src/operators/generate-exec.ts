// GenerateExec: explode / posexplode / inline (and their _outer forms) of arrays and maps; each input
// row is repeated once per generated row, with the generated columns appended.

import { FlintError, vectorFromValues, type Batch, type MapValue, type Value } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { gather, type Store } from '../eval/vectors.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'GenerateExec' }>;

export async function* generateExec(node: Node, childOutput: readonly AttributeRef[], input: AsyncIterable<Batch>, tc: TaskContext): AsyncIterable<Batch> {
  const g = node.generator;
  if (g.kind !== 'ScalarFunction') throw new FlintError('UNSUPPORTED_GENERATOR.NOT_GENERATOR', `${g.kind} is not a generator`, {});
  const name = g.name.replace(/_outer$/, '');
  const outer = node.outer || g.name.endsWith('_outer');
  const arg = g.args[0];
  if (arg === undefined || (name !== 'explode' && name !== 'posexplode' && name !== 'inline')) {
    throw new FlintError('UNSUPPORTED_GENERATOR.NOT_GENERATOR', `generator ${g.name} is not supported`, {});
  }
  const argEval = compileExpression(arg, childOutput, tc.eval);
  const width = node.generatorOutput.length;
  for await (const b of input) {
    const v = argEval(b);
    const vals = v.values as unknown as Store;
    const rowIdx: number[] = [];
    const gen: Value[][] = Array.from({ length: width }, () => []);
    const emitNulls = (i: number): void => {
      rowIdx.push(i);
      for (let c = 0; c < width; c++) gen[c]!.push(null);
    };
    for (let i = 0; i < b.numRows; i++) {
      const isNull = v.type.kind === 'null' || (v.nulls !== null && v.nulls[i] === 1);
      if (isNull) {
        if (outer) emitNulls(i);
        continue;
      }
      const x = vals[i] as Value;
      if (v.type.kind === 'map') {
        const m = x as MapValue;
        if (m.keys.length === 0 && outer) emitNulls(i);
        m.keys.forEach((k, j) => {
          rowIdx.push(i);
          const row: Value[] = name === 'posexplode' ? [j, k, m.values[j] ?? null] : [k, m.values[j] ?? null];
          row.forEach((r, c) => gen[c]!.push(r));
        });
      } else {
        const a = x as readonly Value[];
        if (a.length === 0 && outer) emitNulls(i);
        a.forEach((e, j) => {
          rowIdx.push(i);
          let row: Value[];
          if (name === 'inline') row = e === null ? new Array<Value>(width).fill(null) : [...(e as readonly Value[])];
          else if (name === 'posexplode') row = [j, e];
          else row = [e];
          for (let c = 0; c < width; c++) gen[c]!.push(row[c] ?? null);
        });
      }
    }
    if (rowIdx.length === 0) continue;
    const cols = b.columns.map((c) => gather(c, rowIdx));
    node.generatorOutput.forEach((a, c) => cols.push(vectorFromValues(a.dataType, gen[c]!)));
    yield { numRows: rowIdx.length, columns: cols };
  }
}
