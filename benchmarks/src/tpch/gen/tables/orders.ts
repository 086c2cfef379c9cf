// TPC-H orders: 1,500,000 × SF rows with sparse keys (8 of every 32 used). Each order's status and
// total price come from its line items, so this draws the same line streams lineitem does.

import { MIN_GENERATE_DATE, TOTAL_DATE_RANGE, isInPast, toEpochDay } from '../dates.js';
import { distribution } from '../distributions.js';
import { BoundedRandom } from '../random.js';
import { KeyedName, RandomPick, RandomText } from '../text-streams.js';
import { CUSTOMER_SCALE_BASE } from './customer.js';
import { PART_SCALE_BASE, partPrice } from './part.js';
import { type TableChunk, type TableGenerator, allocColumns, chunkOf, scaledCount, spec } from './table.js';

const COLUMNS = spec(
  'o_orderkey bigint, o_custkey bigint, o_orderstatus string, o_totalprice decimal, o_orderdate date, o_orderpriority string, o_clerk string, o_shippriority int, o_comment string',
);
export const ORDERS_SCALE_BASE = 1_500_000;
export const LINE_COUNT_MAX = 7;
/** Every third customer has no orders. */
const CUSTOMER_MORTALITY = 3;
export const SHIP_DATE_MAX = 121;
const RECEIPT_DATE_MAX = 30;
const ORDER_DATE_MAX = MIN_GENERATE_DATE + (TOTAL_DATE_RANGE - (SHIP_DATE_MAX + RECEIPT_DATE_MAX) - 1);

/** The key of the order with 1-based index `index`: the low 3 bits kept, the rest shifted up by 2. */
export function orderKey(index: number): number {
  return Math.floor(index / 8) * 32 + (index % 8);
}

/** The streams orders and lineitem share (same seeds, so the two tables agree). */
export function orderStreams(sf: number): {
  orderDate: BoundedRandom;
  lineCount: BoundedRandom;
  quantity: BoundedRandom;
  discount: BoundedRandom;
  tax: BoundedRandom;
  partKey: BoundedRandom;
  shipDate: BoundedRandom;
} {
  if (sf >= 30000) throw new Error('scale factors of 30000 and above (64-bit streams) are not supported');
  return {
    orderDate: new BoundedRandom(1066728069, MIN_GENERATE_DATE, ORDER_DATE_MAX),
    lineCount: new BoundedRandom(1434868289, 1, LINE_COUNT_MAX),
    quantity: new BoundedRandom(209208115, 1, 50, LINE_COUNT_MAX),
    discount: new BoundedRandom(554590007, 0, 10, LINE_COUNT_MAX),
    tax: new BoundedRandom(721958466, 0, 8, LINE_COUNT_MAX),
    partKey: new BoundedRandom(1808217256, 1, scaledCount(PART_SCALE_BASE, sf), LINE_COUNT_MAX),
    shipDate: new BoundedRandom(1769349045, 1, SHIP_DATE_MAX, LINE_COUNT_MAX),
  };
}

export const ordersTable: TableGenerator = {
  name: 'orders',
  columns: COLUMNS,
  rowsPerUnit: 1,
  units: (sf) => scaledCount(ORDERS_SCALE_BASE, sf),
  *generate(sf, pool, start, count, chunkRows): Generator<TableChunk> {
    const line = orderStreams(sf);
    const maxCustomerKey = scaledCount(CUSTOMER_SCALE_BASE, sf);
    const customerKey = new BoundedRandom(851767375, 1, maxCustomerKey);
    const priority = new RandomPick(591449447, distribution('o_oprio'));
    const clerk = new BoundedRandom(1171034773, 1, Math.max(Math.trunc(sf * 1000), 1000));
    const comment = new RandomText(276090261, pool, 49);
    const streams = [...Object.values(line), customerKey, priority, clerk, comment];
    for (const s of streams) s.advanceRows(start);
    const clerks = new KeyedName('Clerk#', 9);

    for (let done = 0; done < count;) {
      const n = Math.min(chunkRows, count - done);
      const cols = allocColumns(COLUMNS, n);
      const [key, cust, status, total, date, prio, clk, ship, text] = cols as [
        Float64Array,
        Float64Array,
        string[],
        Float64Array,
        Float64Array,
        string[],
        string[],
        Float64Array,
        string[],
      ];
      for (let r = 0; r < n; r++) {
        const orderDate = line.orderDate.next();
        let ck = customerKey.next();
        let delta = 1;
        while (ck % CUSTOMER_MORTALITY === 0) {
          ck = Math.min(ck + delta, maxCustomerKey);
          delta = -delta;
        }
        let totalPrice = 0;
        let shipped = 0;
        const lines = line.lineCount.next();
        for (let l = 0; l < lines; l++) {
          const quantity = line.quantity.next();
          const discount = line.discount.next();
          const tax = line.tax.next();
          const extended = partPrice(line.partKey.next()) * quantity;
          // Integer arithmetic as dbgen's: truncating divisions by 100 at each step.
          const discounted = extended * (100 - discount);
          totalPrice += Math.floor((Math.floor(discounted / 100) * (100 + tax)) / 100);
          if (isInPast(line.shipDate.next() + orderDate)) shipped++;
        }
        key[r] = orderKey(start + done + r + 1);
        cust[r] = ck;
        status[r] = shipped === lines ? 'F' : shipped > 0 ? 'P' : 'O';
        total[r] = totalPrice;
        date[r] = toEpochDay(orderDate);
        prio[r] = priority.next();
        clk[r] = clerks.format(clerk.next());
        ship[r] = 0;
        text[r] = comment.next();
        for (const s of streams) s.rowFinished();
      }
      done += n;
      yield chunkOf(cols, n);
    }
  },
};
