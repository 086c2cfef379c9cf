import { describe, expect, it } from 'vitest';
import { T } from '@flint/common';
import { col, row_number, sum } from './functions.js';
import { Window } from './window.js';

describe('Window', () => {
  it('builds an unresolved window expression', () => {
    const w = Window.partitionBy('state').orderBy(col('amount').desc());
    const e = row_number().over(w).expr;
    expect(e).toEqual({
      kind: 'UnresolvedWindowExpression',
      function: {
        kind: 'UnresolvedFunction',
        name: ['row_number'],
        args: [],
        distinct: false,
        isStar: false,
        filter: null,
        ignoreNulls: false,
      },
      partitionSpec: [{ kind: 'UnresolvedAttribute', nameParts: ['state'] }],
      orderSpec: [
        {
          kind: 'SortOrder',
          child: { kind: 'UnresolvedAttribute', nameParts: ['amount'] },
          direction: 'Descending',
          nullOrdering: 'NullsLast',
        },
      ],
      frame: null,
    });
  });

  it('maps boundaries as Spark: Long.MinValue/MaxValue unbounded, 0 current row', () => {
    const w = Window.orderBy('a').rowsBetween(Window.unboundedPreceding, Window.currentRow);
    expect(w.frame).toEqual({
      frameType: 'RowFrame',
      lower: { kind: 'UnboundedPreceding' },
      upper: { kind: 'CurrentRow' },
    });
    const r = Window.orderBy('a').rangeBetween(-2, Window.unboundedFollowing);
    expect(r.frame).toEqual({
      frameType: 'RangeFrame',
      lower: { kind: 'Offset', value: { kind: 'Literal', value: -2n, dataType: T.long } },
      upper: { kind: 'UnboundedFollowing' },
    });
    expect(sum('x').over(Window.orderBy('a').rowsBetween(-1, 1)).toString()).toBe(
      'sum(x) OVER (ORDER BY a ASC NULLS FIRST ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)',
    );
  });

  it('keeps the frame when ordering is set after it', () => {
    const w = Window.rowsBetween(-1, 0).orderBy('a').partitionBy('p');
    expect(w.frame?.frameType).toBe('RowFrame');
    expect(w.partitionSpec).toHaveLength(1);
  });

  it('rejects row offsets outside the int range', () => {
    expect(() => Window.rowsBetween(-3_000_000_000, 0)).toThrowError(/INVALID_BOUNDARY/);
  });
});
