// Seeded randomness for the H2O generators, computed per row index so that any range of rows can be
// generated on its own (in parallel, in any chunking): uniform draws per named stream and a pseudo-random
// permutation of [0, m), so a shuffled key column never has to be held in memory.

/** A 32-bit avalanche mix (the finaliser of MurmurHash3). */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of one named stream (table and column) under the dataset seed. */
export function streamSeed(seed: number, name: string): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (let i = 0; i < name.length; i++) h = mix32(h ^ Math.imul(name.charCodeAt(i), 0x01000193));
  return h;
}

/**
 * The named stream's uniform number in [0, 1) for row `i`: mulberry32's output for its (i+1)-th state,
 * which is the stream seed plus i+1 times its constant, so row i needs no earlier rows.
 */
export function uniformAt(seed: number, name: string): (i: number) => number {
  const base = streamSeed(seed, name);
  return (i: number): number => {
    let t = (base + Math.imul(i + 1, 0x6d2b79f5)) >>> 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FEISTEL_ROUNDS = 6;

/**
 * A bijection of [0, m) onto itself chosen by `seed`: a Feistel-like network over the smallest power
 * of two covering m, walked again while the result falls outside [0, m) (under two tries on average).
 * The index is cut into a high and a low half of possibly unequal widths; the rounds alternately mix
 * a hash of one half into the other, each step invertible, so the whole is a permutation. Each index
 * is mapped on its own, so a permutation of 10^9 keys costs no memory.
 */
export function permutation(m: number, seed: number): (i: number) => number {
  if (!(m >= 1 && m <= 2 ** 31)) throw new Error(`permutation size out of range: ${m}`);
  if (m === 1) return () => 0;
  const bits = Math.max(2, Math.ceil(Math.log2(m)));
  const lowBits = bits >> 1;
  const highBits = bits - lowBits;
  const lowMask = (1 << lowBits) - 1;
  const highMask = highBits === 31 ? 0x7fffffff : (1 << highBits) - 1;
  const lowSpan = 2 ** lowBits;
  const keys = new Uint32Array(FEISTEL_ROUNDS);
  for (let r = 0; r < FEISTEL_ROUNDS; r++) keys[r] = mix32(seed + Math.imul(r + 1, 0x27d4eb2d));
  const encrypt = (x: number): number => {
    let high = Math.floor(x / lowSpan);
    let low = x & lowMask;
    for (let r = 0; r < FEISTEL_ROUNDS; r += 2) {
      high = (high ^ mix32(low ^ keys[r]!)) & highMask;
      low = (low ^ mix32(high ^ keys[r + 1]!)) & lowMask;
    }
    return high * lowSpan + low;
  };
  return (i: number): number => {
    let x = encrypt(i);
    while (x >= m) x = encrypt(x);
    return x;
  };
}
