// The 22 TPC-H queries written against Flint's DataFrame API, as a PySpark user would write them, with
// TPC's validation parameters (the constants of /work/shared/tpch/queries/qNN.sql).

import { F, Window, type Column, type DataFrame } from 'flint';
import { queryNumber } from '../runner/query-id.js';
import type { TpchTableName } from '../runner/suite-data.js';

const { col, lit } = F;

/** One DataFrame per TPC-H table, named as the queries name them. */
export type TpchFrames = Readonly<Record<TpchTableName, DataFrame>>;

export type TpchDataFrameQuery = (t: TpchFrames) => DataFrame | Promise<DataFrame>;

/** A DATE literal, as PySpark's `lit('1994-01-01').cast('date')`. */
function date(isoDate: string): Column {
  return lit(isoDate).cast('date');
}

/** `l_extendedprice * (1 - l_discount)`, the discounted price most queries sum. */
function discountedPrice(): Column {
  return col('l_extendedprice').multiply(lit(1).minus(col('l_discount')));
}

function q1(t: TpchFrames): DataFrame {
  const discPrice = discountedPrice();
  return t.lineitem
    .filter(col('l_shipdate').leq(date('1998-09-02')))
    .groupBy('l_returnflag', 'l_linestatus')
    .agg(
      F.sum('l_quantity').alias('sum_qty'),
      F.sum('l_extendedprice').alias('sum_base_price'),
      F.sum(discPrice).alias('sum_disc_price'),
      F.sum(discPrice.multiply(lit(1).plus(col('l_tax')))).alias('sum_charge'),
      F.avg('l_quantity').alias('avg_qty'),
      F.avg('l_extendedprice').alias('avg_price'),
      F.avg('l_discount').alias('avg_disc'),
      F.count('*').alias('count_order'),
    )
    .orderBy('l_returnflag', 'l_linestatus');
}

function q2(t: TpchFrames): DataFrame {
  const europeSupplies = t.region
    .filter(col('r_name').eq('EUROPE'))
    .join(t.nation, col('r_regionkey').eq(col('n_regionkey')))
    .join(t.supplier, col('n_nationkey').eq(col('s_nationkey')))
    .join(t.partsupp, col('s_suppkey').eq(col('ps_suppkey')));
  const cheapest = europeSupplies
    .groupBy('ps_partkey')
    .agg(F.min('ps_supplycost').alias('min_supplycost'))
    .withColumnRenamed('ps_partkey', 'min_partkey');
  return t.part
    .filter(col('p_size').eq(15).and(col('p_type').like('%BRASS')))
    .join(europeSupplies, col('p_partkey').eq(col('ps_partkey')))
    .join(
      cheapest,
      col('ps_partkey')
        .eq(col('min_partkey'))
        .and(col('ps_supplycost').eq(col('min_supplycost'))),
    )
    .select('s_acctbal', 's_name', 'n_name', 'p_partkey', 'p_mfgr', 's_address', 's_phone', 's_comment')
    .orderBy(col('s_acctbal').desc(), 'n_name', 's_name', 'p_partkey')
    .limit(100);
}

function q3(t: TpchFrames): DataFrame {
  const customers = t.customer.filter(col('c_mktsegment').eq('BUILDING'));
  const orders = t.orders.filter(col('o_orderdate').lt(date('1995-03-15')));
  const lines = t.lineitem.filter(col('l_shipdate').gt(date('1995-03-15')));
  return customers
    .join(orders, col('c_custkey').eq(col('o_custkey')))
    .join(lines, col('l_orderkey').eq(col('o_orderkey')))
    .groupBy('l_orderkey', 'o_orderdate', 'o_shippriority')
    .agg(F.sum(discountedPrice()).alias('revenue'))
    .select('l_orderkey', 'revenue', 'o_orderdate', 'o_shippriority')
    .orderBy(col('revenue').desc(), 'o_orderdate')
    .limit(10);
}

function q4(t: TpchFrames): DataFrame {
  const lateLines = t.lineitem.filter(col('l_commitdate').lt(col('l_receiptdate')));
  return t.orders
    .filter(
      col('o_orderdate')
        .geq(date('1993-07-01'))
        .and(col('o_orderdate').lt(date('1993-10-01'))),
    )
    .join(lateLines, col('o_orderkey').eq(col('l_orderkey')), 'left_semi')
    .groupBy('o_orderpriority')
    .agg(F.count('*').alias('order_count'))
    .orderBy('o_orderpriority');
}

function q5(t: TpchFrames): DataFrame {
  // Customers of Asian nations first, so only their orders' lines reach the supplier join.
  const asianCustomers = t.region
    .filter(col('r_name').eq('ASIA'))
    .join(t.nation, col('r_regionkey').eq(col('n_regionkey')))
    .join(t.customer, col('n_nationkey').eq(col('c_nationkey')));
  const orders = t.orders.filter(
    col('o_orderdate')
      .geq(date('1994-01-01'))
      .and(col('o_orderdate').lt(date('1995-01-01'))),
  );
  return asianCustomers
    .join(orders, col('c_custkey').eq(col('o_custkey')))
    .join(t.lineitem, col('l_orderkey').eq(col('o_orderkey')))
    .join(
      t.supplier,
      col('l_suppkey')
        .eq(col('s_suppkey'))
        .and(col('c_nationkey').eq(col('s_nationkey'))),
    )
    .groupBy('n_name')
    .agg(F.sum(discountedPrice()).alias('revenue'))
    .orderBy(col('revenue').desc());
}

function q6(t: TpchFrames): DataFrame {
  return t.lineitem
    .filter(
      col('l_shipdate')
        .geq(date('1994-01-01'))
        .and(col('l_shipdate').lt(date('1995-01-01')))
        .and(col('l_discount').between(0.05, 0.07))
        .and(col('l_quantity').lt(24)),
    )
    .agg(F.sum(col('l_extendedprice').multiply(col('l_discount'))).alias('revenue'));
}

function q7(t: TpchFrames): DataFrame {
  // The nation table twice, once for the supplier's nation and once for the customer's, each cut to the
  // two nations first so that only their suppliers and customers reach the big joins.
  const pair = ['FRANCE', 'GERMANY'];
  const suppliers = t.nation
    .filter(col('n_name').isin(pair))
    .select(col('n_nationkey').alias('supp_nationkey'), col('n_name').alias('supp_nation'))
    .join(t.supplier, col('supp_nationkey').eq(col('s_nationkey')));
  const customers = t.nation
    .filter(col('n_name').isin(pair))
    .select(col('n_nationkey').alias('cust_nationkey'), col('n_name').alias('cust_nation'))
    .join(t.customer, col('cust_nationkey').eq(col('c_nationkey')));
  const lines = t.lineitem.filter(col('l_shipdate').between(date('1995-01-01'), date('1996-12-31')));
  return suppliers
    .join(lines, col('s_suppkey').eq(col('l_suppkey')))
    .join(t.orders, col('o_orderkey').eq(col('l_orderkey')))
    .join(customers, col('c_custkey').eq(col('o_custkey')))
    .filter(
      col('supp_nation')
        .eq('FRANCE')
        .and(col('cust_nation').eq('GERMANY'))
        .or(col('supp_nation').eq('GERMANY').and(col('cust_nation').eq('FRANCE'))),
    )
    .select(
      'supp_nation',
      'cust_nation',
      F.year('l_shipdate').alias('l_year'),
      discountedPrice().alias('volume'),
    )
    .groupBy('supp_nation', 'cust_nation', 'l_year')
    .agg(F.sum('volume').alias('revenue'))
    .orderBy('supp_nation', 'cust_nation', 'l_year');
}

function q8(t: TpchFrames): DataFrame {
  const americanCustomers = t.region
    .filter(col('r_name').eq('AMERICA'))
    .join(t.nation, col('r_regionkey').eq(col('n_regionkey')))
    .join(t.customer, col('n_nationkey').eq(col('c_nationkey')))
    .select('c_custkey');
  const supplierNation = t.nation.select(
    col('n_nationkey').alias('supp_nationkey'),
    col('n_name').alias('nation'),
  );
  const orders = t.orders.filter(col('o_orderdate').between(date('1995-01-01'), date('1996-12-31')));
  return t.part
    .filter(col('p_type').eq('ECONOMY ANODIZED STEEL'))
    .join(t.lineitem, col('p_partkey').eq(col('l_partkey')))
    .join(t.supplier, col('s_suppkey').eq(col('l_suppkey')))
    .join(orders, col('l_orderkey').eq(col('o_orderkey')))
    .join(americanCustomers, col('o_custkey').eq(col('c_custkey')))
    .join(supplierNation, col('s_nationkey').eq(col('supp_nationkey')))
    .select(F.year('o_orderdate').alias('o_year'), discountedPrice().alias('volume'), 'nation')
    .groupBy('o_year')
    .agg(
      F.sum(F.when(col('nation').eq('BRAZIL'), col('volume')).otherwise(0))
        .divide(F.sum('volume'))
        .alias('mkt_share'),
    )
    .orderBy('o_year');
}

function q9(t: TpchFrames): DataFrame {
  return t.part
    .filter(col('p_name').like('%green%'))
    .join(t.lineitem, col('p_partkey').eq(col('l_partkey')))
    .join(t.supplier, col('s_suppkey').eq(col('l_suppkey')))
    .join(
      t.partsupp,
      col('ps_suppkey')
        .eq(col('l_suppkey'))
        .and(col('ps_partkey').eq(col('l_partkey'))),
    )
    .join(t.orders, col('o_orderkey').eq(col('l_orderkey')))
    .join(t.nation, col('s_nationkey').eq(col('n_nationkey')))
    .select(
      col('n_name').alias('nation'),
      F.year('o_orderdate').alias('o_year'),
      discountedPrice()
        .minus(col('ps_supplycost').multiply(col('l_quantity')))
        .alias('amount'),
    )
    .groupBy('nation', 'o_year')
    .agg(F.sum('amount').alias('sum_profit'))
    .orderBy('nation', col('o_year').desc());
}

function q10(t: TpchFrames): DataFrame {
  const orders = t.orders.filter(
    col('o_orderdate')
      .geq(date('1993-10-01'))
      .and(col('o_orderdate').lt(date('1994-01-01'))),
  );
  return t.customer
    .join(orders, col('c_custkey').eq(col('o_custkey')))
    .join(t.lineitem.filter(col('l_returnflag').eq('R')), col('l_orderkey').eq(col('o_orderkey')))
    .join(t.nation, col('c_nationkey').eq(col('n_nationkey')))
    .groupBy('c_custkey', 'c_name', 'c_acctbal', 'c_phone', 'n_name', 'c_address', 'c_comment')
    .agg(F.sum(discountedPrice()).alias('revenue'))
    .select('c_custkey', 'c_name', 'revenue', 'c_acctbal', 'n_name', 'c_address', 'c_phone', 'c_comment')
    .orderBy(col('revenue').desc())
    .limit(20);
}

function q11(t: TpchFrames): DataFrame {
  const germanStock = t.partsupp
    .join(t.supplier, col('ps_suppkey').eq(col('s_suppkey')))
    .join(t.nation.filter(col('n_name').eq('GERMANY')), col('s_nationkey').eq(col('n_nationkey')))
    .select('ps_partkey', col('ps_supplycost').multiply(col('ps_availqty')).alias('stock_value'));
  // The HAVING threshold is a one-row aggregate, crossed with the per-part values.
  const threshold = germanStock.agg(F.sum('stock_value').multiply(0.0001).alias('threshold'));
  return germanStock
    .groupBy('ps_partkey')
    .agg(F.sum('stock_value').alias('value'))
    .crossJoin(threshold)
    .filter(col('value').gt(col('threshold')))
    .select('ps_partkey', 'value')
    .orderBy(col('value').desc());
}

function q12(t: TpchFrames): DataFrame {
  const urgent = col('o_orderpriority').eq('1-URGENT').or(col('o_orderpriority').eq('2-HIGH'));
  const lines = t.lineitem.filter(
    col('l_shipmode')
      .isin('MAIL', 'SHIP')
      .and(col('l_commitdate').lt(col('l_receiptdate')))
      .and(col('l_shipdate').lt(col('l_commitdate')))
      .and(col('l_receiptdate').geq(date('1994-01-01')))
      .and(col('l_receiptdate').lt(date('1995-01-01'))),
  );
  return t.orders
    .join(lines, col('o_orderkey').eq(col('l_orderkey')))
    .groupBy('l_shipmode')
    .agg(
      F.sum(F.when(urgent, 1).otherwise(0)).alias('high_line_count'),
      F.sum(F.when(urgent.not(), 1).otherwise(0)).alias('low_line_count'),
    )
    .orderBy('l_shipmode');
}

function q13(t: TpchFrames): DataFrame {
  return t.customer
    .join(
      t.orders,
      col('c_custkey').eq(col('o_custkey')).and(col('o_comment').like('%special%requests%').not()),
      'left_outer',
    )
    .groupBy('c_custkey')
    .agg(F.count('o_orderkey').alias('c_count'))
    .groupBy('c_count')
    .agg(F.count('*').alias('custdist'))
    .orderBy(col('custdist').desc(), col('c_count').desc());
}

function q14(t: TpchFrames): DataFrame {
  const volume = discountedPrice();
  return t.lineitem
    .filter(
      col('l_shipdate')
        .geq(date('1995-09-01'))
        .and(col('l_shipdate').lt(date('1995-10-01'))),
    )
    .join(t.part, col('l_partkey').eq(col('p_partkey')))
    .agg(
      lit(100.0)
        .multiply(F.sum(F.when(col('p_type').like('PROMO%'), volume).otherwise(0)))
        .divide(F.sum(volume))
        .alias('promo_revenue'),
    );
}

function q15(t: TpchFrames): DataFrame {
  const revenue = t.lineitem
    .filter(
      col('l_shipdate')
        .geq(date('1996-01-01'))
        .and(col('l_shipdate').lt(date('1996-04-01'))),
    )
    .groupBy('l_suppkey')
    .agg(F.sum(discountedPrice()).alias('total_revenue'))
    .withColumnRenamed('l_suppkey', 'supplier_no');
  const best = revenue.agg(F.max('total_revenue').alias('max_revenue'));
  return t.supplier
    .join(revenue, col('s_suppkey').eq(col('supplier_no')))
    .join(best, col('total_revenue').eq(col('max_revenue')))
    .select('s_suppkey', 's_name', 's_address', 's_phone', 'total_revenue')
    .orderBy('s_suppkey');
}

function q16(t: TpchFrames): DataFrame {
  const complainers = t.supplier.filter(col('s_comment').like('%Customer%Complaints%')).select('s_suppkey');
  const parts = t.part.filter(
    col('p_brand')
      .notEqual('Brand#45')
      .and(col('p_type').like('MEDIUM POLISHED%').not())
      .and(col('p_size').isin(49, 14, 23, 45, 19, 3, 36, 9)),
  );
  // NOT IN over a key that is never NULL is an anti join.
  return t.partsupp
    .join(complainers, col('ps_suppkey').eq(col('s_suppkey')), 'left_anti')
    .join(parts, col('p_partkey').eq(col('ps_partkey')))
    .groupBy('p_brand', 'p_type', 'p_size')
    .agg(F.countDistinct('ps_suppkey').alias('supplier_cnt'))
    .orderBy(col('supplier_cnt').desc(), 'p_brand', 'p_type', 'p_size');
}

function q17(t: TpchFrames): DataFrame {
  // The correlated average as a window over each part's lines: the join keeps every line of the chosen
  // parts, so the window sees the same lines as the subquery.
  return t.part
    .filter(col('p_brand').eq('Brand#23').and(col('p_container').eq('MED BOX')))
    .join(t.lineitem, col('p_partkey').eq(col('l_partkey')))
    .withColumn('part_avg_quantity', F.avg('l_quantity').over(Window.partitionBy('l_partkey')))
    .filter(col('l_quantity').lt(col('part_avg_quantity').multiply(0.2)))
    .agg(F.sum('l_extendedprice').divide(7.0).alias('avg_yearly'));
}

function q18(t: TpchFrames): DataFrame {
  const largeOrders = t.lineitem
    .groupBy('l_orderkey')
    .agg(F.sum('l_quantity').alias('order_quantity'))
    .filter(col('order_quantity').gt(300))
    .select(col('l_orderkey').alias('large_orderkey'));
  return t.customer
    .join(t.orders, col('c_custkey').eq(col('o_custkey')))
    .join(largeOrders, col('o_orderkey').eq(col('large_orderkey')), 'left_semi')
    .join(t.lineitem, col('o_orderkey').eq(col('l_orderkey')))
    .groupBy('c_name', 'c_custkey', 'o_orderkey', 'o_orderdate', 'o_totalprice')
    .agg(F.sum('l_quantity'))
    .orderBy(col('o_totalprice').desc(), 'o_orderdate')
    .limit(100);
}

function q19(t: TpchFrames): DataFrame {
  const bracket = (
    brand: string,
    containers: readonly string[],
    minQuantity: number,
    maxSize: number,
  ): Column =>
    col('p_brand')
      .eq(brand)
      .and(col('p_container').isin([...containers]))
      .and(col('l_quantity').geq(minQuantity))
      .and(col('l_quantity').leq(minQuantity + 10))
      .and(col('p_size').between(1, maxSize));
  return t.lineitem
    .filter(col('l_shipmode').isin('AIR', 'AIR REG').and(col('l_shipinstruct').eq('DELIVER IN PERSON')))
    .join(t.part, col('p_partkey').eq(col('l_partkey')))
    .filter(
      bracket('Brand#12', ['SM CASE', 'SM BOX', 'SM PACK', 'SM PKG'], 1, 5)
        .or(bracket('Brand#23', ['MED BAG', 'MED BOX', 'MED PKG', 'MED PACK'], 10, 10))
        .or(bracket('Brand#34', ['LG CASE', 'LG BOX', 'LG PACK', 'LG PKG'], 20, 15)),
    )
    .agg(F.sum(discountedPrice()).alias('revenue'));
}

function q20(t: TpchFrames): DataFrame {
  const shipped1994 = t.lineitem
    .filter(
      col('l_shipdate')
        .geq(date('1994-01-01'))
        .and(col('l_shipdate').lt(date('1995-01-01'))),
    )
    .groupBy('l_partkey', 'l_suppkey')
    .agg(F.sum('l_quantity').multiply(0.5).alias('half_quantity'));
  const forestParts = t.part.filter(col('p_name').like('forest%')).select('p_partkey');
  // A part/supplier pair with no 1994 shipment compares with NULL, so the inner join drops it as SQL does.
  const excessSuppliers = t.partsupp
    .join(forestParts, col('ps_partkey').eq(col('p_partkey')), 'left_semi')
    .join(
      shipped1994,
      col('ps_partkey')
        .eq(col('l_partkey'))
        .and(col('ps_suppkey').eq(col('l_suppkey'))),
    )
    .filter(col('ps_availqty').gt(col('half_quantity')))
    .select('ps_suppkey');
  return t.supplier
    .join(t.nation.filter(col('n_name').eq('CANADA')), col('s_nationkey').eq(col('n_nationkey')))
    .join(excessSuppliers, col('s_suppkey').eq(col('ps_suppkey')), 'left_semi')
    .select('s_name', 's_address')
    .orderBy('s_name');
}

function q21(t: TpchFrames): DataFrame {
  const late = col('l_receiptdate').gt(col('l_commitdate'));
  const otherLines = t.lineitem.select(
    col('l_orderkey').alias('other_orderkey'),
    col('l_suppkey').alias('other_suppkey'),
  );
  const otherLateLines = t.lineitem
    .filter(late)
    .select(col('l_orderkey').alias('late_orderkey'), col('l_suppkey').alias('late_suppkey'));
  // Narrow to Saudi suppliers' late lines of finished orders first, then test the other suppliers' lines.
  return t.nation
    .filter(col('n_name').eq('SAUDI ARABIA'))
    .join(t.supplier, col('n_nationkey').eq(col('s_nationkey')))
    .join(t.lineitem.filter(late), col('s_suppkey').eq(col('l_suppkey')))
    .join(t.orders.filter(col('o_orderstatus').eq('F')), col('o_orderkey').eq(col('l_orderkey')))
    .join(
      otherLines,
      col('l_orderkey')
        .eq(col('other_orderkey'))
        .and(col('l_suppkey').notEqual(col('other_suppkey'))),
      'left_semi',
    )
    .join(
      otherLateLines,
      col('l_orderkey')
        .eq(col('late_orderkey'))
        .and(col('l_suppkey').notEqual(col('late_suppkey'))),
      'left_anti',
    )
    .groupBy('s_name')
    .agg(F.count('*').alias('numwait'))
    .orderBy(col('numwait').desc(), 's_name')
    .limit(100);
}

function q22(t: TpchFrames): DataFrame {
  const codes = ['13', '31', '23', '29', '30', '18', '17'];
  const inCountries = t.customer
    .withColumn('cntrycode', F.substring('c_phone', 1, 2))
    .filter(col('cntrycode').isin(codes));
  const averageBalance = inCountries
    .filter(col('c_acctbal').gt(0.0))
    .agg(F.avg('c_acctbal').alias('avg_acctbal'));
  return inCountries
    .join(t.orders, col('c_custkey').eq(col('o_custkey')), 'left_anti')
    .crossJoin(averageBalance)
    .filter(col('c_acctbal').gt(col('avg_acctbal')))
    .groupBy('cntrycode')
    .agg(F.count('*').alias('numcust'), F.sum('c_acctbal').alias('totacctbal'))
    .orderBy('cntrycode');
}

/** The DataFrame versions by query number (1..22). */
export const TPCH_DATAFRAME_QUERIES: ReadonlyMap<number, TpchDataFrameQuery> = new Map<
  number,
  TpchDataFrameQuery
>([
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

/** The DataFrame version of a TPC-H query by id (`6`, `q6`, `q06`), or undefined. */
export function tpchDataFrameQuery(id: string): TpchDataFrameQuery | undefined {
  const n = queryNumber(id);
  return n === null ? undefined : TPCH_DATAFRAME_QUERIES.get(n);
}
