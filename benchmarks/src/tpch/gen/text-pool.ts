// dbgen's text pool: 300 MB of pseudo-English sentences from the grammar distributions, built once per
// process (or once and shared with the workers); every comment column is a random slice of it.

import { closeSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Distribution, distribution } from './distributions.js';
import { nextSeed } from './random.js';

/** dbgen's pool size (300 MiB). Comment offsets range over the whole pool, so it cannot be smaller. */
export const TEXT_POOL_SIZE = 300 * 1024 * 1024;
const MAX_SENTENCE_LENGTH = 256;
const TEXT_POOL_SEED = 933588178;

const SPACE = 0x20;
const COMMA = 0x2c;
const MODULUS = 2147483647;

/** A distribution as weight slot → word id (an index into the word list of the build). */
type SlotTable = Int32Array;

/** The words of the build in one byte array, word i at [starts[i], ends[i]), for copying without calls. */
function encodeWords(words: readonly string[]): { bytes: Uint8Array; starts: Int32Array; ends: Int32Array } {
  const encoded = words.map((w) => Buffer.from(w, 'latin1'));
  const starts = new Int32Array(words.length);
  const ends = new Int32Array(words.length);
  let at = 0;
  encoded.forEach((e, i) => {
    starts[i] = at;
    ends[i] = at += e.length;
  });
  return { bytes: Buffer.concat(encoded), starts, ends };
}

/** Token codes of a grammar syntax: noun phrase, verb phrase, prepositional phrase, terminator. */
const TOKEN_NOUN = 0;
const TOKEN_VERB = 1;
const TOKEN_PREPOSITION = 2;
const TOKEN_TERMINATOR = 3;
/** In a noun phrase, the ", " between two adjectives. */
const PART_COMMA = -1;

/**
 * Builds the pool into a new shared buffer (so worker threads can read it without a copy). The result
 * is exactly `size` bytes long. One tight loop with the random stream inlined: the pool is 300 MB.
 */
export function buildTextPool(size = TEXT_POOL_SIZE): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(size + MAX_SENTENCE_LENGTH));
  const words: string[] = [];
  const slotsOf = (d: Distribution): SlotTable =>
    d.slotToIndex.map((i) => {
      const w = d.values[i]!;
      const id = words.indexOf(w);
      return id >= 0 ? id : words.push(w) - 1;
    });

  const grammar = distribution('grammar');
  const np = distribution('np');
  const vp = distribution('vp');
  const partTables: SlotTable[] = [];
  const partCode = (letter: string): number => {
    const name = { N: 'nouns', V: 'verbs', J: 'adjectives', D: 'adverbs', A: 'articles', X: 'auxillaries' }[
      letter
    ];
    if (name === undefined) throw new Error(`bad grammar letter ${letter}`);
    partTables.push(slotsOf(distribution(name)));
    return partTables.length - 1;
  };
  const nounPhrases = np.values.map((syntax) =>
    Int32Array.from([...syntax].filter((c) => c !== ' ').map((c) => (c === ',' ? PART_COMMA : partCode(c)))),
  );
  const verbPhrases = vp.values.map((syntax) => Int32Array.from(syntax.split(' ').map(partCode)));
  const codes: Record<string, number> = {
    N: TOKEN_NOUN,
    V: TOKEN_VERB,
    P: TOKEN_PREPOSITION,
    T: TOKEN_TERMINATOR,
  };
  const sentences = grammar.values.map((syntax) => Int32Array.from(syntax.split(' ').map((c) => codes[c]!)));
  const prepositions = slotsOf(distribution('prepositions'));
  const terminators = slotsOf(distribution('terminators'));
  const theWord = words.push(' the ') - 1;
  const { bytes, starts, ends } = encodeWords(words);
  const grammarSlots = grammar.slotToIndex;
  const npSlots = np.slotToIndex;
  const vpSlots = vp.slotToIndex;

  let seed = TEXT_POOL_SEED;
  let length = 0;
  while (length < size) {
    seed = nextSeed(seed);
    const sentence = sentences[grammarSlots[Math.trunc((seed / MODULUS) * grammarSlots.length)]!]!;
    for (let t = 0; t < sentence.length; t++) {
      const token = sentence[t]!;
      if (token === TOKEN_PREPOSITION) {
        seed = nextSeed(seed);
        const w = prepositions[Math.trunc((seed / MODULUS) * prepositions.length)]!;
        for (let k = starts[w]!, e = ends[w]!; k < e; k++) out[length++] = bytes[k]!;
        for (let k = starts[theWord]!, e = ends[theWord]!; k < e; k++) out[length++] = bytes[k]!;
      }
      if (token === TOKEN_TERMINATOR) {
        // The terminator abuts the previous word.
        length--;
        seed = nextSeed(seed);
        const w = terminators[Math.trunc((seed / MODULUS) * terminators.length)]!;
        for (let k = starts[w]!, e = ends[w]!; k < e; k++) out[length++] = bytes[k]!;
      } else {
        let parts: Int32Array;
        seed = nextSeed(seed);
        if (token === TOKEN_VERB)
          parts = verbPhrases[vpSlots[Math.trunc((seed / MODULUS) * vpSlots.length)]!]!;
        else parts = nounPhrases[npSlots[Math.trunc((seed / MODULUS) * npSlots.length)]!]!;
        for (let p = 0; p < parts.length; p++) {
          const part = parts[p]!;
          if (part === PART_COMMA) {
            // "J, J N": the comma abuts the previous word.
            out[length - 1] = COMMA;
            out[length++] = SPACE;
            continue;
          }
          const table = partTables[part]!;
          seed = nextSeed(seed);
          const w = table[Math.trunc((seed / MODULUS) * table.length)]!;
          for (let k = starts[w]!, e = ends[w]!; k < e; k++) out[length++] = bytes[k]!;
          out[length++] = SPACE;
        }
      }
      if (out[length - 1] !== SPACE) out[length++] = SPACE;
    }
  }
  return out.subarray(0, size);
}

/** Bump when the pool's bytes change (never for other generator changes: the pool file is 300 MB). */
const TEXT_POOL_VERSION = 1;

/** Where the pool is cached under a cache root (`~/.cache/flint` by default). */
export function textPoolFile(cacheDir: string): string {
  return path.join(cacheDir, 'tpch', `text-pool-v${TEXT_POOL_VERSION}.bin`);
}

/**
 * The pool from `file` when it holds one, else built and saved there (written aside, then renamed) so
 * later runs read 300 MB instead of generating it.
 */
export function loadOrBuildTextPool(file: string, size = TEXT_POOL_SIZE): Uint8Array {
  const key = `${path.resolve(file)}:${size}`;
  let pool = loadedPools.get(key);
  if (pool === undefined) loadedPools.set(key, (pool = readOrBuild(file, size)));
  return pool;
}

/** Pools already loaded by this process, by file and size (300 MB each: never twice). */
const loadedPools = new Map<string, Uint8Array>();

function readOrBuild(file: string, size: number): Uint8Array {
  try {
    if (statSync(file).size === size) {
      const pool = new Uint8Array(new SharedArrayBuffer(size));
      const fd = openSync(file, 'r');
      try {
        for (let at = 0; at < size;) {
          const n = readSync(fd, pool, at, Math.min(size - at, 1 << 26), at);
          if (n <= 0) throw new Error(`short read of ${file}`);
          at += n;
        }
      } finally {
        closeSync(fd);
      }
      return pool;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const pool = buildTextPool(size);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, pool);
  renameSync(temp, file);
  return pool;
}
