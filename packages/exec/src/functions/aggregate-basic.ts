// count, sum, avg, min, max, first/last/any_value, count_if, bool_and/bool_or, bit_and/or/xor,
// product: Spark's results, null handling and ANSI overflow behaviour.

import { FlintError, type DataType, type Value } from '@flint/common';
import { aggregateBufferTypes, dataTypeOf } from '@flint/planner';
import type { AggregateExpr, AggregateImpl, EvalContext } from './kernel.js';
import { countingAggregate, rowAggregateImpl, wrapDistinct } from './aggregate-framework.js';
import {
  numericLayoutOf,
  typedAvgState,
  typedCountState,
  typedExtremumState,
  typedSumState,
} from './aggregate-typed.js';
import { compareValues } from './compare-values.js';

const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function overflow(what: string): FlintError {
  return new FlintError(
    'ARITHMETIC_OVERFLOW',
    `[ARITHMETIC_OVERFLOW] ${what} overflow. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
    { message: `${what} overflow`, alternative: '', config: '"spark.sql.ansi.enabled"' },
    null,
    '22003',
  );
}

function decimalOverflow(precision: number, scale: number): FlintError {
  return new FlintError(
    'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION',
    `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] The value cannot be represented as Decimal(${precision}, ${scale}). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead.`,
    { precision: String(precision), scale: String(scale), config: '"spark.sql.ansi.enabled"' },
    null,
    '22003',
  );
}

function wrapLong(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

// ---------------------------------------------------------------- count

const count: AggregateImpl = {
  createState: (expr) => wrapDistinct(expr, typedCountState()),
};

// ---------------------------------------------------------------- sum / try_sum / avg / try_avg

interface SumState {
  sum: number | bigint | null;
  count: number;
  /** try_* overflowed: the result is NULL. */
  failed: boolean;
}

/** Adds with the overflow rules of the sum's type; returns null on overflow when not raising. */
function makeAdder(
  type: DataType,
  mode: 'ANSI' | 'LEGACY' | 'TRY',
): (a: number | bigint, b: number | bigint) => number | bigint | null {
  switch (type.kind) {
    case 'double':
    case 'float':
      return (a, b) => Number(a) + Number(b);
    case 'long':
    case 'day_time_interval':
      return (a, b) => {
        const r = BigInt(a) + BigInt(b);
        if (r < LONG_MIN || r > LONG_MAX) {
          if (mode === 'ANSI') throw overflow(type.kind === 'long' ? 'long' : 'interval');
          return mode === 'TRY' ? null : wrapLong(r);
        }
        return r;
      };
    case 'year_month_interval':
      return (a, b) => {
        const r = Number(a) + Number(b);
        if (r < INT_MIN || r > INT_MAX) {
          if (mode === 'ANSI' || mode === 'LEGACY') throw overflow('integer');
          return null;
        }
        return r;
      };
    case 'decimal': {
      const limit = 10n ** BigInt(type.precision);
      return (a, b) => {
        const r = BigInt(a) + BigInt(b);
        if (r >= limit || r <= -limit) {
          if (mode === 'ANSI') throw decimalOverflow(type.precision, type.scale);
          return null;
        }
        return r;
      };
    }
    default:
      return (a, b) => Number(a) + Number(b);
  }
}

function toSumValue(v: Value, type: DataType): number | bigint {
  if (type.kind === 'double' || type.kind === 'float' || type.kind === 'year_month_interval')
    return Number(v);
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

/** Rescales an unscaled decimal to a larger scale (sum of decimal(p,s) keeps s: no-op here). */
function sumImpl(isTry: boolean): AggregateImpl {
  return rowAggregateImpl<SumState>((expr: AggregateExpr, ctx: EvalContext) => {
    const type = expr.dataType;
    const mode = isTry ? 'TRY' : ctx.ansi ? 'ANSI' : 'LEGACY';
    const add = makeAdder(type, mode);
    const accumulate = (s: SumState, x: number | bigint): SumState => {
      if (s.sum === null) s.sum = x;
      else {
        const r = add(s.sum, x);
        if (r === null) {
          // Non-ANSI decimal overflow and try_sum: the result becomes NULL.
          s.failed = true;
          s.sum = null;
        } else s.sum = r;
      }
      return s;
    };
    return {
      bufferTypes: aggregateBufferTypes(expr),
      init: () => ({ sum: null, count: 0, failed: false }),
      update(s, args) {
        if (s.failed) return s;
        return accumulate(s, toSumValue(args[0]!, type));
      },
      merge(s, b) {
        const failed = isTry ? b[1] === true : false;
        if (failed) s.failed = true;
        if (s.failed || b[0] === null || b[0] === undefined) {
          if (s.failed) s.sum = null;
          return s;
        }
        return accumulate(s, toSumValue(b[0], type));
      },
      toBuffer: (s) => (isTry ? [s.sum, s.failed] : [s.sum]),
      result: (s) => (s.failed ? null : s.sum),
    };
  });
}

function roundHalfUpDiv(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const aa = a < 0n ? -a : a;
  const bb = b < 0n ? -b : b;
  const q = (aa * 2n + bb) / (bb * 2n);
  return neg ? -q : q;
}

function avgImpl(isTry: boolean): AggregateImpl {
  return rowAggregateImpl<SumState>((expr: AggregateExpr, ctx: EvalContext) => {
    const bufferTypes = aggregateBufferTypes(expr);
    const sumType = bufferTypes[0]!;
    const mode = isTry ? 'TRY' : ctx.ansi ? 'ANSI' : 'LEGACY';
    const add = makeAdder(sumType, mode);
    const rt = expr.dataType;
    const inType = expr.args[0] ? (expr.args[0] as { dataType?: DataType }).dataType : undefined;
    void inType;
    const addTo = (s: SumState, x: number | bigint, n: number): SumState => {
      if (s.failed) return s;
      if (s.sum === null) s.sum = x;
      else {
        const r = add(s.sum, x);
        if (r === null) {
          s.failed = true;
          s.sum = null;
          return s;
        }
        s.sum = r;
      }
      s.count += n;
      return s;
    };
    return {
      bufferTypes,
      init: () => ({ sum: null, count: 0, failed: false }),
      update: (s, args) => addTo(s, toSumValue(args[0]!, sumType), 1),
      merge(s, b) {
        if (isTry && b[2] === true) s.failed = true;
        if (b[0] === null || b[0] === undefined) return s;
        return addTo(s, toSumValue(b[0], sumType), Number(b[1] ?? 0));
      },
      toBuffer: (s) => (isTry ? [s.sum, BigInt(s.count), s.failed] : [s.sum, BigInt(s.count)]),
      result(s) {
        if (s.failed || s.sum === null || s.count === 0) return null;
        switch (rt.kind) {
          case 'decimal': {
            const sumScale = sumType.kind === 'decimal' ? sumType.scale : 0;
            const up = 10n ** BigInt(rt.scale - sumScale);
            const r = roundHalfUpDiv(BigInt(s.sum) * up, BigInt(s.count));
            if (r >= 10n ** BigInt(rt.precision) || r <= -(10n ** BigInt(rt.precision))) {
              if (mode === 'ANSI') throw decimalOverflow(rt.precision, rt.scale);
              return null;
            }
            return r;
          }
          case 'year_month_interval':
            return Number(roundHalfUpDiv(BigInt(s.sum), BigInt(s.count)));
          case 'day_time_interval':
            return roundHalfUpDiv(BigInt(s.sum), BigInt(s.count));
          default:
            return Number(s.sum) / s.count;
        }
      },
    };
  });
}

// ---------------------------------------------------------------- min / max

function extremum(sign: 1 | -1): AggregateImpl {
  return rowAggregateImpl<{ v: Value }>((expr) => ({
    bufferTypes: aggregateBufferTypes(expr),
    init: () => ({ v: null }),
    update(s, args) {
      const x = args[0]!;
      if (s.v === null || compareValues(x, s.v) * sign > 0) s.v = x;
      return s;
    },
    merge(s, b) {
      const x = b[0] ?? null;
      if (x !== null && (s.v === null || compareValues(x, s.v) * sign > 0)) s.v = x;
      return s;
    },
    toBuffer: (s) => [s.v],
    result: (s) => s.v,
  }));
}

// ---------------------------------------------------------------- first / last / any_value

function firstLast(last: boolean): AggregateImpl {
  return rowAggregateImpl<{ v: Value; set: boolean }>((expr) => {
    const ignoreNulls = expr.ignoreNulls === true || expr.options?.['ignoreNulls'] === true;
    return {
      bufferTypes: aggregateBufferTypes(expr),
      skipNulls: 'none',
      init: () => ({ v: null, set: false }),
      update(s, args) {
        const x = args[0] ?? null;
        if (ignoreNulls && x === null) return s;
        if (last || !s.set) {
          s.v = x;
          s.set = true;
        }
        return s;
      },
      merge(s, b) {
        if (b[1] !== true) return s;
        if (last || !s.set) {
          s.v = b[0] ?? null;
          s.set = true;
        }
        return s;
      },
      toBuffer: (s) => [s.v, s.set],
      result: (s) => s.v,
    };
  });
}

// ---------------------------------------------------------------- boolean and bitwise

const countIf = countingAggregate((args) => args[0] === true);

function boolAgg(isAnd: boolean): AggregateImpl {
  return rowAggregateImpl<{ v: boolean | null }>((expr) => ({
    bufferTypes: aggregateBufferTypes(expr),
    init: () => ({ v: null }),
    update(s, args) {
      const x = args[0] === true;
      s.v = s.v === null ? x : isAnd ? s.v && x : s.v || x;
      return s;
    },
    merge(s, b) {
      if (b[0] === null || b[0] === undefined) return s;
      const x = b[0] === true;
      s.v = s.v === null ? x : isAnd ? s.v && x : s.v || x;
      return s;
    },
    toBuffer: (s) => [s.v],
    result: (s) => s.v,
  }));
}

function bitAgg(op: 'and' | 'or' | 'xor'): AggregateImpl {
  return rowAggregateImpl<{ v: bigint | null }>((expr) => {
    const isLong = expr.dataType.kind === 'long';
    const f = (a: bigint, b: bigint): bigint => (op === 'and' ? a & b : op === 'or' ? a | b : a ^ b);
    const fold = (s: { v: bigint | null }, x: Value): void => {
      const b = BigInt(x as number | bigint);
      s.v = s.v === null ? b : f(s.v, b);
    };
    return {
      bufferTypes: aggregateBufferTypes(expr),
      init: () => ({ v: null }),
      update(s, args) {
        fold(s, args[0]!);
        return s;
      },
      merge(s, b) {
        if (b[0] !== null && b[0] !== undefined) fold(s, b[0]);
        return s;
      },
      toBuffer: (s) => [s.v === null ? null : isLong ? s.v : Number(s.v)],
      result: (s) => (s.v === null ? null : isLong ? s.v : Number(s.v)),
    };
  });
}

const product = rowAggregateImpl<{ v: number | null }>((expr) => ({
  bufferTypes: aggregateBufferTypes(expr),
  init: () => ({ v: null }),
  update(s, args) {
    const x = Number(args[0]);
    s.v = s.v === null ? x : s.v * x;
    return s;
  },
  merge(s, b) {
    if (b[0] !== null && b[0] !== undefined) s.v = s.v === null ? Number(b[0]) : s.v * Number(b[0]);
    return s;
  },
  toBuffer: (s) => [s.v],
  result: (s) => s.v,
}));

/** The argument's type, when the aggregate has one argument. */
function argType(expr: AggregateExpr): DataType | null {
  const a = expr.args[0];
  return expr.args.length === 1 && a !== undefined ? dataTypeOf(a) : null;
}

/** sum, avg, min, max: the typed-array state where the types have one, else the row state. */
function typedOr(
  rowImpl: AggregateImpl,
  typed: (
    expr: AggregateExpr,
    ctx: EvalContext,
    arg: DataType,
  ) => ReturnType<AggregateImpl['createState']> | null,
): AggregateImpl {
  return {
    createState(expr, ctx) {
      const t = argType(expr);
      const st = t === null ? null : typed(expr, ctx, t);
      return st === null ? rowImpl.createState(expr, ctx) : wrapDistinct(expr, st);
    },
  };
}

const typedSum = typedOr(sumImpl(false), (expr, ctx, t) => {
  const layout = numericLayoutOf(t);
  if (layout === null || t.kind.endsWith('interval')) return null;
  const rt = expr.dataType;
  return typedSumState(rt, layout, ctx.ansi, () =>
    rt.kind === 'decimal' ? decimalOverflow(rt.precision, rt.scale) : overflow('long'),
  );
});

const typedAvg = typedOr(avgImpl(false), (expr, ctx, t) => {
  const layout = numericLayoutOf(t);
  if (layout === null || t.kind.endsWith('interval')) return null;
  return typedAvgState(aggregateBufferTypes(expr)[0]!, expr.dataType, layout, ctx.ansi, decimalOverflow);
});

const typedMin = typedOr(extremum(-1), (expr, _ctx, t) =>
  t.kind === expr.dataType.kind ? typedExtremumState(expr.dataType, -1) : null,
);
const typedMax = typedOr(extremum(1), (expr, _ctx, t) =>
  t.kind === expr.dataType.kind ? typedExtremumState(expr.dataType, 1) : null,
);

export const basicAggregates: Record<string, AggregateImpl> = {
  count,
  count_if: countIf,
  sum: typedSum,
  try_sum: sumImpl(true),
  avg: typedAvg,
  try_avg: avgImpl(true),
  min: typedMin,
  max: typedMax,
  first: firstLast(false),
  any_value: firstLast(false),
  last: firstLast(true),
  bool_and: boolAgg(true),
  bool_or: boolAgg(false),
  bit_and: bitAgg('and'),
  bit_or: bitAgg('or'),
  bit_xor: bitAgg('xor'),
  product,
};
