// The built-in function registries of the executor: scalar kernels by ScalarFunction name and
// aggregate implementations by AggregateExpression name, combined from the per-group tables.

import type { AggregateImpl, ScalarKernel } from './kernel.js';
import { stringKernels } from './string.js';
import { datetimeKernels } from './datetime.js';
import { conditionalKernels } from './conditional.js';
import { mathKernels } from './math.js';
import { collectionKernels } from './collection.js';
import { miscKernels } from './misc.js';
import { aggregateImpls } from './aggregates.js';
import { likeQuantifiedKernels } from './like-quantified.js';
import { jsonKernels } from './json.js';
import { toNumberKernels } from './to-number.js';
import { tryMakeTimestampKernels } from './try-make-timestamp.js';
import { randstrKernels } from './randstr.js';
import { intervalArithmeticKernels } from './interval-arithmetic.js';
import { timeKernels } from './time.js';

let kernels: Map<string, ScalarKernel> | null = null;

function getKernels(): Map<string, ScalarKernel> {
  if (kernels !== null) return kernels;
  const m = new Map<string, ScalarKernel>();
  for (const table of [
    conditionalKernels,
    mathKernels,
    collectionKernels,
    miscKernels,
    stringKernels,
    datetimeKernels,
    likeQuantifiedKernels,
    jsonKernels,
    toNumberKernels,
    tryMakeTimestampKernels,
    randstrKernels,
    intervalArithmeticKernels,
    timeKernels,
  ]) {
    for (const [name, k] of Object.entries(table)) if (!m.has(name)) m.set(name, k);
  }
  kernels = m;
  return m;
}

export function lookupScalarKernel(name: string): ScalarKernel | undefined {
  return getKernels().get(name);
}

export function lookupAggregate(name: string): AggregateImpl | undefined {
  return Object.prototype.hasOwnProperty.call(aggregateImpls, name) ? aggregateImpls[name] : undefined;
}

export type * from './kernel.js';
