// GenerateExec: explode / posexplode / inline (and their _outer forms) of arrays and maps, stack, and
// replicate_rows (INTERSECT ALL / EXCEPT ALL); each input
// row is repeated once per generated row, with the generated columns appended.

import { FlintError, getValue, vectorFromValues, type Batch, type MapValue, type Value } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { gather, type Store } from '../eval/vectors.js';
import type { TaskContext } from './task-context.js';
import { jsonTupleRow } from '../functions/json.js';

type Node = Extract<PhysicalPlan, { kind: 'GenerateExec' }>;

const GENERATORS = new Set(['explode', 'posexplode', 'inline', 'stack', 'replicate_rows', 'json_tuple']);

export async function* generateExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const g = node.generator;
  if (g.kind !== 'ScalarFunction')
    throw new FlintError('UNSUPPORTED_GENERATOR.NOT_GENERATOR', `${g.kind} is not a generator`, {});
  const name = g.name.replace(/_outer$/, '');
  const outer = node.outer || g.name.endsWith('_outer');
  if (g.args.length === 0 || !GENERATORS.has(name)) {
    throw new FlintError('UNSUPPORTED_GENERATOR.NOT_GENERATOR', `generator ${g.name} is not supported`, {});
  }
  const argEvals = g.args.map((a) => compileExpression(a, childOutput, tc.eval));
  const width = node.generatorOutput.length;
  for await (const b of input) {
    const vs = argEvals.map((f) => f(b));
    const v = vs[0]!;
    const vals = v.values as unknown as Store;
    const rowIdx: number[] = [];
    const gen: Value[][] = Array.from({ length: width }, () => []);
    const emit = (i: number, row: readonly Value[]): void => {
      rowIdx.push(i);
      for (let c = 0; c < width; c++) gen[c]!.push(row[c] ?? null);
    };
    const emitNulls = (i: number): void => emit(i, []);
    for (let i = 0; i < b.numRows; i++) {
      if (name === 'stack') {
        const rows = Math.max(1, Number(getValue(v, i)));
        const values = vs.slice(1);
        for (let r = 0; r < rows; r++)
          emit(
            i,
            Array.from({ length: width }, (_, c) => {
              const a = values[r * width + c];
              return a === undefined ? null : getValue(a, i);
            }),
          );
        continue;
      }
      if (name === 'json_tuple') {
        emit(
          i,
          jsonTupleRow(
            getValue(v, i),
            vs.slice(1).map((a) => getValue(a, i)),
          ),
        );
        continue;
      }
      if (name === 'replicate_rows') {
        const times = Number(getValue(v, i) ?? 0);
        const row = vs.slice(1).map((a) => getValue(a, i));
        for (let r = 0; r < times; r++) emit(i, row);
        continue;
      }
      const isNull = v.type.kind === 'null' || (v.nulls !== null && v.nulls[i] === 1);
      if (isNull) {
        if (outer) emitNulls(i);
        continue;
      }
      const x = vals[i] as Value;
      if (v.type.kind === 'map') {
        const m = x as MapValue;
        if (m.keys.length === 0 && outer) emitNulls(i);
        m.keys.forEach((k, j) =>
          emit(i, name === 'posexplode' ? [j, k, m.values[j] ?? null] : [k, m.values[j] ?? null]),
        );
      } else {
        const a = x as readonly Value[];
        if (a.length === 0 && outer) emitNulls(i);
        a.forEach((e, j) => {
          if (name === 'inline') emit(i, e === null ? [] : (e as readonly Value[]));
          else if (name === 'posexplode') emit(i, [j, e]);
          else emit(i, [e]);
        });
      }
    }
    if (rowIdx.length === 0) continue;
    const cols = b.columns.map((c) => gather(c, rowIdx));
    node.generatorOutput.forEach((a, c) => cols.push(vectorFromValues(a.dataType, gen[c]!)));
    yield { numRows: rowIdx.length, columns: cols };
  }
}
