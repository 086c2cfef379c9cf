// Kernel of randstr(length, seed): Spark's ExpressionImplUtils.randStr over XORShiftRandom(seed +
// partition index), one generator per expression and partition, continued across batches.

import type { Vector } from '@flint/common';
import type { ScalarFunctionExpr, ScalarKernel } from './kernel.js';
import { xorShiftRandom, type XorShiftRandom } from './math-extra.js';

/** java.util.Random.next(32) of XORShiftRandom, as a signed int. */
function nextInt(r: XorShiftRandom): number {
  let s = r.seed;
  s = BigInt.asIntN(64, s ^ (s << 21n));
  s ^= BigInt.asUintN(64, s) >> 35n;
  s = BigInt.asIntN(64, s ^ (s << 4n));
  r.seed = s;
  return Number(BigInt.asIntN(32, s & 0xffffffffn));
}

const CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const generators = new WeakMap<ScalarFunctionExpr, Map<number, XorShiftRandom>>();

const randstrKernel: ScalarKernel = (_args, e, ctx, n): Vector => {
  const partition = ctx.partitionIndex ?? 0;
  let byPart = generators.get(e);
  if (byPart === undefined) {
    byPart = new Map();
    generators.set(e, byPart);
  }
  let r = byPart.get(partition);
  if (r === undefined) {
    const seed = e.options?.['seed'];
    r = xorShiftRandom(BigInt(typeof seed === 'bigint' || typeof seed === 'number' ? seed : 0) + BigInt(partition));
    byPart.set(partition, r);
  }
  const len = Number(e.options?.['length'] ?? 0);
  const out: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let s = '';
    // Java's % keeps the dividend's sign; Math.abs then folds it.
    for (let j = 0; j < len; j++) s += CHARS[Math.abs(nextInt(r) % 62)];
    out[i] = s;
  }
  return { type: { kind: 'string' }, length: n, values: out, nulls: null };
};

export const randstrKernels: Record<string, ScalarKernel> = { randstr: randstrKernel };
