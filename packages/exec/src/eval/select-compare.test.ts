// The filter's in-place `column op literal` kernel against a plain reference of Spark's ordering, for
// every storage it handles, one test and ranges of two, over all rows and over a selection.
import { T, vectorFromValues, type DataType, type Value, type Vector } from '@flint/common';
import type { ComparisonOp } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { comparisonHolds } from '../test-support.js';
import { selectCompareScalar, type ScalarComparison } from './select-compare.js';

const OPS: ComparisonOp[] = ['EqualTo', 'LessThan', 'LessThanOrEqual', 'GreaterThan', 'GreaterThanOrEqual'];

/** Spark's order: NaN above every number, -0.0 equal to 0.0; bigints compared exactly. */
function sign(x: number | bigint, c: number | bigint): number {
  if (typeof x === 'number' && typeof c === 'number') {
    if (Number.isNaN(x)) return Number.isNaN(c) ? 0 : 1;
    return x < c ? -1 : x > c ? 1 : 0;
  }
  const bx = BigInt(x);
  const bc = BigInt(c);
  return bx < bc ? -1 : bx > bc ? 1 : 0;
}

interface Outcome {
  rows: number[];
  dead: number[];
}

function run(v: Vector, a: ScalarComparison, b: ScalarComparison, sel: number[] | null): Outcome | null {
  const n = v.length;
  const out = new Int32Array(n);
  const dead = v.nulls === null ? null : new Uint8Array(n);
  const k = selectCompareScalar(
    a,
    b,
    v,
    sel === null ? null : Int32Array.from(sel),
    sel?.length ?? n,
    out,
    dead,
  );
  if (k < 0) return null;
  const deadRows: number[] = [];
  dead?.forEach((d, i) => {
    if (d === 1) deadRows.push(i);
  });
  return { rows: Array.from(out.subarray(0, k)), dead: deadRows };
}

function reference(values: Value[], a: ScalarComparison, b: ScalarComparison, sel: number[] | null): Outcome {
  const candidates = sel ?? values.map((_, i) => i);
  const rows: number[] = [];
  const dead: number[] = [];
  for (const r of candidates) {
    const x = values[r];
    if (x === null) {
      rows.push(r);
      dead.push(r);
    } else if (
      comparisonHolds(a.op, sign(x as number | bigint, a.value as number | bigint)) &&
      comparisonHolds(b.op, sign(x as number | bigint, b.value as number | bigint))
    )
      rows.push(r);
  }
  return { rows, dead };
}

/** A small deterministic generator, so a failure reproduces. */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

interface Case {
  type: DataType;
  pool: Value[];
}

const CASES: Case[] = [
  { type: T.int, pool: [-5, -1, 0, 1, 2, 7, 2147483647, -2147483648] },
  { type: T.date, pool: [8766, 8767, 9131, 9132, -1, 0] },
  { type: T.short, pool: [-3, 0, 3, 32767] },
  { type: T.double, pool: [-1.5, -0, 0, 0.05, 0.07, 2.5, NaN, Infinity, -Infinity] },
  { type: T.float, pool: [-1.5, 0, 0.1, 2.5, NaN] },
  { type: T.long, pool: [-(2n ** 40n), -1n, 0n, 1n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 32n - 1n, 2n ** 62n] },
  // Around 2^53, where values read as doubles round: literals below it compare as doubles, others by words.
  {
    type: T.long,
    pool: [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) + 1n, -(2n ** 53n) - 1n, 3n],
  },
  // Around the int range, where a range of int literals tests the low word as an int and values
  // beyond pass by the open end on their side.
  {
    type: T.long,
    pool: [2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n), -(2n ** 31n) - 1n, 0n, -1n, 2n ** 32n - 1n, -(2n ** 32n)],
  },
  {
    type: { kind: 'decimal', precision: 15, scale: 2 },
    pool: [-700n, -5n, 0n, 5n, 6n, 7n, 4294967296n, -4294967297n],
  },
];

function literalOf(c: Case, x: Value): Value {
  // Literals are Float32-exact for float columns (as the analyzer casts them).
  return c.type.kind === 'float' && typeof x === 'number' ? Math.fround(x) : x;
}

describe('selectCompareScalar', () => {
  for (const c of CASES) {
    it(`${c.type.kind}: every op, single and paired, with NULLs, over all rows and a selection`, () => {
      const rnd = generator(7);
      const pick = <X>(xs: X[]): X => xs[Math.floor(rnd() * xs.length)]!;
      const values: Value[] = [];
      for (let i = 0; i < 64; i++) values.push(rnd() < 0.15 ? null : literalOf(c, pick(c.pool)));
      const withNulls = vectorFromValues(c.type, values);
      const noNulls = vectorFromValues(
        c.type,
        values.map((x) => x ?? literalOf(c, c.pool[0]!)),
      );
      const literals = c.pool.filter((x) => !(typeof x === 'number' && Number.isNaN(x)));
      let checked = 0;
      for (let t = 0; t < 120; t++) {
        const a = { op: pick(OPS), value: literalOf(c, pick(literals)) };
        const b = rnd() < 0.5 ? a : { op: pick(OPS), value: literalOf(c, pick(literals)) };
        const sel = rnd() < 0.5 ? null : values.map((_, i) => i).filter(() => rnd() < 0.6);
        for (const v of [withNulls, noNulls]) {
          const got = run(v, a, b, sel);
          const vals = v === withNulls ? values : values.map((x) => x ?? literalOf(c, c.pool[0]!));
          expect(got, `${a.op} ${String(a.value)} / ${b.op} ${String(b.value)}`).toEqual(
            reference(vals, a, b, sel),
          );
          checked++;
        }
      }
      expect(checked).toBe(240);
    });
  }

  it('tests string equality, with NULLs and over a selection; leaves string order to the caller', () => {
    const values: Value[] = ['MAIL', 'SHIP', null, 'MAIL', 'mail', '', 'MAIL', 'AIR', 'é', null];
    const v = vectorFromValues(T.string, values);
    // Equal strings that are separate objects (as a literal and a decoded row are).
    const mail = { op: 'EqualTo' as const, value: ['MA', 'IL'].join('') };
    expect(run(v, mail, mail, null)).toEqual({ rows: [0, 2, 3, 6, 9], dead: [2, 9] });
    expect(run(v, mail, mail, [1, 2, 3, 4, 6])).toEqual({
      rows: [2, 3, 6],
      dead: [2, 9].filter((r) => r === 2),
    });
    const accent = { op: 'EqualTo' as const, value: 'é' };
    expect(run(v, accent, accent, null)?.rows).toEqual([2, 8, 9]);
    const air = { op: 'EqualTo' as const, value: 'AIR' };
    expect(run(v, mail, air, null)?.rows).toEqual([2, 9]);
    const less = { op: 'LessThan' as const, value: 'M' };
    expect(run(v, less, less, null)).toBeNull();
  });

  it('leaves storage it has no loop for to the caller (-1)', () => {
    const wide = vectorFromValues({ kind: 'decimal', precision: 30, scale: 0 }, [1n, 2n]);
    const one = { op: 'LessThan' as const, value: 2n };
    expect(run(wide, one, one, null)).toBeNull();
    // A literal beyond 64 bits cannot be compared as words.
    const longs = vectorFromValues(T.long, [1n]);
    const huge = { op: 'LessThan' as const, value: 2n ** 64n };
    expect(run(longs, huge, huge, null)).toBeNull();
  });
});
