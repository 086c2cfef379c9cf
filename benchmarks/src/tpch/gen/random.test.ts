// The random streams: skipping ahead lands where stepping does, and the fast Lehmer step is exact.

import { describe, expect, it } from 'vitest';
import { BoundedRandom, RowRandom, mulMod, nextSeed, skipSeed } from './random.js';

describe('random streams', () => {
  it('nextSeed equals seed * 16807 mod 2^31-1', () => {
    for (const s of [1, 2, 16807, 933588178, 2147483646, 1234567890]) {
      expect(nextSeed(s)).toBe(Number((BigInt(s) * 16807n) % 2147483647n));
    }
  });

  it('mulMod is exact for 31-bit operands', () => {
    for (const [a, b] of [
      [2147483646, 2147483646],
      [16807, 1808217256],
      [1 << 30, 3],
    ] as const) {
      expect(mulMod(a, b)).toBe(Number((BigInt(a) * BigInt(b)) % 2147483647n));
    }
  });

  it('skipping n seeds equals stepping n times', () => {
    for (const n of [0, 1, 7, 16, 17, 100, 12345]) {
      let s = 1808217256;
      for (let i = 0; i < n; i++) s = nextSeed(s);
      expect(skipSeed(1808217256, n)).toBe(s);
    }
  });

  it('advanceRows(k) continues where k finished rows of partial use leave off', () => {
    const stepped = new BoundedRandom(209208115, 1, 50, 7);
    for (let row = 0; row < 1000; row++) {
      for (let i = 0; i < (row % 7) + 1; i++) stepped.next();
      stepped.rowFinished();
    }
    const skipped = new BoundedRandom(209208115, 1, 50, 7);
    skipped.next(); // a partly used row is finished first
    skipped.advanceRows(999);
    expect(skipped.seed).toBe(stepped.seed);
    expect(skipped.next()).toBe(stepped.next());
  });

  it('nextInt reproduces dbgen overflow for the full 31-bit range (negative draws)', () => {
    const r = new RowRandom(881155353, 9);
    const v = r.nextInt(0, 0x7fffffff);
    expect(v).toBeLessThanOrEqual(0);
  });
});
