// Kernel of randstr(length, seed): Spark's ExpressionImplUtils.randStr over XORShiftRandom(seed +
// partition index), one generator per expression and partition, continued across batches.

import type { Vector } from '@flint/common';
import type { ScalarKernel } from './kernel.js';
import { generatorFor, nextInt, type GeneratorCache } from './math-extra.js';

const CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const generators: GeneratorCache = new WeakMap();

const randstrKernel: ScalarKernel = (_args, e, ctx, n): Vector => {
  const r = generatorFor(generators, e, ctx.partitionIndex ?? 0);
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
