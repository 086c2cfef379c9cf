// Kernels of the TIME type: time +/- interval, time - time, to_time / try_to_time, time_trunc, make_time,
// current_time. Values are nanoseconds since midnight.

import {
  FlintError,
  NANOS_PER_MICRO_B,
  NANOS_PER_SECOND_B,
  T,
  isValidTime,
  parseTime,
  requireTimeZone,
  truncateTime,
  localMicrosToUtc,
  utcMicrosToLocal,
  type Vector,
} from '@flint/common';
import {
  DateTimeParseFailure as ParseFailure,
  compileDateTimePattern as compilePattern,
  formatDateTimeWith as formatWith,
  parseDateTimeWith as parseWith,
  type DateTimeToken as Token,
} from '@flint/common';
import type { EvalContext, ScalarFunctionExpr, ScalarKernel } from './kernel.js';
import { bigAt, mapRows, mapRowsAll, memo1, numAt, strAt } from './string-util.js';

function timeOverflow(): FlintError {
  return new FlintError(
    'DATETIME_OVERFLOW',
    '[DATETIME_OVERFLOW] Datetime operation overflow: the result is out of the TIME range.',
    { operation: 'add interval to time' },
    null,
    '22008',
  );
}

/** Parses a time with a datetime pattern; null when it does not match. */
export function parseTimeWith(tokens: readonly Token[], s: string): bigint | null {
  try {
    const p = parseWith(tokens, s);
    return (
      (BigInt(p.hour * 3600 + p.minute * 60 + p.second) * 1_000_000n + BigInt(p.micros)) * NANOS_PER_MICRO_B
    );
  } catch (e) {
    if (e instanceof ParseFailure) return null;
    throw e;
  }
}

/** Formats a time of day with a datetime pattern (date fields read as 1970-01-01). */
export function formatTimeWith(tokens: readonly Token[], nanos: bigint): string {
  const sec = Number(nanos / NANOS_PER_SECOND_B);
  const micros = Number((nanos % NANOS_PER_SECOND_B) / NANOS_PER_MICRO_B);
  return formatWith(tokens, {
    year: 1970,
    month: 1,
    day: 1,
    hour: Math.floor(sec / 3600),
    minute: Math.floor((sec % 3600) / 60),
    second: sec % 60,
    micros,
    epochDay: 0,
    offset: 0,
    zone: null,
    epochSec: sec,
  });
}

const UNIT_STEP: Record<string, bigint> = {
  HOUR: 3600n * NANOS_PER_SECOND_B,
  MINUTE: 60n * NANOS_PER_SECOND_B,
  SECOND: NANOS_PER_SECOND_B,
  MILLISECOND: 1_000_000n,
  MICROSECOND: 1_000n,
};

export const timeKernels: Record<string, ScalarKernel> = {
  time_add_interval: (args, expr, _c, n) => {
    const tryMode = expr.options?.['try'] === true;
    return mapRows(args, n, expr.dataType, (i) => {
      const r = bigAt(args[0]!, i) + bigAt(args[1]!, i) * NANOS_PER_MICRO_B;
      if (isValidTime(r)) return r;
      if (tryMode) return null;
      throw timeOverflow();
    });
  },
  subtract_times: (args, _e, _c, n) =>
    mapRows(
      args,
      n,
      T.dayTimeInterval(1, 3),
      (i) => (bigAt(args[0]!, i) - bigAt(args[1]!, i)) / NANOS_PER_MICRO_B,
    ),
  to_time: (args, expr, _c, n) => {
    const tryMode = expr.options?.['try'] === true;
    const compile = memo1(compilePattern);
    return mapRows(args, n, expr.dataType, (i) => {
      const s = strAt(args[0]!, i);
      const r = args.length > 1 ? parseTimeWith(compile(strAt(args[1]!, i)), s) : parseTime(s);
      if (r !== null) return r;
      if (tryMode) return null;
      throw new FlintError(
        'CANNOT_PARSE_TIME',
        `[CANNOT_PARSE_TIME] The input string '${s}' cannot be parsed to a TIME value because it does not match to the datetime format${args.length > 1 ? ` '${strAt(args[1]!, i)}'` : ''}.`,
        { input: `'${s}'`, format: args.length > 1 ? `'${strAt(args[1]!, i)}'` : "'HH:mm:ss.SSSSSS'" },
        null,
        '22010',
      );
    });
  },
  time_trunc: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, (i) => {
      const unit = strAt(args[0]!, i).toUpperCase();
      const step = UNIT_STEP[unit];
      if (step === undefined) {
        throw new FlintError(
          'INVALID_PARAMETER_VALUE.TIME_UNIT',
          `[INVALID_PARAMETER_VALUE.TIME_UNIT] The value of parameter(s) \`unit\` in \`time_trunc\` is invalid: expects one of the units 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND', but got '${strAt(args[0]!, i)}'.`,
          { parameter: '`unit`', functionName: '`time_trunc`', invalidValue: `'${strAt(args[0]!, i)}'` },
          null,
          '22023',
        );
      }
      const t = bigAt(args[1]!, i);
      return t - (t % step);
    }),
  make_time: (args, _e, _c, n) =>
    mapRows(args, n, T.time(6), (i) => {
      const h = numAt(args[0]!, i);
      const m = numAt(args[1]!, i);
      // seconds as decimal(16,6): unscaled micros
      const secMicros = bigAt(args[2]!, i);
      if (h < 0 || h > 23 || m < 0 || m > 59 || secMicros < 0n || secMicros >= 60_000_000n) {
        throw new FlintError(
          'DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION',
          `[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid time ${h}:${m}:${secMicros}.`,
          { rangeMessage: 'Invalid time' },
          null,
          '22023',
        );
      }
      return (BigInt(h * 3600 + m * 60) * 1_000_000n + secMicros) * NANOS_PER_MICRO_B;
    }),
  current_time: (_args, expr, ctx, n) => {
    const p = expr.dataType.kind === 'time' ? expr.dataType.precision : 6;
    const local = utcMicrosToLocal(ctx.queryStartMicros, requireTimeZone(ctx.timeZone));
    const day = 86_400_000_000n;
    const t = truncateTime((((local % day) + day) % day) * NANOS_PER_MICRO_B, p);
    return mapRows([], n, expr.dataType, () => t);
  },
};

/**
 * make_timestamp*(date[, time[, tz]]): the local date-time of the date and time (midnight without a
 * time), read in `tz` / the session zone, or as is for TIMESTAMP_NTZ. `form` is 'date', 'datetime' or 'null'.
 */
export function makeTimestampDateTime(
  args: readonly Vector[],
  expr: ScalarFunctionExpr,
  ctx: EvalContext,
  n: number,
  form: string,
): Vector {
  if (form === 'null') return mapRowsAll(n, expr.dataType, () => null);
  const ntz = expr.dataType.kind === 'timestamp_ntz';
  const session = requireTimeZone(ctx.timeZone);
  const withTime = form === 'datetime';
  const tzArg = withTime ? args[2] : args[1];
  return mapRows(args, n, expr.dataType, (i) => {
    const local =
      BigInt(numAt(args[0]!, i)) * 86_400_000_000n + (withTime ? bigAt(args[1]!, i) / NANOS_PER_MICRO_B : 0n);
    if (ntz) return local;
    const zone = tzArg === undefined ? session : requireTimeZone(strAt(tzArg, i));
    return localMicrosToUtc(local, zone);
  });
}
