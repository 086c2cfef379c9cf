// TPC-H customer: 150,000 × SF rows.

import { distribution } from '../distributions.js';
import { BoundedRandom } from '../random.js';
import { KeyedName, RandomAlphaNumeric, RandomPhoneNumber, RandomPick, RandomText } from '../text-streams.js';
import { type TableChunk, type TableGenerator, allocColumns, chunkOf, scaledCount, spec } from './table.js';

const COLUMNS = spec(
  'c_custkey bigint, c_name string, c_address string, c_nationkey int, c_phone string, c_acctbal decimal, c_mktsegment string, c_comment string',
);
export const CUSTOMER_SCALE_BASE = 150_000;

export const customerTable: TableGenerator = {
  name: 'customer',
  columns: COLUMNS,
  rowsPerUnit: 1,
  units: (sf) => scaledCount(CUSTOMER_SCALE_BASE, sf),
  *generate(_sf, pool, start, count, chunkRows): Generator<TableChunk> {
    const address = new RandomAlphaNumeric(881155353, 25);
    const nationKey = new BoundedRandom(1489529863, 0, distribution('nations').values.length - 1);
    const phone = new RandomPhoneNumber(1521138112);
    const balance = new BoundedRandom(298370230, -99999, 999999);
    const segment = new RandomPick(1140279430, distribution('msegmnt'));
    const comment = new RandomText(1335826707, pool, 73);
    const streams = [address, nationKey, phone, balance, segment, comment];
    const names = new KeyedName('Customer#', 9);
    for (const s of streams) s.advanceRows(start);

    for (let done = 0; done < count;) {
      const n = Math.min(chunkRows, count - done);
      const cols = allocColumns(COLUMNS, n);
      const [key, name, addr, nation, ph, bal, seg, text] = cols as [
        Float64Array,
        string[],
        string[],
        Float64Array,
        string[],
        Float64Array,
        string[],
        string[],
      ];
      for (let r = 0; r < n; r++) {
        const custKey = start + done + r + 1;
        const nk = nationKey.next();
        key[r] = custKey;
        name[r] = names.format(custKey);
        addr[r] = address.next();
        nation[r] = nk;
        ph[r] = phone.next(nk);
        bal[r] = balance.next();
        seg[r] = segment.next();
        text[r] = comment.next();
        for (const s of streams) s.rowFinished();
      }
      done += n;
      yield chunkOf(cols, n);
    }
  },
};
