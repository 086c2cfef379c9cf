// Minimal sum/count aggregates for operator tests, so they do not depend on the function library.

import { vectorFromValues, type Value, type Vector } from '@flint/common';
import type { AggregateImpl, AggregateState } from '../functions/kernel.js';

function longState(
  step: (acc: bigint | null, v: Value) => bigint | null,
  init: bigint | null,
  countMode: boolean,
): AggregateState {
  const acc: (bigint | null)[] = [];
  const get = (g: number): bigint | null => (g < acc.length ? acc[g]! : init);
  return {
    update(ids, args, n, mask) {
      const a = args[0];
      for (let i = 0; i < n; i++) {
        if (mask !== null && mask[i] === 0) continue;
        const g = ids[i]!;
        while (acc.length <= g) acc.push(init);
        const v: Value =
          a === undefined
            ? 1
            : a.nulls !== null && a.nulls[i] === 1
              ? null
              : ((a.values as ArrayLike<Value>)[i] ?? null);
        if (v === null && !(countMode && a === undefined)) continue;
        acc[g] = step(get(g), v);
      }
    },
    merge(ids, buffers, n) {
      const b = buffers[0]!;
      for (let i = 0; i < n; i++) {
        const g = ids[i]!;
        while (acc.length <= g) acc.push(init);
        if (b.nulls !== null && b.nulls[i] === 1) continue;
        const v = (b.values as BigInt64Array)[i]!;
        const cur = get(g);
        acc[g] = cur === null ? v : cur + v;
      }
    },
    buffers(numGroups): Vector[] {
      return [
        vectorFromValues(
          { kind: 'long' },
          Array.from({ length: numGroups }, (_, g) => get(g)),
        ),
      ];
    },
    evaluate(numGroups): Vector {
      return vectorFromValues(
        { kind: 'long' },
        Array.from({ length: numGroups }, (_, g) => get(g)),
      );
    },
  };
}

export const mockAggregates: Record<string, AggregateImpl> = {
  sum: { createState: () => longState((acc, v) => (acc ?? 0n) + BigInt(v as number | bigint), null, false) },
  count: { createState: () => longState((acc) => (acc ?? 0n) + 1n, 0n, true) },
};
