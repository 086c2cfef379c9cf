// The 22 TPC-H queries in the nodejs-polars lazy DataFrame API, with TPC's validation parameters (the
// constants of /work/shared/tpch/queries/qNN.sql), for the Polars peer of the benchmark runner.
//
// Data types: the Polars engine (`engines/polars.ts`) casts every decimal(15,2) column to Float64 when it
// scans or loads a table, because nodejs-polars cannot hand Decimal values to JavaScript and its decimal
// arithmetic is still marked unstable; the queries therefore compute in doubles, as the Polars TPC-H
// suite does, and the answers agree with the decimal ones within the comparison tolerance. Dates stay
// Polars `Date`. Every query is written in the API (none needs `SQLContext`). Output columns carry the
// names and order of the SQL queries' output.

import type { Expr, LazyDataFrame } from 'nodejs-polars';

/** The nodejs-polars module object (what `import pl from 'nodejs-polars'` gives). */
export type Polars = (typeof import('nodejs-polars'))['default'];

/** A fresh lazy frame over a TPC-H table (lineitem, orders, ...). */
export type TableSource = (name: string) => LazyDataFrame;

/** A TPC-H query as a lazy plan; the caller ends it with `.collect()`. */
export type PolarsQuery = (pl: Polars, table: TableSource) => LazyDataFrame;

const MS_PER_DAY = 86_400_000;

/**
 * A `Date` literal from `YYYY-MM-DD`: days since the epoch cast to Date, which the optimizer sees as a
 * plain constant (a parsed string stays an expression in the plan and hides it from scan statistics).
 */
function date(pl: Polars, iso: string): Expr {
  const days = Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY;
  if (!Number.isInteger(days)) throw new Error(`not a date: ${iso}`);
  return pl.lit(days).cast(pl.Date);
}

/** `l_extendedprice * (1 - l_discount)`, the revenue of a line. */
function discountedPrice(pl: Polars): Expr {
  return pl.col('l_extendedprice').mul(pl.lit(1).sub(pl.col('l_discount')));
}

function q1(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  return t('lineitem')
    .filter(col('l_shipdate').ltEq(date(pl, '1998-09-02')))
    .groupBy(['l_returnflag', 'l_linestatus'])
    .agg(
      col('l_quantity').sum().alias('sum_qty'),
      col('l_extendedprice').sum().alias('sum_base_price'),
      discountedPrice(pl).sum().alias('sum_disc_price'),
      discountedPrice(pl)
        .mul(pl.lit(1).add(col('l_tax')))
        .sum()
        .alias('sum_charge'),
      col('l_quantity').mean().alias('avg_qty'),
      col('l_extendedprice').mean().alias('avg_price'),
      col('l_discount').mean().alias('avg_disc'),
      pl.len().alias('count_order'),
    )
    .sort(['l_returnflag', 'l_linestatus']);
}

function q2(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const europeSupply = t('region')
    .filter(col('r_name').eq(pl.lit('EUROPE')))
    .join(t('nation'), { leftOn: 'r_regionkey', rightOn: 'n_regionkey' })
    .join(t('supplier'), { leftOn: 'n_nationkey', rightOn: 's_nationkey' })
    .join(t('partsupp'), { leftOn: 's_suppkey', rightOn: 'ps_suppkey' });
  const brassSupply = t('part')
    .filter(col('p_size').eq(pl.lit(15)).and(col('p_type').str.endsWith('BRASS')))
    .join(europeSupply, { leftOn: 'p_partkey', rightOn: 'ps_partkey' });
  // The correlated minimum is taken over the same European suppliers of the part.
  const cheapest = brassSupply.groupBy('p_partkey').agg(col('ps_supplycost').min().alias('min_supplycost'));
  return brassSupply
    .join(cheapest, { on: 'p_partkey' })
    .filter(col('ps_supplycost').eq(col('min_supplycost')))
    .select('s_acctbal', 's_name', 'n_name', 'p_partkey', 'p_mfgr', 's_address', 's_phone', 's_comment')
    .sort(['s_acctbal', 'n_name', 's_name', 'p_partkey'], [true, false, false, false])
    .head(100);
}

function q3(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const cutoff = date(pl, '1995-03-15');
  return t('customer')
    .filter(col('c_mktsegment').eq(pl.lit('BUILDING')))
    .join(t('orders').filter(col('o_orderdate').lt(cutoff)), { leftOn: 'c_custkey', rightOn: 'o_custkey' })
    .join(t('lineitem').filter(col('l_shipdate').gt(cutoff)), { leftOn: 'o_orderkey', rightOn: 'l_orderkey' })
    .groupBy(['o_orderkey', 'o_orderdate', 'o_shippriority'])
    .agg(discountedPrice(pl).sum().alias('revenue'))
    .select(col('o_orderkey').alias('l_orderkey'), 'revenue', 'o_orderdate', 'o_shippriority')
    .sort(['revenue', 'o_orderdate'], [true, false])
    .head(10);
}

function q4(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const lateLines = t('lineitem').filter(col('l_commitdate').lt(col('l_receiptdate')));
  return t('orders')
    .filter(
      col('o_orderdate')
        .gtEq(date(pl, '1993-07-01'))
        .and(col('o_orderdate').lt(date(pl, '1993-10-01'))),
    )
    .join(lateLines, { leftOn: 'o_orderkey', rightOn: 'l_orderkey', how: 'semi' })
    .groupBy('o_orderpriority')
    .agg(pl.len().alias('order_count'))
    .sort('o_orderpriority');
}

function q5(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const orders = t('orders').filter(
    col('o_orderdate')
      .gtEq(date(pl, '1994-01-01'))
      .and(col('o_orderdate').lt(date(pl, '1995-01-01'))),
  );
  return (
    t('region')
      .filter(col('r_name').eq(pl.lit('ASIA')))
      .join(t('nation'), { leftOn: 'r_regionkey', rightOn: 'n_regionkey' })
      .join(t('customer'), { leftOn: 'n_nationkey', rightOn: 'c_nationkey' })
      .join(orders, { leftOn: 'c_custkey', rightOn: 'o_custkey' })
      .join(t('lineitem'), { leftOn: 'o_orderkey', rightOn: 'l_orderkey' })
      // The supplier must be of the customer's nation.
      .join(t('supplier'), { leftOn: ['l_suppkey', 'n_nationkey'], rightOn: ['s_suppkey', 's_nationkey'] })
      .groupBy('n_name')
      .agg(discountedPrice(pl).sum().alias('revenue'))
      .sort('revenue', true)
  );
}

function q6(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  return t('lineitem')
    .filter(
      col('l_shipdate')
        .gtEq(date(pl, '1994-01-01'))
        .and(col('l_shipdate').lt(date(pl, '1995-01-01')))
        .and(col('l_discount').gtEq(pl.lit(0.05)))
        .and(col('l_discount').ltEq(pl.lit(0.07)))
        .and(col('l_quantity').lt(pl.lit(24))),
    )
    .select(sqlSum(pl, col('l_extendedprice').mul(col('l_discount'))).alias('revenue'));
}

function q7(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const pair = ['FRANCE', 'GERMANY'];
  const supplierNation = t('nation')
    .filter(col('n_name').isIn(pair))
    .select(col('n_nationkey').alias('supp_nationkey'), col('n_name').alias('supp_nation'));
  const customerNation = t('nation')
    .filter(col('n_name').isIn(pair))
    .select(col('n_nationkey').alias('cust_nationkey'), col('n_name').alias('cust_nation'));
  return t('lineitem')
    .filter(
      col('l_shipdate')
        .gtEq(date(pl, '1995-01-01'))
        .and(col('l_shipdate').ltEq(date(pl, '1996-12-31'))),
    )
    .join(t('supplier'), { leftOn: 'l_suppkey', rightOn: 's_suppkey' })
    .join(supplierNation, { leftOn: 's_nationkey', rightOn: 'supp_nationkey' })
    .join(t('orders'), { leftOn: 'l_orderkey', rightOn: 'o_orderkey' })
    .join(t('customer'), { leftOn: 'o_custkey', rightOn: 'c_custkey' })
    .join(customerNation, { leftOn: 'c_nationkey', rightOn: 'cust_nationkey' })
    .filter(col('supp_nation').neq(col('cust_nation')))
    .groupBy([col('supp_nation'), col('cust_nation'), col('l_shipdate').dt.year().alias('l_year')])
    .agg(discountedPrice(pl).sum().alias('revenue'))
    .sort(['supp_nation', 'cust_nation', 'l_year']);
}

function q8(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const customerNation = t('nation').select(
    col('n_nationkey').alias('cust_nationkey'),
    col('n_regionkey').alias('cust_regionkey'),
  );
  const supplierNation = t('nation').select(
    col('n_nationkey').alias('supp_nationkey'),
    col('n_name').alias('nation'),
  );
  const orders = t('orders').filter(
    col('o_orderdate')
      .gtEq(date(pl, '1995-01-01'))
      .and(col('o_orderdate').ltEq(date(pl, '1996-12-31'))),
  );
  return t('part')
    .filter(col('p_type').eq(pl.lit('ECONOMY ANODIZED STEEL')))
    .join(t('lineitem'), { leftOn: 'p_partkey', rightOn: 'l_partkey' })
    .join(orders, { leftOn: 'l_orderkey', rightOn: 'o_orderkey' })
    .join(t('customer'), { leftOn: 'o_custkey', rightOn: 'c_custkey' })
    .join(customerNation, { leftOn: 'c_nationkey', rightOn: 'cust_nationkey' })
    .join(t('region').filter(col('r_name').eq(pl.lit('AMERICA'))), {
      leftOn: 'cust_regionkey',
      rightOn: 'r_regionkey',
    })
    .join(t('supplier'), { leftOn: 'l_suppkey', rightOn: 's_suppkey' })
    .join(supplierNation, { leftOn: 's_nationkey', rightOn: 'supp_nationkey' })
    .withColumns(col('o_orderdate').dt.year().alias('o_year'), discountedPrice(pl).alias('volume'))
    .groupBy('o_year')
    .agg(
      pl
        .when(col('nation').eq(pl.lit('BRAZIL')))
        .then(col('volume'))
        .otherwise(pl.lit(0))
        .sum()
        .div(col('volume').sum())
        .alias('mkt_share'),
    )
    .sort('o_year');
}

function q9(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  return t('part')
    .filter(col('p_name').str.contains('green', true))
    .join(t('partsupp'), { leftOn: 'p_partkey', rightOn: 'ps_partkey' })
    .join(t('lineitem'), { leftOn: ['p_partkey', 'ps_suppkey'], rightOn: ['l_partkey', 'l_suppkey'] })
    .join(t('supplier'), { leftOn: 'ps_suppkey', rightOn: 's_suppkey' })
    .join(t('orders'), { leftOn: 'l_orderkey', rightOn: 'o_orderkey' })
    .join(t('nation'), { leftOn: 's_nationkey', rightOn: 'n_nationkey' })
    .select(
      col('n_name').alias('nation'),
      col('o_orderdate').dt.year().alias('o_year'),
      discountedPrice(pl)
        .sub(col('ps_supplycost').mul(col('l_quantity')))
        .alias('amount'),
    )
    .groupBy(['nation', 'o_year'])
    .agg(col('amount').sum().alias('sum_profit'))
    .sort(['nation', 'o_year'], [false, true]);
}

function q10(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const orders = t('orders').filter(
    col('o_orderdate')
      .gtEq(date(pl, '1993-10-01'))
      .and(col('o_orderdate').lt(date(pl, '1994-01-01'))),
  );
  return t('customer')
    .join(orders, { leftOn: 'c_custkey', rightOn: 'o_custkey' })
    .join(t('lineitem').filter(col('l_returnflag').eq(pl.lit('R'))), {
      leftOn: 'o_orderkey',
      rightOn: 'l_orderkey',
    })
    .join(t('nation'), { leftOn: 'c_nationkey', rightOn: 'n_nationkey' })
    .groupBy(['c_custkey', 'c_name', 'c_acctbal', 'c_phone', 'n_name', 'c_address', 'c_comment'])
    .agg(discountedPrice(pl).sum().alias('revenue'))
    .select('c_custkey', 'c_name', 'revenue', 'c_acctbal', 'n_name', 'c_address', 'c_phone', 'c_comment')
    .sort('revenue', true)
    .head(20);
}

function q11(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const germanStock = t('partsupp')
    .join(t('supplier'), { leftOn: 'ps_suppkey', rightOn: 's_suppkey' })
    .join(t('nation').filter(col('n_name').eq(pl.lit('GERMANY'))), {
      leftOn: 's_nationkey',
      rightOn: 'n_nationkey',
    })
    .select('ps_partkey', col('ps_supplycost').mul(col('ps_availqty')).alias('value'));
  const threshold = germanStock.select(col('value').sum().mul(pl.lit(0.0001)).alias('threshold'));
  return germanStock
    .groupBy('ps_partkey')
    .agg(col('value').sum().alias('value'))
    .join(threshold, { how: 'cross' })
    .filter(col('value').gt(col('threshold')))
    .select('ps_partkey', 'value')
    .sort('value', true);
}

function q12(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const urgent = col('o_orderpriority').isIn(['1-URGENT', '2-HIGH']);
  return t('lineitem')
    .filter(
      col('l_shipmode')
        .isIn(['MAIL', 'SHIP'])
        .and(col('l_commitdate').lt(col('l_receiptdate')))
        .and(col('l_shipdate').lt(col('l_commitdate')))
        .and(col('l_receiptdate').gtEq(date(pl, '1994-01-01')))
        .and(col('l_receiptdate').lt(date(pl, '1995-01-01'))),
    )
    .join(t('orders'), { leftOn: 'l_orderkey', rightOn: 'o_orderkey' })
    .groupBy('l_shipmode')
    .agg(
      pl.when(urgent).then(pl.lit(1)).otherwise(pl.lit(0)).sum().alias('high_line_count'),
      pl.when(urgent).then(pl.lit(0)).otherwise(pl.lit(1)).sum().alias('low_line_count'),
    )
    .sort('l_shipmode');
}

function q13(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const orders = t('orders').filter(col('o_comment').str.contains('special.*requests').not());
  return (
    t('customer')
      .join(orders, { leftOn: 'c_custkey', rightOn: 'o_custkey', how: 'left' })
      .groupBy('c_custkey')
      // count() skips the nulls of customers without orders, as count(o_orderkey) does.
      .agg(col('o_orderkey').count().alias('c_count'))
      .groupBy('c_count')
      .agg(pl.len().alias('custdist'))
      .sort(['custdist', 'c_count'], [true, true])
  );
}

function q14(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  return t('lineitem')
    .filter(
      col('l_shipdate')
        .gtEq(date(pl, '1995-09-01'))
        .and(col('l_shipdate').lt(date(pl, '1995-10-01'))),
    )
    .join(t('part'), { leftOn: 'l_partkey', rightOn: 'p_partkey' })
    .select(
      pl
        .lit(100)
        .mul(
          pl.when(col('p_type').str.startsWith('PROMO')).then(discountedPrice(pl)).otherwise(pl.lit(0)).sum(),
        )
        .div(discountedPrice(pl).sum())
        .alias('promo_revenue'),
    );
}

function q15(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const revenue = t('lineitem')
    .filter(
      col('l_shipdate')
        .gtEq(date(pl, '1996-01-01'))
        .and(col('l_shipdate').lt(date(pl, '1996-04-01'))),
    )
    .groupBy('l_suppkey')
    .agg(discountedPrice(pl).sum().alias('total_revenue'));
  // Both sides of the equality are the same computed doubles, so exact comparison is safe.
  const best = revenue.filter(col('total_revenue').eq(col('total_revenue').max()));
  return t('supplier')
    .join(best, { leftOn: 's_suppkey', rightOn: 'l_suppkey' })
    .select('s_suppkey', 's_name', 's_address', 's_phone', 'total_revenue')
    .sort('s_suppkey');
}

function q16(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const complained = t('supplier')
    .filter(col('s_comment').str.contains('Customer.*Complaints'))
    .select('s_suppkey');
  return (
    t('part')
      .filter(
        col('p_brand')
          .neq(pl.lit('Brand#45'))
          .and(col('p_type').str.startsWith('MEDIUM POLISHED').not())
          .and(col('p_size').isIn([49, 14, 23, 45, 19, 3, 36, 9])),
      )
      .join(t('partsupp'), { leftOn: 'p_partkey', rightOn: 'ps_partkey' })
      // NOT IN over a key column without nulls is an anti join.
      .join(complained, { leftOn: 'ps_suppkey', rightOn: 's_suppkey', how: 'anti' })
      .groupBy(['p_brand', 'p_type', 'p_size'])
      .agg(col('ps_suppkey').nUnique().alias('supplier_cnt'))
      .sort(['supplier_cnt', 'p_brand', 'p_type', 'p_size'], [true, false, false, false])
  );
}

/** SQL's SUM over a whole table: NULL when no row is left (Polars' sum of nothing is 0). */
function sqlSum(pl: Polars, e: Expr): Expr {
  return pl
    .when(e.count().gt(pl.lit(0)))
    .then(e.sum())
    .otherwise(pl.lit(null));
}

function q17(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const partLines = t('part')
    .filter(
      col('p_brand')
        .eq(pl.lit('Brand#23'))
        .and(col('p_container').eq(pl.lit('MED BOX'))),
    )
    .select('p_partkey')
    .join(t('lineitem'), { leftOn: 'p_partkey', rightOn: 'l_partkey' });
  // The correlated average covers every line of the part, all of which the join above keeps.
  const smallQuantity = partLines
    .groupBy('p_partkey')
    .agg(col('l_quantity').mean().mul(pl.lit(0.2)).alias('small_quantity'));
  return partLines
    .join(smallQuantity, { on: 'p_partkey' })
    .filter(col('l_quantity').lt(col('small_quantity')))
    .select(sqlSum(pl, col('l_extendedprice')).div(pl.lit(7.0)).alias('avg_yearly'));
}

function q18(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const largeOrders = t('lineitem')
    .groupBy('l_orderkey')
    .agg(col('l_quantity').sum().alias('order_quantity'))
    .filter(col('order_quantity').gt(pl.lit(300)));
  return t('orders')
    .join(largeOrders, { leftOn: 'o_orderkey', rightOn: 'l_orderkey', how: 'semi' })
    .join(t('customer'), { leftOn: 'o_custkey', rightOn: 'c_custkey' })
    .join(t('lineitem'), { leftOn: 'o_orderkey', rightOn: 'l_orderkey' })
    .groupBy(['c_name', 'o_custkey', 'o_orderkey', 'o_orderdate', 'o_totalprice'])
    .agg(col('l_quantity').sum().alias('sum(l_quantity)'))
    .select(
      'c_name',
      col('o_custkey').alias('c_custkey'),
      'o_orderkey',
      'o_orderdate',
      'o_totalprice',
      'sum(l_quantity)',
    )
    .sort(['o_totalprice', 'o_orderdate'], [true, false])
    .head(100);
}

function q19(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const between = (name: string, low: number, high: number): Expr =>
    col(name)
      .gtEq(pl.lit(low))
      .and(col(name).ltEq(pl.lit(high)));
  const variant = (brand: string, containers: string[], quantity: number, maxSize: number): Expr =>
    col('p_brand')
      .eq(pl.lit(brand))
      .and(col('p_container').isIn(containers))
      .and(between('l_quantity', quantity, quantity + 10))
      .and(between('p_size', 1, maxSize));
  return t('lineitem')
    .filter(
      col('l_shipmode')
        .isIn(['AIR', 'AIR REG'])
        .and(col('l_shipinstruct').eq(pl.lit('DELIVER IN PERSON'))),
    )
    .join(t('part'), { leftOn: 'l_partkey', rightOn: 'p_partkey' })
    .filter(
      variant('Brand#12', ['SM CASE', 'SM BOX', 'SM PACK', 'SM PKG'], 1, 5)
        .or(variant('Brand#23', ['MED BAG', 'MED BOX', 'MED PKG', 'MED PACK'], 10, 10))
        .or(variant('Brand#34', ['LG CASE', 'LG BOX', 'LG PACK', 'LG PKG'], 20, 15)),
    )
    .select(sqlSum(pl, discountedPrice(pl)).alias('revenue'));
}

function q20(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const forestParts = t('part').filter(col('p_name').str.startsWith('forest')).select('p_partkey');
  const shippedHalf = t('lineitem')
    .filter(
      col('l_shipdate')
        .gtEq(date(pl, '1994-01-01'))
        .and(col('l_shipdate').lt(date(pl, '1995-01-01'))),
    )
    .groupBy(['l_partkey', 'l_suppkey'])
    .agg(col('l_quantity').sum().mul(pl.lit(0.5)).alias('half_quantity'));
  // A (part, supplier) without shipments has a NULL sum in SQL and never qualifies: the inner join drops it.
  const excessSuppliers = t('partsupp')
    .join(forestParts, { leftOn: 'ps_partkey', rightOn: 'p_partkey', how: 'semi' })
    .join(shippedHalf, { leftOn: ['ps_partkey', 'ps_suppkey'], rightOn: ['l_partkey', 'l_suppkey'] })
    .filter(col('ps_availqty').gt(col('half_quantity')))
    .select('ps_suppkey');
  return t('supplier')
    .join(t('nation').filter(col('n_name').eq(pl.lit('CANADA'))), {
      leftOn: 's_nationkey',
      rightOn: 'n_nationkey',
    })
    .join(excessSuppliers, { leftOn: 's_suppkey', rightOn: 'ps_suppkey', how: 'semi' })
    .select('s_name', 's_address')
    .sort('s_name');
}

function q21(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const lateLines = t('lineitem').filter(col('l_receiptdate').gt(col('l_commitdate')));
  // EXISTS another supplier on the order <=> the order has two or more distinct suppliers.
  const sharedOrders = t('lineitem')
    .groupBy('l_orderkey')
    .agg(col('l_suppkey').nUnique().alias('suppliers'))
    .filter(col('suppliers').gt(pl.lit(1)))
    .select('l_orderkey');
  // NOT EXISTS another late supplier <=> the order's late lines all come from one supplier.
  const singleLateSupplier = lateLines
    .groupBy('l_orderkey')
    .agg(col('l_suppkey').nUnique().alias('late_suppliers'))
    .filter(col('late_suppliers').eq(pl.lit(1)))
    .select('l_orderkey');
  return lateLines
    .join(sharedOrders, { on: 'l_orderkey', how: 'semi' })
    .join(singleLateSupplier, { on: 'l_orderkey', how: 'semi' })
    .join(t('orders').filter(col('o_orderstatus').eq(pl.lit('F'))), {
      leftOn: 'l_orderkey',
      rightOn: 'o_orderkey',
      how: 'semi',
    })
    .join(t('supplier'), { leftOn: 'l_suppkey', rightOn: 's_suppkey' })
    .join(t('nation').filter(col('n_name').eq(pl.lit('SAUDI ARABIA'))), {
      leftOn: 's_nationkey',
      rightOn: 'n_nationkey',
      how: 'semi',
    })
    .groupBy('s_name')
    .agg(pl.len().alias('numwait'))
    .sort(['numwait', 's_name'], [true, false])
    .head(100);
}

function q22(pl: Polars, t: TableSource): LazyDataFrame {
  const col = pl.col;
  const candidates = t('customer')
    .withColumns(col('c_phone').str.slice(0, 2).alias('cntrycode'))
    .filter(col('cntrycode').isIn(['13', '31', '23', '29', '30', '18', '17']));
  const averageBalance = candidates
    .filter(col('c_acctbal').gt(pl.lit(0.0)))
    .select(col('c_acctbal').mean().alias('avg_acctbal'));
  return candidates
    .join(averageBalance, { how: 'cross' })
    .filter(col('c_acctbal').gt(col('avg_acctbal')))
    .join(t('orders'), { leftOn: 'c_custkey', rightOn: 'o_custkey', how: 'anti' })
    .groupBy('cntrycode')
    .agg(pl.len().alias('numcust'), col('c_acctbal').sum().alias('totacctbal'))
    .sort('cntrycode');
}

/** The 22 queries by number (1..22). */
export const TPCH_POLARS_QUERIES: ReadonlyMap<number, PolarsQuery> = new Map<number, PolarsQuery>([
  [1, q1],
  [2, q2],
  [3, q3],
  [4, q4],
  [5, q5],
  [6, q6],
  [7, q7],
  [8, q8],
  [9, q9],
  [10, q10],
  [11, q11],
  [12, q12],
  [13, q13],
  [14, q14],
  [15, q15],
  [16, q16],
  [17, q17],
  [18, q18],
  [19, q19],
  [20, q20],
  [21, q21],
  [22, q22],
]);
