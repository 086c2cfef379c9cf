// NestedLoopJoin (BroadcastNestedLoopJoin / CartesianProduct): every pair is a candidate; the condition
// (if any) decides matches, for every join type.

import type { Batch } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { concatBatches, sliceBatch } from '../eval/vectors.js';
import { runJoin, type Pairs } from './join-core.js';
import { collectBatches, type TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'NestedLoopJoin' }>;

/** Stream rows per chunk, so that a chunk's pairs stay around a million. */
const PAIRS_PER_CHUNK = 1 << 20;

export async function* nestedLoopJoin(
  node: Node,
  leftOutput: readonly AttributeRef[],
  rightOutput: readonly AttributeRef[],
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const buildIsLeft = node.buildSide === 'BuildLeft';
  const buildOut = buildIsLeft ? leftOutput : rightOutput;
  const build = concatBatches(
    buildOut.map((a) => a.dataType),
    await collectBatches(buildIsLeft ? left : right, tc),
  );
  const m = build.numRows;
  const chunkRows = Math.max(1, Math.floor(PAIRS_PER_CHUNK / Math.max(1, m)));
  async function* chunked(src: AsyncIterable<Batch>): AsyncIterable<Batch> {
    for await (const b of src) {
      if (b.numRows <= chunkRows) yield b;
      else {
        for (let i = 0; i < b.numRows; i += chunkRows) {
          const end = Math.min(b.numRows, i + chunkRows);
          yield sliceBatch(b, i, end);
        }
      }
    }
  }
  const candidates = (s: Batch): Pairs => {
    const count = s.numRows * m;
    const si = new Int32Array(count);
    const bi = new Int32Array(count);
    let k = 0;
    for (let i = 0; i < s.numRows; i++) {
      for (let j = 0; j < m; j++) {
        si[k] = i;
        bi[k++] = j;
      }
    }
    return { stream: si, build: bi, count };
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
    chunked(buildIsLeft ? right : left),
    candidates,
    tc.eval,
  );
}
