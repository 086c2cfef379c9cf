// Kernels of the built-in miscellaneous functions (hash, xxhash64, typeof, uuid, ids, constants),
// keyed by ScalarFunction name.

import { randomUUID } from 'node:crypto';
import { FlintError, type DataType, type Value, type Vector } from '@flint/common';
import { hashValue } from '../operators/murmur3.js';
import { broadcast, store } from '../eval/vectors.js';
import type { ScalarFunctionExpr, ScalarKernel } from './kernel.js';
import { xxhash64Value } from './misc-xxhash64.js';

/** A row's value as the hash functions see it (booleans are stored as 0/1). */
function valueAt(v: Vector, i: number): Value {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  return store(v)[i] as Value;
}

/** hash(...): Murmur3 x86_32 folded over the arguments from seed 42, skipping NULLs (HashExpression). */
const hashKernel: ScalarKernel = (args, e, _c, n) => {
  const seed0 = typeof e.options?.['seed'] === 'number' ? (e.options['seed'] as number) : 42;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = seed0;
    for (const a of args) {
      const x = valueAt(a, i);
      if (x !== null) h = hashValue(a.type, x, h);
    }
    out[i] = h;
  }
  return { type: { kind: 'integer' }, length: n, values: out, nulls: null };
};

const xxhash64Kernel: ScalarKernel = (args, e, _c, n) => {
  const s = e.options?.['seed'];
  const seed0 = typeof s === 'number' || typeof s === 'bigint' ? BigInt(s) : 42n;
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    let h = seed0;
    for (const a of args) {
      const x = valueAt(a, i);
      if (x !== null) h = xxhash64Value(a.type, x, h);
    }
    out[i] = h;
  }
  return { type: { kind: 'long' }, length: n, values: out, nulls: null };
};

const STRING: DataType = { kind: 'string' };

/** The string in options.value on every row (typeof, current_database, version...). */
const constantStringKernel: ScalarKernel = (_a, e, _c, n) => {
  const v = e.options?.['value'];
  return broadcast(STRING, typeof v === 'string' ? v : '', n);
};

const uuidKernel: ScalarKernel = (_a, _e, _c, n) => {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = randomUUID();
  return { type: STRING, length: n, values: out, nulls: null };
};

// Rows already numbered per expression and partition, so ids keep growing across batches.
const rowCounters = new WeakMap<ScalarFunctionExpr, Map<number, number>>();

/** monotonically_increasing_id: partition index in the upper 31 bits, row number in the lower 33. */
const monotonicIdKernel: ScalarKernel = (_a, e, ctx, n) => {
  const partition = ctx.partitionIndex ?? 0;
  let byPart = rowCounters.get(e);
  if (byPart === undefined) {
    byPart = new Map();
    rowCounters.set(e, byPart);
  }
  const start = byPart.get(partition) ?? 0;
  byPart.set(partition, start + n);
  const base = BigInt(partition) << 33n;
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = base + BigInt(start + i);
  return { type: { kind: 'long' }, length: n, values: out, nulls: null };
};

const partitionIdKernel: ScalarKernel = (_a, _e, ctx, n) => ({
  type: { kind: 'integer' },
  length: n,
  values: new Int32Array(n).fill(ctx.partitionIndex ?? 0),
  nulls: null,
});

/**
 * grouping()/grouping_id() left by the analyzer outside GROUPING SETS / CUBE / ROLLUP: Spark rejects
 * them at analysis; this is the fallback when the analyzer does not.
 */
const groupingOutsideSets: ScalarKernel = () => {
  throw new FlintError(
    'UNSUPPORTED_GROUPING_EXPRESSION',
    '[UNSUPPORTED_GROUPING_EXPRESSION] grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup. SQLSTATE: 42K0E',
    {},
    null,
    '42K0E',
  );
};

export const miscKernels: Record<string, ScalarKernel> = {
  hash: hashKernel,
  xxhash64: xxhash64Kernel,
  typeof: constantStringKernel,
  current_database: constantStringKernel,
  current_catalog: constantStringKernel,
  current_user: constantStringKernel,
  version: constantStringKernel,
  input_file_name: (_a, _e, ctx, n) => broadcast(STRING, ctx.inputFile?.name ?? '', n),
  uuid: uuidKernel,
  monotonically_increasing_id: monotonicIdKernel,
  spark_partition_id: partitionIdKernel,
  grouping: groupingOutsideSets,
  grouping_id: groupingOutsideSets,
};
