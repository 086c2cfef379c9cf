// The TPC-H queries written with Arquero's verbs, for the Arquero peer: joins with `join`/`semijoin`/
// `antijoin`, filters with `filter`, aggregates with `groupby` + `rollup`, sorts with `orderby`.
// Arquero parses each expression function from its source text, so the functions may only refer to
// their row (`d`), to `op` and to literals; scalar subquery results are passed in through `params`.
// Dates are ISO `YYYY-MM-DD` strings (engines/arquero.ts loads them so), compared as text.

import type { ArqueroModule, ArqueroQuery, ArqueroTables } from '../engines/arquero.js';

type Tables = ArqueroTables;

type Table = ReturnType<Tables['get']>;

/** The table with named values for its expressions' `$` (Arquero's params() has a loose return type). */
function withParams(table: Table, values: Record<string, number>): Table {
  return table.params(values) as Table;
}

/** A scalar out of a one-row table. */
function scalar(t: Table, column: string): number {
  return Number(t.get(column, 0));
}

const q01 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  return t
    .get('lineitem')
    .filter((d) => d.l_shipdate <= '1998-09-02')
    .groupby('l_returnflag', 'l_linestatus')
    .rollup({
      sum_qty: (d) => op.sum(d.l_quantity),
      sum_base_price: (d) => op.sum(d.l_extendedprice),
      sum_disc_price: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)),
      sum_charge: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount) * (1 + d.l_tax)),
      avg_qty: (d) => op.mean(d.l_quantity),
      avg_price: (d) => op.mean(d.l_extendedprice),
      avg_disc: (d) => op.mean(d.l_discount),
      count_order: () => op.count(),
    })
    .orderby('l_returnflag', 'l_linestatus');
};

const q02 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const europe = t
    .get('nation')
    .join(
      t.get('region').filter((d) => d.r_name === 'EUROPE'),
      ['n_regionkey', 'r_regionkey'],
    )
    .select('n_nationkey', 'n_name');
  const suppliers = t.get('supplier').join(europe, ['s_nationkey', 'n_nationkey']);
  const offers = t.get('partsupp').join(suppliers, ['ps_suppkey', 's_suppkey']);
  const cheapest = offers.groupby('ps_partkey').rollup({ min_cost: (d) => op.min(d.ps_supplycost) });
  const parts = t.get('part').filter((d) => d.p_size === 15 && op.endswith(d.p_type, 'BRASS'));
  return offers
    .join(parts, ['ps_partkey', 'p_partkey'])
    .join(cheapest, [
      ['ps_partkey', 'ps_supplycost'],
      ['ps_partkey', 'min_cost'],
    ])
    .orderby(aq.desc('s_acctbal'), 'n_name', 's_name', 'p_partkey')
    .slice(0, 100)
    .select('s_acctbal', 's_name', 'n_name', 'p_partkey', 'p_mfgr', 's_address', 's_phone', 's_comment');
};

const q03 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const customers = t
    .get('customer')
    .filter((d) => d.c_mktsegment === 'BUILDING')
    .select('c_custkey');
  const orders = t
    .get('orders')
    .filter((d) => d.o_orderdate < '1995-03-15')
    .select('o_orderkey', 'o_custkey', 'o_orderdate', 'o_shippriority')
    .join(customers, ['o_custkey', 'c_custkey']);
  return t
    .get('lineitem')
    .filter((d) => d.l_shipdate > '1995-03-15')
    .select('l_orderkey', 'l_extendedprice', 'l_discount')
    .join(orders, ['l_orderkey', 'o_orderkey'])
    .groupby('l_orderkey', 'o_orderdate', 'o_shippriority')
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) })
    .orderby(aq.desc('revenue'), 'o_orderdate')
    .slice(0, 10)
    .select('l_orderkey', 'revenue', 'o_orderdate', 'o_shippriority');
};

const q04 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const late = t.get('lineitem').filter((d) => d.l_commitdate < d.l_receiptdate);
  return t
    .get('orders')
    .filter((d) => d.o_orderdate >= '1993-07-01' && d.o_orderdate < '1993-10-01')
    .semijoin(late, ['o_orderkey', 'l_orderkey'])
    .groupby('o_orderpriority')
    .rollup({ order_count: () => op.count() })
    .orderby('o_orderpriority');
};

const q05 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const asia = t
    .get('nation')
    .join(
      t.get('region').filter((d) => d.r_name === 'ASIA'),
      ['n_regionkey', 'r_regionkey'],
    )
    .select('n_nationkey', 'n_name');
  const suppliers = t
    .get('supplier')
    .select('s_suppkey', 's_nationkey')
    .join(asia, ['s_nationkey', 'n_nationkey']);
  const orders = t
    .get('orders')
    .filter((d) => d.o_orderdate >= '1994-01-01' && d.o_orderdate < '1995-01-01')
    .select('o_orderkey', 'o_custkey')
    .join(t.get('customer').select('c_custkey', 'c_nationkey'), ['o_custkey', 'c_custkey']);
  return t
    .get('lineitem')
    .select('l_orderkey', 'l_suppkey', 'l_extendedprice', 'l_discount')
    .join(orders, ['l_orderkey', 'o_orderkey'])
    .join(suppliers, [
      ['l_suppkey', 'c_nationkey'],
      ['s_suppkey', 's_nationkey'],
    ])
    .groupby('n_name')
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) })
    .orderby(aq.desc('revenue'));
};

const q06 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  return t
    .get('lineitem')
    .filter(
      (d) =>
        d.l_shipdate >= '1994-01-01' &&
        d.l_shipdate < '1995-01-01' &&
        d.l_discount >= 0.05 &&
        d.l_discount <= 0.07 &&
        d.l_quantity < 24,
    )
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * d.l_discount) });
};

const q07 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const nations = t.get('nation').filter((d) => d.n_name === 'FRANCE' || d.n_name === 'GERMANY');
  const suppliers = t
    .get('supplier')
    .join(nations, ['s_nationkey', 'n_nationkey'])
    .select({ s_suppkey: 's_suppkey', n_name: 'supp_nation' });
  const customers = t
    .get('customer')
    .join(nations, ['c_nationkey', 'n_nationkey'])
    .select({ c_custkey: 'c_custkey', n_name: 'cust_nation' });
  return t
    .get('lineitem')
    .filter((d) => d.l_shipdate >= '1995-01-01' && d.l_shipdate <= '1996-12-31')
    .select('l_orderkey', 'l_suppkey', 'l_extendedprice', 'l_discount', 'l_shipdate')
    .join(suppliers, ['l_suppkey', 's_suppkey'])
    .join(t.get('orders').select('o_orderkey', 'o_custkey'), ['l_orderkey', 'o_orderkey'])
    .join(customers, ['o_custkey', 'c_custkey'])
    .filter(
      (d) =>
        (d.supp_nation === 'FRANCE' && d.cust_nation === 'GERMANY') ||
        (d.supp_nation === 'GERMANY' && d.cust_nation === 'FRANCE'),
    )
    .derive({
      l_year: (d) => op.parse_int(op.substring(d.l_shipdate, 0, 4)),
      volume: (d) => d.l_extendedprice * (1 - d.l_discount),
    })
    .groupby('supp_nation', 'cust_nation', 'l_year')
    .rollup({ revenue: (d) => op.sum(d.volume) })
    .orderby('supp_nation', 'cust_nation', 'l_year');
};

const q08 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const america = t
    .get('nation')
    .join(
      t.get('region').filter((d) => d.r_name === 'AMERICA'),
      ['n_regionkey', 'r_regionkey'],
    )
    .select('n_nationkey');
  const customers = t
    .get('customer')
    .select('c_custkey', 'c_nationkey')
    .semijoin(america, ['c_nationkey', 'n_nationkey']);
  const orders = t
    .get('orders')
    .filter((d) => d.o_orderdate >= '1995-01-01' && d.o_orderdate <= '1996-12-31')
    .select('o_orderkey', 'o_custkey', 'o_orderdate')
    .semijoin(customers, ['o_custkey', 'c_custkey']);
  const parts = t
    .get('part')
    .filter((d) => d.p_type === 'ECONOMY ANODIZED STEEL')
    .select('p_partkey');
  const supplierNation = t
    .get('supplier')
    .join(t.get('nation'), ['s_nationkey', 'n_nationkey'])
    .select({ s_suppkey: 's_suppkey', n_name: 'nation' });
  return t
    .get('lineitem')
    .select('l_orderkey', 'l_partkey', 'l_suppkey', 'l_extendedprice', 'l_discount')
    .semijoin(parts, ['l_partkey', 'p_partkey'])
    .join(orders, ['l_orderkey', 'o_orderkey'])
    .join(supplierNation, ['l_suppkey', 's_suppkey'])
    .derive({
      o_year: (d) => op.parse_int(op.substring(d.o_orderdate, 0, 4)),
      volume: (d) => d.l_extendedprice * (1 - d.l_discount),
    })
    .groupby('o_year')
    .rollup({ mkt_share: (d) => op.sum(d.nation === 'BRAZIL' ? d.volume : 0) / op.sum(d.volume) })
    .orderby('o_year');
};

const q09 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const parts = t
    .get('part')
    .filter((d) => op.indexof(d.p_name, 'green') >= 0)
    .select('p_partkey');
  const supplierNation = t
    .get('supplier')
    .join(t.get('nation'), ['s_nationkey', 'n_nationkey'])
    .select({ s_suppkey: 's_suppkey', n_name: 'nation' });
  return t
    .get('lineitem')
    .select('l_orderkey', 'l_partkey', 'l_suppkey', 'l_quantity', 'l_extendedprice', 'l_discount')
    .semijoin(parts, ['l_partkey', 'p_partkey'])
    .join(t.get('partsupp').select('ps_partkey', 'ps_suppkey', 'ps_supplycost'), [
      ['l_partkey', 'l_suppkey'],
      ['ps_partkey', 'ps_suppkey'],
    ])
    .join(supplierNation, ['l_suppkey', 's_suppkey'])
    .join(t.get('orders').select('o_orderkey', 'o_orderdate'), ['l_orderkey', 'o_orderkey'])
    .derive({
      o_year: (d) => op.parse_int(op.substring(d.o_orderdate, 0, 4)),
      amount: (d) => d.l_extendedprice * (1 - d.l_discount) - d.ps_supplycost * d.l_quantity,
    })
    .groupby('nation', 'o_year')
    .rollup({ sum_profit: (d) => op.sum(d.amount) })
    .orderby('nation', aq.desc('o_year'));
};

const q10 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const orders = t
    .get('orders')
    .filter((d) => d.o_orderdate >= '1993-10-01' && d.o_orderdate < '1994-01-01')
    .select('o_orderkey', 'o_custkey');
  return t
    .get('lineitem')
    .filter((d) => d.l_returnflag === 'R')
    .select('l_orderkey', 'l_extendedprice', 'l_discount')
    .join(orders, ['l_orderkey', 'o_orderkey'])
    .join(t.get('customer'), ['o_custkey', 'c_custkey'])
    .join(t.get('nation').select('n_nationkey', 'n_name'), ['c_nationkey', 'n_nationkey'])
    .groupby('c_custkey', 'c_name', 'c_acctbal', 'c_phone', 'n_name', 'c_address', 'c_comment')
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) })
    .orderby(aq.desc('revenue'))
    .slice(0, 20)
    .select('c_custkey', 'c_name', 'revenue', 'c_acctbal', 'n_name', 'c_address', 'c_phone', 'c_comment');
};

const q11 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const german = t
    .get('partsupp')
    .join(t.get('supplier').select('s_suppkey', 's_nationkey'), ['ps_suppkey', 's_suppkey'])
    .semijoin(
      t.get('nation').filter((d) => d.n_name === 'GERMANY'),
      ['s_nationkey', 'n_nationkey'],
    )
    .derive({ value: (d) => d.ps_supplycost * d.ps_availqty });
  const threshold = scalar(german.rollup({ total: (d) => op.sum(d.value) * 0.0001 }), 'total');
  const values = german.groupby('ps_partkey').rollup({ value: (d) => op.sum(d.value) });
  return withParams(values, { threshold })
    .filter((d, $) => d.value > $.threshold)
    .orderby(aq.desc('value'));
};

const q12 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  return t
    .get('lineitem')
    .filter(
      (d) =>
        (d.l_shipmode === 'MAIL' || d.l_shipmode === 'SHIP') &&
        d.l_commitdate < d.l_receiptdate &&
        d.l_shipdate < d.l_commitdate &&
        d.l_receiptdate >= '1994-01-01' &&
        d.l_receiptdate < '1995-01-01',
    )
    .select('l_orderkey', 'l_shipmode')
    .join(t.get('orders').select('o_orderkey', 'o_orderpriority'), ['l_orderkey', 'o_orderkey'])
    .groupby('l_shipmode')
    .rollup({
      high_line_count: (d) =>
        op.sum(d.o_orderpriority === '1-URGENT' || d.o_orderpriority === '2-HIGH' ? 1 : 0),
      low_line_count: (d) =>
        op.sum(d.o_orderpriority !== '1-URGENT' && d.o_orderpriority !== '2-HIGH' ? 1 : 0),
    })
    .orderby('l_shipmode');
};

const q13 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const orders = t
    .get('orders')
    .filter((d) => !op.match(d.o_comment, /special.*requests/, 0))
    .select('o_orderkey', 'o_custkey');
  return t
    .get('customer')
    .select('c_custkey')
    .join_left(orders, ['c_custkey', 'o_custkey'])
    .groupby('c_custkey')
    .rollup({ c_count: (d) => op.valid(d.o_orderkey) })
    .groupby('c_count')
    .rollup({ custdist: () => op.count() })
    .orderby(aq.desc('custdist'), aq.desc('c_count'));
};

const q14 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  return t
    .get('lineitem')
    .filter((d) => d.l_shipdate >= '1995-09-01' && d.l_shipdate < '1995-10-01')
    .select('l_partkey', 'l_extendedprice', 'l_discount')
    .join(t.get('part').select('p_partkey', 'p_type'), ['l_partkey', 'p_partkey'])
    .rollup({
      promo_revenue: (d) =>
        (100 * op.sum(op.startswith(d.p_type, 'PROMO') ? d.l_extendedprice * (1 - d.l_discount) : 0)) /
        op.sum(d.l_extendedprice * (1 - d.l_discount)),
    });
};

const q15 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const revenue = t
    .get('lineitem')
    .filter((d) => d.l_shipdate >= '1996-01-01' && d.l_shipdate < '1996-04-01')
    .groupby('l_suppkey')
    .rollup({ total_revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) });
  const best = scalar(revenue.rollup({ best: (d) => op.max(d.total_revenue) }), 'best');
  return t
    .get('supplier')
    .join(
      withParams(revenue, { best }).filter((d, $) => d.total_revenue === $.best),
      ['s_suppkey', 'l_suppkey'],
    )
    .select('s_suppkey', 's_name', 's_address', 's_phone', 'total_revenue')
    .orderby('s_suppkey');
};

const q16 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const complaints = t.get('supplier').filter((d) => op.match(d.s_comment, /Customer.*Complaints/, 0));
  const parts = t
    .get('part')
    .filter(
      (d) =>
        d.p_brand !== 'Brand#45' &&
        !op.startswith(d.p_type, 'MEDIUM POLISHED') &&
        (d.p_size === 49 ||
          d.p_size === 14 ||
          d.p_size === 23 ||
          d.p_size === 45 ||
          d.p_size === 19 ||
          d.p_size === 3 ||
          d.p_size === 36 ||
          d.p_size === 9),
    )
    .select('p_partkey', 'p_brand', 'p_type', 'p_size');
  return t
    .get('partsupp')
    .select('ps_partkey', 'ps_suppkey')
    .antijoin(complaints, ['ps_suppkey', 's_suppkey'])
    .join(parts, ['ps_partkey', 'p_partkey'])
    .groupby('p_brand', 'p_type', 'p_size')
    .rollup({ supplier_cnt: (d) => op.distinct(d.ps_suppkey) })
    .orderby(aq.desc('supplier_cnt'), 'p_brand', 'p_type', 'p_size');
};

const q17 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const parts = t
    .get('part')
    .filter((d) => d.p_brand === 'Brand#23' && d.p_container === 'MED BOX')
    .select('p_partkey');
  const lines = t
    .get('lineitem')
    .select('l_partkey', 'l_quantity', 'l_extendedprice')
    .semijoin(parts, ['l_partkey', 'p_partkey']);
  const limits = lines.groupby('l_partkey').rollup({ qty_limit: (d) => 0.2 * op.mean(d.l_quantity) });
  return lines
    .join(limits, 'l_partkey')
    .filter((d) => d.l_quantity < d.qty_limit)
    .rollup({ avg_yearly: (d) => op.sum(d.l_extendedprice) / 7.0 });
};

const q18 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const lineitem = t.get('lineitem').select('l_orderkey', 'l_quantity');
  const large = lineitem
    .groupby('l_orderkey')
    .rollup({ qty: (d) => op.sum(d.l_quantity) })
    .filter((d) => d.qty > 300);
  return t
    .get('orders')
    .select('o_orderkey', 'o_custkey', 'o_orderdate', 'o_totalprice')
    .semijoin(large, ['o_orderkey', 'l_orderkey'])
    .join(t.get('customer').select('c_custkey', 'c_name'), ['o_custkey', 'c_custkey'])
    .join(lineitem, ['o_orderkey', 'l_orderkey'])
    .groupby('c_name', 'c_custkey', 'o_orderkey', 'o_orderdate', 'o_totalprice')
    .rollup({ sum_qty: (d) => op.sum(d.l_quantity) })
    .orderby(aq.desc('o_totalprice'), 'o_orderdate')
    .slice(0, 100);
};

const q19 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  return t
    .get('lineitem')
    .filter(
      (d) =>
        (d.l_shipmode === 'AIR' || d.l_shipmode === 'AIR REG') && d.l_shipinstruct === 'DELIVER IN PERSON',
    )
    .select('l_partkey', 'l_quantity', 'l_extendedprice', 'l_discount')
    .join(t.get('part').select('p_partkey', 'p_brand', 'p_container', 'p_size'), ['l_partkey', 'p_partkey'])
    .filter(
      (d) =>
        (d.p_brand === 'Brand#12' &&
          (d.p_container === 'SM CASE' ||
            d.p_container === 'SM BOX' ||
            d.p_container === 'SM PACK' ||
            d.p_container === 'SM PKG') &&
          d.l_quantity >= 1 &&
          d.l_quantity <= 11 &&
          d.p_size >= 1 &&
          d.p_size <= 5) ||
        (d.p_brand === 'Brand#23' &&
          (d.p_container === 'MED BAG' ||
            d.p_container === 'MED BOX' ||
            d.p_container === 'MED PKG' ||
            d.p_container === 'MED PACK') &&
          d.l_quantity >= 10 &&
          d.l_quantity <= 20 &&
          d.p_size >= 1 &&
          d.p_size <= 10) ||
        (d.p_brand === 'Brand#34' &&
          (d.p_container === 'LG CASE' ||
            d.p_container === 'LG BOX' ||
            d.p_container === 'LG PACK' ||
            d.p_container === 'LG PKG') &&
          d.l_quantity >= 20 &&
          d.l_quantity <= 30 &&
          d.p_size >= 1 &&
          d.p_size <= 15),
    )
    .rollup({ revenue: (d) => op.sum(d.l_extendedprice * (1 - d.l_discount)) });
};

const q20 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const forest = t
    .get('part')
    .filter((d) => op.startswith(d.p_name, 'forest'))
    .select('p_partkey');
  const shipped = t
    .get('lineitem')
    .filter((d) => d.l_shipdate >= '1994-01-01' && d.l_shipdate < '1995-01-01')
    .semijoin(forest, ['l_partkey', 'p_partkey'])
    .groupby('l_partkey', 'l_suppkey')
    .rollup({ half_qty: (d) => 0.5 * op.sum(d.l_quantity) });
  const offers = t
    .get('partsupp')
    .select('ps_partkey', 'ps_suppkey', 'ps_availqty')
    .semijoin(forest, ['ps_partkey', 'p_partkey'])
    .join(shipped, [
      ['ps_partkey', 'ps_suppkey'],
      ['l_partkey', 'l_suppkey'],
    ])
    .filter((d) => d.ps_availqty > d.half_qty);
  return t
    .get('supplier')
    .semijoin(offers, ['s_suppkey', 'ps_suppkey'])
    .semijoin(
      t.get('nation').filter((d) => d.n_name === 'CANADA'),
      ['s_nationkey', 'n_nationkey'],
    )
    .select('s_name', 's_address')
    .orderby('s_name');
};

const q21 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  // EXISTS another supplier in the order <=> the order has 2+ distinct suppliers; NOT EXISTS another
  // late supplier <=> the order's late lines come from this supplier alone.
  const lines = t.get('lineitem').select('l_orderkey', 'l_suppkey', 'l_receiptdate', 'l_commitdate');
  const late = lines.filter((d) => d.l_receiptdate > d.l_commitdate);
  const suppliersPerOrder = lines.groupby('l_orderkey').rollup({ n_supp: (d) => op.distinct(d.l_suppkey) });
  const lateSuppliersPerOrder = late
    .groupby('l_orderkey')
    .rollup({ n_late: (d) => op.distinct(d.l_suppkey) });
  const saudi = t
    .get('supplier')
    .select('s_suppkey', 's_name', 's_nationkey')
    .semijoin(
      t.get('nation').filter((d) => d.n_name === 'SAUDI ARABIA'),
      ['s_nationkey', 'n_nationkey'],
    );
  return late
    .join(saudi, ['l_suppkey', 's_suppkey'])
    .semijoin(
      t.get('orders').filter((d) => d.o_orderstatus === 'F'),
      ['l_orderkey', 'o_orderkey'],
    )
    .join(suppliersPerOrder, 'l_orderkey')
    .join(lateSuppliersPerOrder, 'l_orderkey')
    .filter((d) => d.n_supp > 1 && d.n_late === 1)
    .groupby('s_name')
    .rollup({ numwait: () => op.count() })
    .orderby(aq.desc('numwait'), 's_name')
    .slice(0, 100);
};

const q22 = (aq: ArqueroModule, t: Tables) => {
  const { op } = aq;
  const candidates = t
    .get('customer')
    .derive({ cntrycode: (d) => op.substring(d.c_phone, 0, 2) })
    .filter(
      (d) =>
        d.cntrycode === '13' ||
        d.cntrycode === '31' ||
        d.cntrycode === '23' ||
        d.cntrycode === '29' ||
        d.cntrycode === '30' ||
        d.cntrycode === '18' ||
        d.cntrycode === '17',
    );
  const average = scalar(
    candidates.filter((d) => d.c_acctbal > 0).rollup({ avg_bal: (d) => op.mean(d.c_acctbal) }),
    'avg_bal',
  );
  return withParams(candidates, { average })
    .filter((d, $) => d.c_acctbal > $.average)
    .antijoin(t.get('orders').select('o_custkey'), ['c_custkey', 'o_custkey'])
    .groupby('cntrycode')
    .rollup({ numcust: () => op.count(), totacctbal: (d) => op.sum(d.c_acctbal) })
    .orderby('cntrycode');
};

/** The queries Arquero can express, by id (`q01`…); all 22 are written. */
export const TPCH_ARQUERO_QUERIES: Readonly<Record<string, ArqueroQuery>> = {
  q01,
  q02,
  q03,
  q04,
  q05,
  q06,
  q07,
  q08,
  q09,
  q10,
  q11,
  q12,
  q13,
  q14,
  q15,
  q16,
  q17,
  q18,
  q19,
  q20,
  q21,
  q22,
};
