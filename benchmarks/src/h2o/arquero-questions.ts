// The H2O questions written with Arquero's verbs, for the Arquero peer (see tpch/arquero-queries.ts for
// the rules of Arquero expressions). Group-by: all ten (median, stdev and corr are in Arquero's op
// library; q8 uses a window row_number). Join: all five, with Arquero's hash joins.

import type { ArqueroModule, ArqueroQuery, ArqueroTables } from '../engines/arquero.js';

type Tables = ArqueroTables;

export const H2O_GROUPBY_ARQUERO: Readonly<Record<string, ArqueroQuery>> = {
  q1: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .groupby('id1')
      .rollup({ v1: (d) => op.sum(d.v1) });
  },
  q2: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .groupby('id1', 'id2')
      .rollup({ v1: (d) => op.sum(d.v1) });
  },
  q3: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .groupby('id3')
      .rollup({ v1: (d) => op.sum(d.v1), v3: (d) => op.mean(d.v3) });
  },
  q4: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .groupby('id4')
      .rollup({ v1: (d) => op.mean(d.v1), v2: (d) => op.mean(d.v2), v3: (d) => op.mean(d.v3) });
  },
  q5: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .groupby('id6')
      .rollup({ v1: (d) => op.sum(d.v1), v2: (d) => op.sum(d.v2), v3: (d) => op.sum(d.v3) });
  },
  q6: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .groupby('id4', 'id5')
      .rollup({ median_v3: (d) => op.median(d.v3), sd_v3: (d) => op.stdev(d.v3) });
  },
  q7: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .groupby('id3')
      .rollup({ range_v1_v2: (d) => op.max(d.v1) - op.min(d.v2) });
  },
  q8: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .filter((d) => d.v3 != null)
      .groupby('id6')
      .orderby(aq.desc('v3'))
      .derive({ r: () => op.row_number() })
      .filter((d) => d.r <= 2)
      .ungroup()
      .unorder()
      .select({ id6: 'id6', v3: 'largest2_v3' });
  },
  q9: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return (
      t
        .get('x')
        .groupby('id2', 'id4')
        // corr of one row is undefined (SQL NULL), and pow would turn it into NaN.
        .rollup({
          r2: (d) => ((op.count() as unknown as number) < 2 ? null : op.pow(op.corr(d.v1, d.v2), 2)),
        })
    );
  },
  q10: (aq: ArqueroModule, t: Tables) => {
    const { op } = aq;
    return t
      .get('x')
      .groupby('id1', 'id2', 'id3', 'id4', 'id5', 'id6')
      .rollup({ v3: (d) => op.sum(d.v3), count: () => op.count() });
  },
};

/** `x.*` followed by the right table's columns renamed as the question's SQL names them. */
function joinWith(
  t: Tables,
  right: string,
  key: string,
  renamed: Readonly<Record<string, string>>,
  kind: 'inner' | 'left',
) {
  const x = t.get('x');
  const r = t.get(right);
  const rightValues: Record<string, string> = {};
  for (const [column, as] of Object.entries(renamed)) rightValues[column] = as;
  const rightTable = r.select({ [key]: `__key_${key}`, ...rightValues, v2: 'v2' });
  const joined =
    kind === 'inner'
      ? x.join(rightTable, [key, `__key_${key}`], [x.columnNames(), Object.values(rightValues).concat('v2')])
      : x.join_left(
          rightTable,
          [key, `__key_${key}`],
          [x.columnNames(), Object.values(rightValues).concat('v2')],
        );
  return joined;
}

export const H2O_JOIN_ARQUERO: Readonly<Record<string, ArqueroQuery>> = {
  q1: (_aq: ArqueroModule, t: Tables) => joinWith(t, 'small', 'id1', { id4: 'small_id4' }, 'inner'),
  q2: (_aq: ArqueroModule, t: Tables) =>
    joinWith(t, 'medium', 'id2', { id1: 'medium_id1', id4: 'medium_id4', id5: 'medium_id5' }, 'inner'),
  q3: (_aq: ArqueroModule, t: Tables) =>
    joinWith(t, 'medium', 'id2', { id1: 'medium_id1', id4: 'medium_id4', id5: 'medium_id5' }, 'left'),
  q4: (_aq: ArqueroModule, t: Tables) =>
    joinWith(t, 'medium', 'id5', { id1: 'medium_id1', id2: 'medium_id2', id4: 'medium_id4' }, 'inner'),
  q5: (_aq: ArqueroModule, t: Tables) =>
    joinWith(
      t,
      'big',
      'id3',
      { id1: 'big_id1', id2: 'big_id2', id4: 'big_id4', id5: 'big_id5', id6: 'big_id6' },
      'inner',
    ),
};
