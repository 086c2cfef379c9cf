// dbgen's weighted distributions: a pick draws one value in [0, total weight) and maps it to the member
// whose cumulative weight covers it.

import type { RowRandom } from './random.js';
import { DISTRIBUTION_COUNT, DISTRIBUTION_TEXT } from './distributions-data.js';

export interface Distribution {
  readonly name: string;
  readonly values: readonly string[];
  /** Running sums of the weights, per member (for `nations`, the region key). */
  readonly cumulativeWeights: readonly number[];
  /** Member index for every weight slot; empty when a weight is not positive (nations). */
  readonly slotToIndex: Int32Array;
}

function parse(name: string): Distribution {
  const text = DISTRIBUTION_TEXT[name];
  if (text === undefined) throw new Error(`unknown distribution ${name}`);
  const values: string[] = [];
  const weights: number[] = [];
  for (const line of text.split('\n')) {
    const bar = line.lastIndexOf('|');
    values.push(line.slice(0, bar));
    weights.push(Number(line.slice(bar + 1)));
  }
  if (values.length !== DISTRIBUTION_COUNT[name]) throw new Error(`distribution ${name}: wrong member count`);
  const cumulativeWeights: number[] = [];
  let running = 0;
  for (const w of weights) cumulativeWeights.push((running += w));
  const valid = weights.every((w) => w > 0);
  const slotToIndex = new Int32Array(valid ? running : 0);
  if (valid) {
    let slot = 0;
    weights.forEach((w, i) => slotToIndex.fill(i, slot, (slot += w)));
  }
  return { name, values, cumulativeWeights, slotToIndex };
}

const cache = new Map<string, Distribution>();

export function distribution(name: string): Distribution {
  let d = cache.get(name);
  if (d === undefined) cache.set(name, (d = parse(name)));
  return d;
}

/** Index of a random member of `d` drawn from `random` (one seed). */
export function pickIndex(d: Distribution, random: RowRandom): number {
  return d.slotToIndex[random.nextInt(0, d.slotToIndex.length - 1)]!;
}
