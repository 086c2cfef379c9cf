// Window specifications: `Window.partitionBy('a').orderBy(col('b').desc()).rowsBetween(...)`; immutable,
// used by `column.over(spec)`.

import { FlintError, T } from '@flint/common';
import type { Expr, FrameBoundary, SortOrder, WindowFrameSpec } from '@flint/planner';
import { nameExpr, type ColumnOrName } from './column.js';
import { literal, toSortOrder } from './exprs.js';

// PySpark's boundaries are Java longs: Long.MinValue / Long.MaxValue mean unbounded.
const UNBOUNDED_PRECEDING = -(2 ** 63);
const UNBOUNDED_FOLLOWING = 2 ** 63 - 1;

type Bound = number | bigint;

function flatten(cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): ColumnOrName[] {
  return cols.flatMap((c) => (Array.isArray(c) ? (c as ColumnOrName[]) : [c as ColumnOrName]));
}

function invalidBoundary(which: 'start' | 'end', value: Bound): FlintError {
  const cls = which === 'start' ? 'INVALID_BOUNDARY.START' : 'INVALID_BOUNDARY.END';
  const limit = which === 'start' ? 'Window.unboundedPreceding' : 'Window.unboundedFollowing';
  return new FlintError(
    cls,
    `[${cls}] The boundary <${which}> is invalid: ${value}. Expected values are ${limit}, Window.currentRow or literal from [-2147483648, 2147483647]. SQLSTATE: 22003`,
    {
      boundary: which,
      invalidValue: String(value),
      longMinValue: '-9223372036854775808',
      intMinValue: '-2147483648',
      intMaxValue: '2147483647',
    },
    null,
    '22003',
  );
}

function toBoundary(v: Bound, which: 'start' | 'end', rows: boolean): FrameBoundary {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (n === 0) return { kind: 'CurrentRow' };
  if (which === 'start' && n <= UNBOUNDED_PRECEDING) return { kind: 'UnboundedPreceding' };
  if (which === 'end' && n >= UNBOUNDED_FOLLOWING) return { kind: 'UnboundedFollowing' };
  if (!Number.isInteger(n)) throw invalidBoundary(which, v);
  if (rows) {
    // ROWS offsets are ints in Spark.
    if (n < -2147483648 || n > 2147483647) throw invalidBoundary(which, v);
    return { kind: 'Offset', value: literal(n, T.int) };
  }
  return { kind: 'Offset', value: literal(typeof v === 'bigint' ? v : BigInt(v), T.long) };
}

export class WindowSpec {
  constructor(
    readonly partitionSpec: readonly Expr[] = [],
    readonly orderSpec: readonly SortOrder[] = [],
    readonly frame: WindowFrameSpec | null = null,
  ) {}

  partitionBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec {
    return new WindowSpec(flatten(cols).map(nameExpr), this.orderSpec, this.frame);
  }
  orderBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec {
    return new WindowSpec(
      this.partitionSpec,
      flatten(cols).map((c) => toSortOrder(nameExpr(c))),
      this.frame,
    );
  }
  rowsBetween(start: Bound, end: Bound): WindowSpec {
    return new WindowSpec(this.partitionSpec, this.orderSpec, {
      frameType: 'RowFrame',
      lower: toBoundary(start, 'start', true),
      upper: toBoundary(end, 'end', true),
    });
  }
  rangeBetween(start: Bound, end: Bound): WindowSpec {
    return new WindowSpec(this.partitionSpec, this.orderSpec, {
      frameType: 'RangeFrame',
      lower: toBoundary(start, 'start', false),
      upper: toBoundary(end, 'end', false),
    });
  }
}

/** PySpark's `Window`: static builders of WindowSpec. */
export const Window = {
  unboundedPreceding: UNBOUNDED_PRECEDING,
  unboundedFollowing: UNBOUNDED_FOLLOWING,
  currentRow: 0,
  partitionBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec {
    return new WindowSpec().partitionBy(...cols);
  },
  orderBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec {
    return new WindowSpec().orderBy(...cols);
  },
  rowsBetween(start: Bound, end: Bound): WindowSpec {
    return new WindowSpec().rowsBetween(start, end);
  },
  rangeBetween(start: Bound, end: Bound): WindowSpec {
    return new WindowSpec().rangeBetween(start, end);
  },
} as const;
