// A split block Bloom filter (Putze, Sanders and Singler; the layout of Parquet's and Impala's
// filters): a key's hash picks one 256-bit block and sets one bit in each of its eight 32-bit words,
// so a lookup reads one cache line whatever the filter's size. Runtime filters use it where the
// creation side has too many keys for a hash table that stays in the caches.

/** Odd multipliers, one per word of a block: each maps the hash to that word's bit. */
const SALTS = Int32Array.of(
  0x47b6137b,
  0x44974d91,
  0x8824ad5b | 0,
  0xa2b7289d | 0,
  0x705495c7,
  0x2df1424b,
  0x9efc4947 | 0,
  0x5c6bfb31,
);

const WORDS_PER_BLOCK = 8;

export interface BloomFilter {
  /** Blocks of eight words, block b at words[8b .. 8b+7]. */
  readonly words: Int32Array;
  /** Number of blocks - 1 (a power of two - 1). */
  readonly blockMask: number;
}

/**
 * An empty filter for about `expectedKeys` keys at `bitsPerKey` bits each (rounded up to a power of
 * two blocks): 8 bits a key gives about 3% false positives, 16 about 0.3%.
 */
export function createBloomFilter(expectedKeys: number, bitsPerKey = 8): BloomFilter {
  const blocks = 2 ** Math.max(0, Math.ceil(Math.log2((expectedKeys * bitsPerKey) / 256)));
  return { words: new Int32Array(blocks * WORDS_PER_BLOCK), blockMask: blocks - 1 };
}

/**
 * Adds the keys of rows 0..n-1 by their hashes (well mixed 32-bit hashes, such as a KeyTable's),
 * leaving out rows where `skip` is 1.
 */
export function bloomInsert(f: BloomFilter, hashes: Int32Array, n: number, skip: Uint8Array | null): void {
  const words = f.words;
  const mask = f.blockMask;
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) continue;
    const h = hashes[i]!;
    const base = (h & mask) * WORDS_PER_BLOCK;
    for (let w = 0; w < WORDS_PER_BLOCK; w++) words[base + w]! |= 1 << (Math.imul(h, SALTS[w]!) >>> 27);
  }
}

/**
 * Into `out`, the rows (ascending) whose key may be in the filter, leaving out rows where `skip` is
 * 1; returns how many. Most rows of a selective filter stop at the first word or two.
 */
export function bloomSelect(
  f: BloomFilter,
  hashes: Int32Array,
  n: number,
  skip: Uint8Array | null,
  out: Int32Array,
): number {
  const words = f.words;
  const mask = f.blockMask;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) continue;
    const h = hashes[i]!;
    const base = (h & mask) * WORDS_PER_BLOCK;
    let w = 0;
    while (w < WORDS_PER_BLOCK && (words[base + w]! & (1 << (Math.imul(h, SALTS[w]!) >>> 27))) !== 0) w++;
    if (w === WORDS_PER_BLOCK) out[k++] = i;
  }
  return k;
}
