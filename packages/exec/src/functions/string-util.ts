// Helpers shared by the string and datetime kernels: row loops with NULL propagation, numeric reads
// from any physical storage, and code-point-aware string slicing (Spark counts characters as code
// points; JavaScript strings are UTF-16).

import { allocValues, type DataType, type Value, type Vector } from '@flint/common';

/** True when row i of v is NULL. */
export function isNullAt(v: Vector, i: number): boolean {
  return v.type.kind === 'null' || (v.nulls !== null && v.nulls[i] === 1);
}

/** Row i as a JS number (integers, floats, dates, longs, decimals unscaled as stored). */
export function numAt(v: Vector, i: number): number {
  const x = (v.values as ArrayLike<unknown>)[i];
  return typeof x === 'bigint' ? Number(x) : (x as number);
}

export function bigAt(v: Vector, i: number): bigint {
  const x = (v.values as ArrayLike<unknown>)[i];
  return typeof x === 'bigint' ? x : BigInt(Math.trunc(x as number));
}

export function strAt(v: Vector, i: number): string {
  return (v.values as string[])[i]!;
}

export function binAt(v: Vector, i: number): Uint8Array {
  return (v.values as Uint8Array[])[i]!;
}

/** A result column being filled row by row. */
export interface Out {
  readonly values: unknown[] & { [i: number]: unknown };
  nulls: Uint8Array | null;
  setNull(i: number): void;
}

export function makeOut(type: DataType, n: number): Out {
  const values = allocValues(type, n) as unknown as unknown[];
  const out: Out = {
    values,
    nulls: null,
    setNull(i: number) {
      if (out.nulls === null) out.nulls = new Uint8Array(n);
      out.nulls[i] = 1;
    },
  };
  return out;
}

export function finish(type: DataType, n: number, out: Out): Vector {
  return { type, length: n, values: out.values as Vector['values'], nulls: out.nulls };
}

/**
 * Evaluates f for every row where no argument is NULL (the others are NULL); f returns the value or
 * null for a NULL result. Booleans are stored as 0/1.
 */
export function mapRows(
  args: readonly Vector[],
  n: number,
  type: DataType,
  f: (i: number) => Value | undefined,
): Vector {
  const out = makeOut(type, n);
  const isBool = type.kind === 'boolean';
  const nullable = args.filter((a) => a.nulls !== null || a.type.kind === 'null');
  outer: for (let i = 0; i < n; i++) {
    for (let k = 0; k < nullable.length; k++) {
      if (isNullAt(nullable[k]!, i)) {
        out.setNull(i);
        continue outer;
      }
    }
    const r = f(i);
    if (r === null || r === undefined) out.setNull(i);
    else out.values[i] = isBool ? (r ? 1 : 0) : r;
  }
  return finish(type, n, out);
}

/** Like mapRows but f sees every row and decides about NULL inputs itself. */
export function mapRowsAll(n: number, type: DataType, f: (i: number) => Value | undefined): Vector {
  const out = makeOut(type, n);
  const isBool = type.kind === 'boolean';
  for (let i = 0; i < n; i++) {
    const r = f(i);
    if (r === null || r === undefined) out.setNull(i);
    else out.values[i] = isBool ? (r ? 1 : 0) : r;
  }
  return finish(type, n, out);
}

/** A per-kernel-call cache for values compiled from (usually constant) arguments, e.g. regexes. */
export function memo1<K, V>(compile: (k: K) => V): (k: K) => V {
  let lastKey: K | undefined;
  let lastVal: V | undefined;
  let has = false;
  return (k: K) => {
    if (has && k === lastKey) return lastVal as V;
    lastVal = compile(k);
    lastKey = k;
    has = true;
    return lastVal;
  };
}

const SURROGATE = /[\uD800-\uDFFF]/;

export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/** Number of code points. */
export function cpLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Code points [start, end) of s, clamped. */
export function cpSlice(s: string, start: number, end?: number): string {
  if (!hasSurrogates(s)) return s.slice(Math.max(0, start), end);
  const cps = Array.from(s);
  return cps.slice(Math.max(0, start), end).join('');
}

export function cpArray(s: string): string[] {
  return hasSurrogates(s) ? Array.from(s) : s.split('');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

export function utf8Decode(b: Uint8Array): string {
  return decoder.decode(b);
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
