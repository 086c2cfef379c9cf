// dbgen's random streams: one Park–Miller (Lehmer) generator per column, each consuming a fixed number
// of seeds per row so that any row range can be generated on its own by skipping ahead.

const MULTIPLIER = 16807;
const MODULUS = 2147483647;
const TWO_POW_MINUS_31 = 1 / 2147483648;

/**
 * One Lehmer step, seed × 16807 mod 2^31-1, without a floating-point remainder: since 2^31 ≡ 1 (mod
 * 2^31-1), the product's high part (above bit 31) is added to its low part.
 */
export function nextSeed(seed: number): number {
  const product = seed * MULTIPLIER;
  const high = Math.floor(product * TWO_POW_MINUS_31);
  const s = product - high * 2147483648 + high;
  return s >= MODULUS ? s - MODULUS : s;
}

/** (a * b) mod 2^31-1 for a, b < 2^31, exact in doubles (the plain product can reach 2^62). */
export function mulMod(a: number, b: number): number {
  const aHigh = Math.floor(a / 65536);
  const aLow = a - aHigh * 65536;
  return (((aHigh * b) % MODULUS) * 65536 + aLow * b) % MODULUS;
}

/** The seed after `count` steps from `seed`, by square-and-multiply (dbgen's NthElement). */
export function skipSeed(seed: number, count: number): number {
  let s = seed;
  if (count <= 16) {
    // Short skips (the rest of a row) are cheaper one step at a time.
    for (let i = 0; i < count; i++) s = nextSeed(s);
    return s;
  }
  let multiplier = MULTIPLIER;
  let n = count;
  while (n > 0) {
    if (n % 2 !== 0) s = mulMod(multiplier, s);
    n = Math.floor(n / 2);
    multiplier = mulMod(multiplier, multiplier);
  }
  return s;
}

/**
 * A column's stream. Each row uses at most `seedsPerRow` seeds; `rowFinished()` skips the unused rest,
 * so row r always starts at seed number r * seedsPerRow.
 */
export class RowRandom {
  seed: number;
  usage = 0;
  readonly seedsPerRow: number;

  constructor(seed: number, seedsPerRow = 1) {
    this.seed = seed;
    this.seedsPerRow = seedsPerRow;
  }

  /**
   * A value in [low, high], computed exactly as dbgen does (including the 32-bit overflow of the range
   * when high - low + 1 exceeds 2^31 - 1, which the alphanumeric generator relies on).
   */
  nextInt(low: number, high: number): number {
    this.seed = nextSeed(this.seed);
    this.usage++;
    const range = (high - low + 1) | 0;
    return low + Math.trunc((this.seed / MODULUS) * range);
  }

  rowFinished(): void {
    this.seed = skipSeed(this.seed, this.seedsPerRow - this.usage);
    this.usage = 0;
  }

  advanceRows(rows: number): void {
    if (this.usage !== 0) this.rowFinished();
    this.seed = skipSeed(this.seed, this.seedsPerRow * rows);
  }
}

/** A stream of values in a fixed range [low, high]. */
export class BoundedRandom extends RowRandom {
  constructor(
    seed: number,
    readonly low: number,
    readonly high: number,
    seedsPerRow = 1,
  ) {
    super(seed, seedsPerRow);
  }

  next(): number {
    return this.nextInt(this.low, this.high);
  }
}
