// dbgen's string-valued columns: comments cut from the text pool, alphanumeric addresses, phone numbers,
// picks from a distribution and the shuffled color words of part names.

import { type Distribution, pickIndex } from './distributions.js';
import { RowRandom } from './random.js';

/** A comment: a slice of the pool of random length in [0.4, 1.6] × the average, at a random offset. */
export class RandomText extends RowRandom {
  readonly minLength: number;
  readonly maxLength: number;
  private readonly pool: Buffer;

  constructor(seed: number, pool: Uint8Array, averageLength: number, rowsPerUnit = 1) {
    super(seed, 2 * rowsPerUnit);
    this.pool = Buffer.from(pool.buffer, pool.byteOffset, pool.length);
    this.minLength = Math.trunc(averageLength * 0.4);
    this.maxLength = Math.trunc(averageLength * 1.6);
  }

  /** Start and end offsets in the pool of the next comment (to copy bytes without decoding). */
  nextRange(out: Int32Array): void {
    const offset = this.nextInt(0, this.pool.length - this.maxLength);
    const length = this.nextInt(this.minLength, this.maxLength);
    out[0] = offset;
    out[1] = offset + length;
  }

  next(): string {
    const offset = this.nextInt(0, this.pool.length - this.maxLength);
    const length = this.nextInt(this.minLength, this.maxLength);
    return this.pool.latin1Slice(offset, offset + length);
  }
}

declare global {
  interface Buffer {
    /** Node's fast latin1 decoder behind `toString('latin1', start, end)`. */
    latin1Slice(start: number, end: number): string;
  }
}

const ALPHA_NUMERIC = Buffer.from(
  '0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ,',
  'latin1',
);

/** An address: random length in [0.4, 1.6] × the average, 6 bits of a random draw per character. */
export class RandomAlphaNumeric extends RowRandom {
  private readonly minLength: number;
  private readonly maxLength: number;
  /** Built as bytes and decoded once: a flat string, cheap for the writer to encode. */
  private readonly scratch: Buffer;

  constructor(seed: number, averageLength: number) {
    super(seed, 9);
    this.minLength = Math.trunc(averageLength * 0.4);
    this.maxLength = Math.trunc(averageLength * 1.6);
    this.scratch = Buffer.alloc(this.maxLength);
  }

  next(): string {
    const length = this.nextInt(this.minLength, this.maxLength);
    const out = this.scratch;
    let charIndex = 0;
    for (let i = 0; i < length; i++) {
      // nextInt(0, 2^31 - 1) overflows its range to -2^31 in dbgen: the draws are negative, as here.
      if (i % 5 === 0) charIndex = this.nextInt(0, 0x7fffffff);
      out[i] = ALPHA_NUMERIC[charIndex & 0x3f]!;
      charIndex >>= 6;
    }
    return out.latin1Slice(0, length);
  }
}

/** `n` as `width` digits with leading zeros (n below 10^width), written at `at`. */
function writeDigits(out: Buffer, at: number, n: number, width: number): void {
  for (let i = at + width - 1; i >= at; i--) {
    out[i] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
}

/** `prefix` followed by `n` zero-padded to `width` digits (Customer#000000001, Clerk#000000951). */
export class KeyedName {
  private readonly scratch: Buffer;
  private readonly prefixLength: number;

  constructor(
    prefix: string,
    private readonly width: number,
  ) {
    this.prefixLength = prefix.length;
    this.scratch = Buffer.alloc(prefix.length + width);
    this.scratch.write(prefix, 'latin1');
  }

  format(n: number): string {
    if (n >= 10 ** this.width) return this.scratch.latin1Slice(0, this.prefixLength) + String(n);
    writeDigits(this.scratch, this.prefixLength, n, this.width);
    return this.scratch.latin1Slice(0, this.scratch.length);
  }
}

/** A phone number `cc-ddd-ddd-dddd` whose country code is 10 + the nation key. */
export class RandomPhoneNumber extends RowRandom {
  private readonly scratch = Buffer.from('00-000-000-0000', 'latin1');

  constructor(seed: number) {
    super(seed, 3);
  }

  next(nationKey: number): string {
    const out = this.scratch;
    writeDigits(out, 0, 10 + (nationKey % 90), 2);
    writeDigits(out, 3, this.nextInt(100, 999), 3);
    writeDigits(out, 7, this.nextInt(100, 999), 3);
    writeDigits(out, 11, this.nextInt(1000, 9999), 4);
    return out.latin1Slice(0, 15);
  }
}

/** One member of a distribution per draw. */
export class RandomPick extends RowRandom {
  constructor(
    seed: number,
    readonly distribution: Distribution,
    rowsPerUnit = 1,
  ) {
    super(seed, rowsPerUnit);
  }

  next(): string {
    return this.distribution.values[pickIndex(this.distribution, this)]!;
  }
}

/** `count` distinct members, by a partial Fisher–Yates shuffle, joined with spaces (part names). */
export class RandomWordSequence extends RowRandom {
  private readonly scratch: string[];

  constructor(
    seed: number,
    private readonly count: number,
    private readonly distribution: Distribution,
  ) {
    super(seed, distribution.values.length);
    this.scratch = [...distribution.values];
  }

  next(): string {
    const values = this.scratch;
    const members = this.distribution.values;
    for (let i = 0; i < members.length; i++) values[i] = members[i]!;
    for (let i = 0; i < this.count; i++) {
      const j = this.nextInt(i, values.length - 1);
      const t = values[i]!;
      values[i] = values[j]!;
      values[j] = t;
    }
    return values.slice(0, this.count).join(' ');
  }
}
