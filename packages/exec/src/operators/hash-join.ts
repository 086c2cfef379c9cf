// HashJoin (BroadcastHashJoin / ShuffledHashJoin): equi-join on keys; NULL keys never match unless
// the key is null-safe (<=>); the extra condition filters candidate pairs.

import type { Batch } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { concatBatches } from '../eval/vectors.js';
import { runJoin, type Pairs } from './join-core.js';
import { encodeRowKey, hasNullKey } from './row-key.js';
import { collectBatches, type TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'HashJoin' }>;

export async function* hashJoin(
  node: Node,
  leftOutput: readonly AttributeRef[],
  rightOutput: readonly AttributeRef[],
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const ctx = tc.eval;
  const buildIsLeft = node.buildSide === 'BuildLeft';
  const buildOut = buildIsLeft ? leftOutput : rightOutput;
  const streamOut = buildIsLeft ? rightOutput : leftOutput;
  const buildKeys = (buildIsLeft ? node.leftKeys : node.rightKeys).map((k) =>
    compileExpression(k, buildOut, ctx),
  );
  const streamKeys = (buildIsLeft ? node.rightKeys : node.leftKeys).map((k) =>
    compileExpression(k, streamOut, ctx),
  );
  const build = concatBatches(
    buildOut.map((a) => a.dataType),
    await collectBatches(buildIsLeft ? left : right),
  );
  const table = new Map<string, number[]>();
  if (build.numRows > 0) {
    const keys = buildKeys.map((f) => f(build));
    for (let i = 0; i < build.numRows; i++) {
      if (hasNullKey(keys, node.nullSafe, i)) continue;
      const k = encodeRowKey(keys, i);
      const list = table.get(k);
      if (list === undefined) table.set(k, [i]);
      else list.push(i);
    }
  }
  const candidates = (s: Batch): Pairs => {
    const keys = streamKeys.map((f) => f(s));
    const si: number[] = [];
    const bi: number[] = [];
    for (let i = 0; i < s.numRows; i++) {
      if (hasNullKey(keys, node.nullSafe, i)) continue;
      const list = table.get(encodeRowKey(keys, i));
      if (list === undefined) continue;
      for (const j of list) {
        si.push(i);
        bi.push(j);
      }
    }
    return { stream: Int32Array.from(si), build: Int32Array.from(bi), count: si.length };
  };
  yield* runJoin(
    {
      joinType: node.joinType,
      buildSide: node.buildSide,
      condition: node.condition,
      leftOutput,
      rightOutput,
    },
    build,
    buildIsLeft ? right : left,
    candidates,
    ctx,
  );
}
