// Kernels of try_make_timestamp / _ltz / _ntz: the field forms run make_timestamp* with errors turned
// into NULL (non-ANSI evaluation); the date form is midnight of the date; the NULL form is all NULL.

import { daysToMicros, requireTimeZone } from '@flint/common';
import type { ScalarKernel } from './kernel.js';
import { datetimeKernels } from './datetime.js';
import { makeTimestampDateTime } from './time.js';
import { mapRows, mapRowsAll, numAt, strAt } from './string-util.js';

const tryMakeTimestamp: ScalarKernel = (args, expr, ctx, n) => {
  const mode = expr.options?.['mode'];
  if (mode === 'fields') {
    const target = datetimeKernels[String(expr.options?.['target'])];
    if (target === undefined) throw new Error(`missing kernel ${String(expr.options?.['target'])}`);
    return target(args, expr, { ...ctx, ansi: false }, n);
  }
  if (mode === 'null') return mapRowsAll(n, expr.dataType, () => null);
  if (mode === 'datetime') return makeTimestampDateTime(args, expr, ctx, n, 'datetime');
  const ntz = expr.dataType.kind === 'timestamp_ntz';
  const session = requireTimeZone(ctx.timeZone);
  return mapRows(args, n, expr.dataType, (i) => {
    const days = numAt(args[0]!, i);
    if (ntz) return BigInt(days) * 86400000000n;
    const zone = args.length > 1 ? requireTimeZone(strAt(args[1]!, i)) : session;
    return daysToMicros(days, zone);
  });
};

export const tryMakeTimestampKernels: Record<string, ScalarKernel> = {
  try_make_timestamp: tryMakeTimestamp,
  try_make_timestamp_ltz: tryMakeTimestamp,
  try_make_timestamp_ntz: tryMakeTimestamp,
};
