// Kernels of the bit functions (bit_count, getbit, shifts), hypot, factorial, width_bucket and the
// seeded random generators rand/randn (Spark's XORShiftRandom, so that seeded values match Spark).

import { FlintError, type Vector } from '@flint/common';
import type { ScalarFunctionExpr, ScalarKernel } from './kernel.js';
import { mapRows } from './math-arith.js';

const LONG = { kind: 'long' } as const;
const INT = { kind: 'integer' } as const;

function popCount64(x: bigint): number {
  let v = BigInt.asUintN(64, x);
  let c = 0;
  while (v !== 0n) {
    v &= v - 1n;
    c++;
  }
  return c;
}

/** BitwiseCount: Long.bitCount of the (sign-extended) value; booleans count as 1/0. */
const bitCountKernel: ScalarKernel = (args, _e, _c, n) =>
  mapRows(args, INT, n, ([x]) => {
    if (args[0]!.type.kind === 'boolean') return x === 1 || x === true ? 1 : 0;
    return popCount64(BigInt(x as number | bigint));
  });

const BIT_SIZE: Record<string, number> = { byte: 8, short: 16, integer: 32, long: 64 };

function bitPositionRange(fn: string, pos: number, upper: number): FlintError {
  return new FlintError(
    'INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE',
    `[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) \`pos\` in \`${fn}\` is invalid: expects an integer value in [0, ${upper}), but got ${pos}. SQLSTATE: 22023`,
    { parameter: '`pos`', functionName: `\`${fn}\``, upper: String(upper), invalidValue: String(pos) },
    null,
    '22023',
  );
}

const getbitKernel: ScalarKernel = (args, e, _c, n) => {
  const size = BIT_SIZE[args[0]!.type.kind] ?? 64;
  const pn = e.options?.['prettyName'];
  const fn = typeof pn === 'string' ? pn : 'getbit';
  return mapRows(args, { kind: 'byte' }, n, ([x, p]) => {
    const pos = p as number;
    if (pos < 0 || pos >= size) throw bitPositionRange(fn, pos, size);
    return Number((BigInt(x as number | bigint) >> BigInt(pos)) & 1n);
  });
};

type Shift = 'left' | 'right' | 'rightUnsigned';

function shiftKernel(kind: Shift): ScalarKernel {
  return (args, _e, _c, n) => {
    const t = args[0]!.type;
    if (t.kind === 'long') {
      return mapRows(args, LONG, n, ([x, s]) => {
        const v = x as bigint;
        const k = BigInt((s as number) & 63);
        if (kind === 'left') return BigInt.asIntN(64, v << k);
        if (kind === 'right') return v >> k;
        return BigInt.asIntN(64, BigInt.asUintN(64, v) >> k);
      });
    }
    return mapRows(args, INT, n, ([x, s]) => {
      const v = x as number;
      const k = s as number;
      if (kind === 'left') return v << k;
      if (kind === 'right') return v >> k;
      return (v >>> k) | 0;
    });
  };
}

const factorialKernel: ScalarKernel = (args, _e, _c, n) =>
  mapRows(args, LONG, n, ([x]) => {
    const v = x as number;
    if (v < 0 || v > 20) return null;
    let r = 1n;
    for (let i = 2n; i <= BigInt(v); i++) r *= i;
    return r;
  });

/** WidthBucket.computeBucketNumber. */
export function widthBucket(value: number, min: number, max: number, numBucket: bigint): bigint | null {
  if (numBucket <= 0n || numBucket === 9223372036854775807n || Number.isNaN(value) || min === max)
    return null;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  const lower = Math.min(min, max);
  const upper = Math.max(min, max);
  const nb = Number(numBucket);
  if (min < max) {
    if (value < lower) return 0n;
    if (value >= upper) return numBucket + 1n;
    return BigInt(Math.trunc((nb * (value - lower)) / (upper - lower))) + 1n;
  }
  if (value > upper) return 0n;
  if (value <= lower) return numBucket + 1n;
  return BigInt(Math.trunc((nb * (upper - value)) / (upper - lower))) + 1n;
}

const widthBucketKernel: ScalarKernel = (args, _e, _c, n) =>
  mapRows(args, LONG, n, ([v, lo, hi, nb]) =>
    widthBucket(v as number, lo as number, hi as number, BigInt(nb as number | bigint)),
  );

// ---------------------------------------------------------------- XORShiftRandom

function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** scala.util.hashing.MurmurHash3.bytesHash. */
function scalaBytesHash(data: Uint8Array, seed: number): number {
  let h = seed | 0;
  const mixLast = (hash: number, k: number): number => {
    k = Math.imul(k, 0xcc9e2d51);
    k = rotl32(k, 15);
    k = Math.imul(k, 0x1b873593);
    return hash ^ k;
  };
  let i = 0;
  let len = data.length;
  while (len >= 4) {
    const k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    h = mixLast(h, k);
    h = rotl32(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    i += 4;
    len -= 4;
  }
  let k = 0;
  if (len === 3) k ^= data[i + 2]! << 16;
  if (len >= 2) k ^= data[i + 1]! << 8;
  if (len >= 1) {
    k ^= data[i]!;
    h = mixLast(h, k);
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** XORShiftRandom.hashSeed: Murmur3 of the big-endian seed bytes, twice. */
export function hashSeed(seed: bigint): bigint {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt.asIntN(64, seed));
  const low = scalaBytesHash(bytes, 0x3c074a61);
  const high = scalaBytesHash(bytes, low);
  return BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low >>> 0));
}

/** The state of one XORShiftRandom (java.util.Random's nextDouble / nextGaussian over its next()). */
export interface XorShiftRandom {
  seed: bigint;
  nextNextGaussian: number | null;
}

export function xorShiftRandom(init: bigint): XorShiftRandom {
  return { seed: hashSeed(init), nextNextGaussian: null };
}

function next(r: XorShiftRandom, bits: number): number {
  let s = r.seed;
  s = BigInt.asIntN(64, s ^ (s << 21n));
  s ^= BigInt.asUintN(64, s) >> 35n;
  s = BigInt.asIntN(64, s ^ (s << 4n));
  r.seed = s;
  return Number(BigInt.asIntN(32, s & ((1n << BigInt(bits)) - 1n)));
}

/** java.util.Random.nextInt() of XORShiftRandom: next(32) as a signed int. */
export function nextInt(r: XorShiftRandom): number {
  return next(r, 32);
}

export function nextDouble(r: XorShiftRandom): number {
  const hi = next(r, 26);
  const lo = next(r, 27);
  return (hi * 134217728 + lo) * 2 ** -53;
}

export function nextGaussian(r: XorShiftRandom): number {
  if (r.nextNextGaussian !== null) {
    const g = r.nextNextGaussian;
    r.nextNextGaussian = null;
    return g;
  }
  let v1: number;
  let v2: number;
  let s: number;
  do {
    v1 = 2 * nextDouble(r) - 1;
    v2 = 2 * nextDouble(r) - 1;
    s = v1 * v1 + v2 * v2;
  } while (s >= 1 || s === 0);
  const multiplier = Math.sqrt((-2 * Math.log(s)) / s);
  r.nextNextGaussian = v2 * multiplier;
  return v1 * multiplier;
}

/** Generators of one random kernel, by expression then partition index. */
export type GeneratorCache = WeakMap<ScalarFunctionExpr, Map<number, XorShiftRandom>>;

/**
 * The generator of expression `e` in partition `partition`, created on first use: one per expression
 * and partition, continuing across the partition's batches (Spark seeds each partition with seed +
 * partitionIndex).
 */
export function generatorFor(
  cache: GeneratorCache,
  e: ScalarFunctionExpr,
  partition: number,
): XorShiftRandom {
  let byPart = cache.get(e);
  if (byPart === undefined) {
    byPart = new Map();
    cache.set(e, byPart);
  }
  let r = byPart.get(partition);
  if (r === undefined) {
    const seed = e.options?.['seed'];
    r = xorShiftRandom(
      BigInt(typeof seed === 'bigint' || typeof seed === 'number' ? seed : 0) + BigInt(partition),
    );
    byPart.set(partition, r);
  }
  return r;
}

const generators: GeneratorCache = new WeakMap();

function randomKernel(draw: (r: XorShiftRandom) => number): ScalarKernel {
  return (_args, e, ctx, n): Vector => {
    const r = generatorFor(generators, e, ctx.partitionIndex ?? 0);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = draw(r);
    return { type: { kind: 'double' }, length: n, values: out, nulls: null };
  };
}

export const mathExtraKernels: Record<string, ScalarKernel> = {
  bit_count: bitCountKernel,
  getbit: getbitKernel,
  shiftleft: shiftKernel('left'),
  shiftright: shiftKernel('right'),
  shiftrightunsigned: shiftKernel('rightUnsigned'),
  hypot: (args, _e, _c, n) =>
    mapRows(args, { kind: 'double' }, n, ([x, y]) => Math.hypot(x as number, y as number)),
  factorial: factorialKernel,
  width_bucket: widthBucketKernel,
  rand: randomKernel(nextDouble),
  randn: randomKernel(nextGaussian),
};
