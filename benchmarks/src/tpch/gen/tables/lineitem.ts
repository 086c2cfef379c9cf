// TPC-H lineitem: 1 to 7 lines per order (about 6,000,000 × SF rows), generated order by order so a
// range of orders can be made on its own.

import { isInPast, toEpochDay } from '../dates.js';
import { distribution } from '../distributions.js';
import { BoundedRandom } from '../random.js';
import { RandomPick, RandomText } from '../text-streams.js';
import { LINE_COUNT_MAX, ORDERS_SCALE_BASE, orderKey, orderStreams } from './orders.js';
import { partPrice } from './part.js';
import { partSupplier } from './partsupp.js';
import {
  type ColumnSpec,
  type TableChunk,
  type TableGenerator,
  allocColumns,
  chunkOf,
  scaledCount,
  spec,
} from './table.js';

const COLUMNS = markWhole(
  spec(
    'l_orderkey bigint, l_partkey bigint, l_suppkey bigint, l_linenumber bigint, l_quantity decimal, l_extendedprice decimal, l_discount decimal, l_tax decimal, l_returnflag string, l_linestatus string, l_shipdate date, l_commitdate date, l_receiptdate date, l_shipinstruct string, l_shipmode string, l_comment string',
  ),
  'l_quantity',
);

/** Marks `name` as printed without decimals in the `.tbl` text. */
function markWhole(columns: ColumnSpec[], name: string): ColumnSpec[] {
  return columns.map((c) => (c.name === name ? { ...c, wholeInText: true } : c));
}

export const lineitemTable: TableGenerator = {
  name: 'lineitem',
  columns: COLUMNS,
  rowsPerUnit: 4,
  units: (sf) => scaledCount(ORDERS_SCALE_BASE, sf),
  *generate(sf, pool, start, count, chunkRows): Generator<TableChunk> {
    const line = orderStreams(sf);
    const supplierNumber = new BoundedRandom(2095021727, 0, 3, LINE_COUNT_MAX);
    const commitDate = new BoundedRandom(904914315, 30, 90, LINE_COUNT_MAX);
    const receiptDate = new BoundedRandom(373135028, 1, 30, LINE_COUNT_MAX);
    const returnFlag = new RandomPick(717419739, distribution('rflag'), LINE_COUNT_MAX);
    const instruction = new RandomPick(1371272478, distribution('instruct'), LINE_COUNT_MAX);
    const mode = new RandomPick(675466456, distribution('smode'), LINE_COUNT_MAX);
    const comment = new RandomText(1095462486, pool, 27, LINE_COUNT_MAX);
    const streams = [
      ...Object.values(line),
      supplierNumber,
      commitDate,
      receiptDate,
      returnFlag,
      instruction,
      mode,
      comment,
    ];
    for (const s of streams) s.advanceRows(start);

    // Chunks end at an order, so they hold up to LINE_COUNT_MAX - 1 rows beyond chunkRows.
    const capacity = chunkRows + LINE_COUNT_MAX;
    for (let done = 0; done < count;) {
      const cols = allocColumns(COLUMNS, capacity);
      const [ok, pk, sk, ln, qty, ext, disc, tx, rf, ls, sd, cd, rd, si, sm, text] = cols as [
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        string[],
        string[],
        Float64Array,
        Float64Array,
        Float64Array,
        string[],
        string[],
        string[],
      ];
      let r = 0;
      while (r < chunkRows && done < count) {
        const key = orderKey(start + done + 1);
        const orderDate = line.orderDate.next();
        const lines = line.lineCount.next();
        for (let l = 0; l < lines; l++, r++) {
          const quantity = line.quantity.next();
          const discount = line.discount.next();
          const tax = line.tax.next();
          const partKey = line.partKey.next();
          const suppKey = partSupplier(partKey, supplierNumber.next(), sf);
          const ship = line.shipDate.next() + orderDate;
          const commit = commitDate.next() + orderDate;
          const receipt = receiptDate.next() + ship;
          ok[r] = key;
          pk[r] = partKey;
          sk[r] = suppKey;
          ln[r] = l + 1;
          qty[r] = quantity * 100;
          ext[r] = partPrice(partKey) * quantity;
          disc[r] = discount;
          tx[r] = tax;
          rf[r] = isInPast(receipt) ? returnFlag.next() : 'N';
          ls[r] = isInPast(ship) ? 'F' : 'O';
          sd[r] = toEpochDay(ship);
          cd[r] = toEpochDay(commit);
          rd[r] = toEpochDay(receipt);
          si[r] = instruction.next();
          sm[r] = mode.next();
          text[r] = comment.next();
        }
        for (const s of streams) s.rowFinished();
        done++;
      }
      yield chunkOf(cols, r);
    }
  },
};
