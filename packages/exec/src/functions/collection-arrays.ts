// Kernels of the array functions without lambdas: search, set operations, building, slicing, sorting,
// sequence.

import { FlintError, type CalendarInterval, type Value } from '@flint/common';
import type { ScalarKernel } from './kernel.js';
import {
  compareValues,
  equalValues,
  indexOfValue,
  invalidIndexOfZero,
  mapRows,
  toNumber,
  valueKey,
} from './collection-util.js';

type Arr = readonly Value[];

function distinct(a: Arr): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of a) {
    const k = valueKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function invalidParam(param: 'START' | 'LENGTH', fnName: string, message: string): FlintError {
  return new FlintError(
    `INVALID_PARAMETER_VALUE.${param}`,
    `[INVALID_PARAMETER_VALUE.${param}] The value of parameter(s) \`${param.toLowerCase()}\` in \`${fnName}\` is invalid: ${message} SQLSTATE: 22023`,
    { parameter: `\`${param.toLowerCase()}\``, functionName: `\`${fnName}\`` },
    null,
    '22023',
  );
}

const MICROS_PER_DAY = 86_400_000_000n;

function addMonthsToDays(days: number, months: number): number {
  const d = new Date(days * 86_400_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return Math.round(target.getTime() / 86_400_000);
}

function sequenceError(start: Value, stop: Value, step: Value): FlintError {
  return new FlintError(
    'ILLEGAL_SEQUENCE_BOUNDARIES',
    `[ILLEGAL_SEQUENCE_BOUNDARIES] Illegal sequence boundaries: ${String(start)} to ${String(stop)} by ${String(step)}.`,
    { start: String(start), stop: String(stop), step: String(step) },
    null,
  );
}

export const arrayKernels: Record<string, ScalarKernel> = {
  array_contains: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, v]) => {
      let sawNull = false;
      for (const x of a as Arr) {
        if (x === null) sawNull = true;
        else if (equalValues(x, v!)) return true;
      }
      return sawNull ? null : false;
    }),
  array_position: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, v]) => BigInt(indexOfValue(a as Arr, v!) + 1)),
  array_remove: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, v]) => (a as Arr).filter((x) => !equalValues(x, v!))),
  array_append: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, v]) => (a === null ? null : [...(a as Arr), v ?? null]), false),
  array_prepend: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, v]) => (a === null ? null : [v ?? null, ...(a as Arr)]), false),
  array_insert: (args, expr, _c, n) => {
    const legacy = expr.options?.['legacyNegativeIndex'] === true;
    return mapRows(
      args,
      n,
      expr.dataType,
      ([a, p, v]) => {
        if (a === null || p === null) return null;
        const arr = a as Arr;
        const pos = toNumber(p!);
        if (pos === 0) throw invalidIndexOfZero();
        const item = v ?? null;
        if (pos > 0) {
          const idx = pos - 1;
          if (idx <= arr.length) return [...arr.slice(0, idx), item, ...arr.slice(idx)];
          return [...arr, ...new Array<Value>(idx - arr.length).fill(null), item];
        }
        const idx = arr.length + pos + (legacy ? 0 : 1);
        if (idx >= 0) return [...arr.slice(0, idx), item, ...arr.slice(idx)];
        return [item, ...new Array<Value>(-idx).fill(null), ...arr];
      },
      false,
    );
  },
  array_distinct: (args, expr, _c, n) => mapRows(args, n, expr.dataType, ([a]) => distinct(a as Arr)),
  array_union: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, b]) => distinct([...(a as Arr), ...(b as Arr)])),
  array_intersect: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, b]) => {
      const inB = new Set((b as Arr).map(valueKey));
      return distinct((a as Arr).filter((x) => inB.has(valueKey(x))));
    }),
  array_except: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, b]) => {
      const inB = new Set((b as Arr).map(valueKey));
      return distinct((a as Arr).filter((x) => !inB.has(valueKey(x))));
    }),
  arrays_overlap: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, b]) => {
      const x = a as Arr;
      const y = b as Arr;
      const keys = new Set(x.filter((v) => v !== null).map(valueKey));
      if (y.some((v) => v !== null && keys.has(valueKey(v)))) return true;
      if (x.length > 0 && y.length > 0 && (x.some((v) => v === null) || y.some((v) => v === null)))
        return null;
      return false;
    }),
  array_join: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, d, r]) => {
      const parts: string[] = [];
      for (const x of a as Arr) {
        if (x !== null) parts.push(x as string);
        else if (args.length > 2) parts.push(r as string);
      }
      return parts.join(d as string);
    }),
  array_max: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a]) => {
      let best: Value = null;
      for (const x of a as Arr) if (x !== null && (best === null || compareValues(x, best) > 0)) best = x;
      return best;
    }),
  array_min: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a]) => {
      let best: Value = null;
      for (const x of a as Arr) if (x !== null && (best === null || compareValues(x, best) < 0)) best = x;
      return best;
    }),
  array_repeat: (args, expr, _c, n) =>
    mapRows(
      args,
      n,
      expr.dataType,
      ([e, c]) => {
        if (c === null) return null;
        const k = toNumber(c!);
        return k <= 0 ? [] : new Array<Value>(k).fill(e ?? null);
      },
      false,
    ),
  array_compact: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a]) => (a as Arr).filter((x) => x !== null)),
  arrays_zip: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, (vals) => {
      const arrs = vals as Arr[];
      const len = arrs.reduce((m, a) => Math.max(m, a.length), 0);
      const out: Value[] = [];
      for (let i = 0; i < len; i++) out.push(arrs.map((a) => a[i] ?? null));
      return out;
    }),
  flatten: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a]) => {
      const out: Value[] = [];
      for (const x of a as Arr) {
        if (x === null) return null;
        out.push(...(x as Arr));
      }
      return out;
    }),
  slice: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, s, l]) => {
      const arr = a as Arr;
      const start = toNumber(s!);
      const len = toNumber(l!);
      if (start === 0)
        throw invalidParam(
          'START',
          'slice',
          'Expects a positive or a negative value for `start`, but got 0.',
        );
      if (len < 0)
        throw invalidParam(
          'LENGTH',
          'slice',
          `Expects \`length\` greater than or equal to 0, but got ${len}.`,
        );
      const from = start > 0 ? start - 1 : arr.length + start;
      if (from < 0 || from >= arr.length) return [];
      return arr.slice(from, from + len);
    }),
  sort_array: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a, asc]) => {
      const arr = [...(a as Arr)];
      return asc ? arr.sort(compareValues) : arr.sort((x, y) => compareValues(y, x));
    }),
  shuffle: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a]) => {
      const arr = [...(a as Arr)];
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [arr[i], arr[j]] = [arr[j]!, arr[i]!];
      }
      return arr;
    }),
  sequence: (args, expr, _c, n) => {
    const elem = expr.dataType.kind === 'array' ? expr.dataType.elementType : expr.dataType;
    return mapRows(args, n, expr.dataType, ([start, stop, step]) => {
      if (elem.kind === 'integer' || elem.kind === 'long') {
        const a = BigInt(start as number | bigint);
        const b = BigInt(stop as number | bigint);
        const st = step === undefined ? (a <= b ? 1n : -1n) : BigInt(step as number | bigint);
        if ((st === 0n && a !== b) || (st > 0n && a > b) || (st < 0n && a < b))
          throw sequenceError(start!, stop!, step ?? st);
        const out: Value[] = [];
        if (st === 0n) return [elem.kind === 'long' ? a : Number(a)];
        for (let x = a; st > 0n ? x <= b : x >= b; x += st) out.push(elem.kind === 'long' ? x : Number(x));
        return out;
      }
      if (elem.kind === 'date') {
        const a = start as number;
        const b = stop as number;
        let months = 0;
        let days = a <= b ? 1 : -1;
        let micros = 0n;
        if (step !== undefined) {
          months = 0;
          days = 0;
          if (typeof step === 'number') months = step;
          else if (typeof step === 'bigint') micros = step;
          else {
            const ci = step as CalendarInterval;
            months = ci.months;
            days = ci.days;
            micros = ci.micros;
          }
          days += Number(micros / MICROS_PER_DAY);
        }
        const out: Value[] = [];
        const forward = months > 0 || (months === 0 && days > 0);
        if (months === 0 && days === 0) throw sequenceError(a, b, 0);
        for (let k = 0; k < 1_000_000; k++) {
          const x = addMonthsToDays(a, months * k) + days * k;
          if (forward ? x > b : x < b) break;
          out.push(x);
        }
        return out;
      }
      // timestamps
      const a = start as bigint;
      const b = stop as bigint;
      let months = 0;
      let micros = a <= b ? MICROS_PER_DAY : -MICROS_PER_DAY;
      if (step !== undefined) {
        if (typeof step === 'number') {
          months = step;
          micros = 0n;
        } else if (typeof step === 'bigint') micros = step;
        else {
          const ci = step as CalendarInterval;
          months = ci.months;
          micros = BigInt(ci.days) * MICROS_PER_DAY + ci.micros;
        }
      }
      if (months === 0 && micros === 0n) throw sequenceError(a, b, 0);
      const forward = months > 0 || (months === 0 && micros > 0n);
      const out: Value[] = [];
      for (let k = 0; k < 1_000_000; k++) {
        let x = a + micros * BigInt(k);
        if (months !== 0) {
          const day = a / MICROS_PER_DAY - (a % MICROS_PER_DAY < 0n ? 1n : 0n);
          const rem = a - day * MICROS_PER_DAY;
          x = BigInt(addMonthsToDays(Number(day), months * k)) * MICROS_PER_DAY + rem + micros * BigInt(k);
        }
        if (forward ? x > b : x < b) break;
        out.push(x);
      }
      return out;
    });
  },
};
