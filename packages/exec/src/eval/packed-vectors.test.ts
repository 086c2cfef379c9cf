// Packed string vectors (a cached column of mostly distinct strings as read by a scan): gathers,
// slices, LIKE and crossing threads work on the packed characters and give the rows the plain
// strings give; nothing cuts the rows' strings until something reads the values.
import { describe, expect, it } from 'vitest';
import {
  getValue,
  packColumn,
  T,
  unpackColumn,
  vectorFromValues,
  type PackedChars,
  type Value,
  type Vector,
} from '@flint/common';
import type { Expr } from '@flint/planner';
import { fromWire, toWire } from '../cluster/wire-batches.js';
import { batchBytes } from '../cluster/task-metrics.js';
import { stringKernels } from '../functions/string.js';
import type { EvalContext, ScalarFunctionExpr } from '../functions/kernel.js';
import { attr, lit } from '../test-support.js';
import { compileExpression } from './compile.js';
import { broadcast, gather, sliceVector } from './vectors.js';

const ctx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };

/** Rows with NULLs, empty strings and non-ASCII, as a cache packs them (the NULL rows as ''). */
function rows(n: number): (string | null)[] {
  const words = ['special', 'requests', 'spec', 'ial', 'sp%ecial', 'é🙂', 'quickly'];
  return Array.from({ length: n }, (_, i) =>
    i % 11 === 3 ? null : i % 13 === 0 ? '' : `${words[i % 7]}${i % 3 === 0 ? words[(i * 5) % 7] : ''} ${i}`,
  );
}

/** The column packed as a cache keeps it, read back as a scan reads it. */
function packedColumn(values: (string | null)[]): Vector {
  const v = unpackColumn(packColumn(vectorFromValues(T.string, values)));
  expect(v.packed?.contiguous).toBe(true);
  return v;
}

const valuesOf = (v: Vector): Value[] => Array.from({ length: v.length }, (_, i) => getValue(v, i));

/** A packed vector whose values must not be read. */
function unreadable(v: Vector): Vector {
  const packed = v.packed as PackedChars;
  return {
    type: v.type,
    length: v.length,
    nulls: v.nulls,
    packed,
    get values(): string[] {
      throw new Error('the values were read');
    },
  };
}

function like(v: Vector, pattern: string): Value[] {
  const expr = {
    kind: 'ScalarFunction',
    name: 'like',
    args: [] as Expr[],
    dataType: T.boolean,
    nullable: true,
    options: { escape: '\\' },
  } as ScalarFunctionExpr;
  return valuesOf(stringKernels['like']!([v, broadcast(T.string, pattern, v.length)], expr, ctx, v.length));
}

describe('packed string vectors', () => {
  const values = rows(3000);

  it('read back as the rows they were packed from', () => {
    expect(valuesOf(packedColumn(values))).toEqual(values);
  });

  it('gather and slice without cutting strings, and give the same rows', () => {
    const v = packedColumn(values);
    const idx = Int32Array.from({ length: 500 }, (_, i) => (i % 50 === 7 ? -1 : (i * 37) % 3000));
    const gathered = gather(unreadable(v), idx);
    expect(gathered.packed?.contiguous).toBe(false);
    expect(valuesOf(gathered)).toEqual(Array.from(idx, (j) => (j < 0 ? null : values[j]!)));
    const sliced = sliceVector(unreadable(v), 100, 260);
    expect(valuesOf(sliced)).toEqual(values.slice(100, 260));
    // Sizing a packed vector for metrics does not cut it either.
    expect(batchBytes({ numRows: 160, columns: [unreadable(sliced)] })).toBeGreaterThan(160 * 16);
  });

  it('cross threads as their own rows, contiguous, sliced or gathered', () => {
    const v = packedColumn(values);
    const sliced = sliceVector(v, 1000, 1400);
    const gathered = gather(v, Int32Array.of(5, 2999, -1, 0, 5));
    for (const [column, expected] of [
      [sliced, values.slice(1000, 1400)],
      [gathered, [values[5]!, values[2999]!, null, values[0]!, values[5]!]],
    ] as const) {
      const wire = toWire({ numRows: column.length, columns: [column] });
      const chars = (wire.columns[0] as { chars?: string }).chars;
      // Only the rows' own characters cross, not the whole packed column's.
      expect(chars?.length).toBeLessThan(v.packed!.chars.length / 4);
      expect(valuesOf(fromWire(wire).columns[0]!)).toEqual(expected);
    }
  });

  it('match LIKE patterns as plain strings do, searching the packed characters', () => {
    const plain = vectorFromValues(T.string, values);
    const packed = packedColumn(values);
    for (const pattern of [
      '%special%requests%',
      '%requests%special%',
      'spec%',
      '%ial',
      '%ial %',
      'special%1%',
      '%é🙂%',
      '%sp\\%ecial%',
      '%l r%',
      '%ial spec%',
      'quickly_%',
      '%zzz%',
      '',
      '%',
    ]) {
      const expected = like(plain, pattern);
      expect(
        like(pattern.includes('_') || !/[^%]/.test(pattern) ? packed : unreadable(packed), pattern),
      ).toEqual(expected);
      expect(like(sliceVector(packed, 7, 2500), pattern)).toEqual(expected.slice(7, 2500));
      const idx = Int32Array.from({ length: 400 }, (_, i) => (i * 7919) % 3000);
      expect(like(gather(packed, idx), pattern)).toEqual(Array.from(idx, (j) => expected[j]!));
    }
  });

  it('LIKE with an escaped wildcard matches it as a character', () => {
    const v = vectorFromValues(T.string, ['100%', '100', 'a%b', '%', 'ab']);
    expect(like(v, '%\\%%')).toEqual([true, false, true, true, false]);
    expect(like(v, '%\\%')).toEqual([true, false, false, true, false]);
  });
});

describe('packed string vectors under substring and IN', () => {
  const substring = (v: Vector, pos: number, len: number): Vector => {
    const expr = {
      kind: 'ScalarFunction',
      name: 'substring',
      args: [] as Expr[],
      dataType: T.string,
      nullable: true,
    };
    const n = v.length;
    return stringKernels['substring']!(
      [v, broadcast(T.int, pos, n), broadcast(T.int, len, n)],
      expr as ScalarFunctionExpr,
      ctx,
      n,
    );
  };
  const ascii = Array.from({ length: 2000 }, (_, i) =>
    i % 9 === 4 ? null : i % 17 === 0 ? '' : `${i % 31}-${i}`,
  );

  it('substring with a constant start narrows each packed row, no string cut, as plain strings give', () => {
    const plain = vectorFromValues(T.string, ascii);
    for (const [pos, len] of [
      [1, 2],
      [2, 3],
      [4, 100],
      [1, 0],
      [30, 2],
    ] as const) {
      const expected = valuesOf(substring(plain, pos, len));
      const cut = substring(unreadable(packedColumn(ascii)), pos, len);
      expect(cut.packed).toBeDefined();
      expect(valuesOf(cut)).toEqual(expected);
      expect(valuesOf(substring(sliceVector(packedColumn(ascii), 100, 900), pos, len))).toEqual(
        expected.slice(100, 900),
      );
    }
    // Rows with surrogate pairs count code points: the rows are cut as strings then.
    const wide = rows(500);
    expect(valuesOf(substring(packedColumn(wide), 2, 3))).toEqual(
      valuesOf(substring(vectorFromValues(T.string, wide), 2, 3)),
    );
  });

  it('IN a list of strings looks packed rows up in place, NULL rows NULL, a NULL in the list NULL for misses', () => {
    const x = attr(1, 'x', T.string);
    const inList = (list: (string | null)[]): Expr =>
      ({
        kind: 'In',
        value: {
          kind: 'ScalarFunction',
          name: 'substring',
          args: [x, lit(1, T.int), lit(2, T.int)],
          dataType: T.string,
          nullable: true,
        } as Expr,
        list: list.map((s) => (s === null ? lit(null, T.string) : lit(s, T.string))),
      }) as Expr;
    const run = (e: Expr, v: Vector) =>
      valuesOf(compileExpression(e, [x], ctx)({ numRows: v.length, columns: [v] }));
    for (const [list, hits] of [
      [['1-', '23', '30', '7-', ''], 200],
      [['5-', null], 40],
      [['no'], 0],
    ] as const) {
      const expected = run(inList([...list]), vectorFromValues(T.string, ascii));
      expect(expected.filter((b) => b === true).length).toBeGreaterThanOrEqual(hits);
      expect(run(inList([...list]), unreadable(packedColumn(ascii)))).toEqual(expected);
    }
  });
});
