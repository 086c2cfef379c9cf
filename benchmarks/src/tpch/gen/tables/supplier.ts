// TPC-H supplier: 10,000 × SF rows; 10 in every 10,000 comments carry a "Customer ... Complaints" or
// "Customer ... Recommends" note (the rows Q16 excludes).

import { distribution } from '../distributions.js';
import { BoundedRandom, RowRandom } from '../random.js';
import { KeyedName, RandomAlphaNumeric, RandomPhoneNumber, RandomText } from '../text-streams.js';
import { type TableChunk, type TableGenerator, allocColumns, chunkOf, scaledCount, spec } from './table.js';

const COLUMNS = spec(
  's_suppkey bigint, s_name string, s_address string, s_nationkey int, s_phone string, s_acctbal decimal, s_comment string',
);
export const SUPPLIER_SCALE_BASE = 10_000;

const BBB_BASE = 'Customer ';
const BBB_COMPLAINT = 'Complaints';
const BBB_RECOMMEND = 'Recommends';
const BBB_LENGTH = BBB_BASE.length + BBB_COMPLAINT.length;
const BBB_PER_SCALE_BASE = 10;
const BBB_COMPLAINT_PERCENT = 50;

/** `text` with `insert` written over it at `at` (same length unless it runs past the end). */
function overwrite(text: string, at: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + insert.length);
}

export const supplierTable: TableGenerator = {
  name: 'supplier',
  columns: COLUMNS,
  rowsPerUnit: 1,
  units: (sf) => scaledCount(SUPPLIER_SCALE_BASE, sf),
  *generate(_sf, pool, start, count, chunkRows): Generator<TableChunk> {
    const address = new RandomAlphaNumeric(706178559, 25);
    const nationKey = new BoundedRandom(110356601, 0, distribution('nations').values.length - 1);
    const phone = new RandomPhoneNumber(884434366);
    const balance = new BoundedRandom(962338209, -99999, 999999);
    const comment = new RandomText(1341315363, pool, 63);
    const bbbComment = new BoundedRandom(202794285, 1, SUPPLIER_SCALE_BASE);
    const bbbJunk = new RowRandom(263032577, 1);
    const bbbOffset = new RowRandom(715851524, 1);
    const bbbType = new BoundedRandom(753643799, 0, 100);
    const streams = [address, nationKey, phone, balance, comment, bbbComment, bbbJunk, bbbOffset, bbbType];
    for (const s of streams) s.advanceRows(start);
    const names = new KeyedName('Supplier#', 9);

    for (let done = 0; done < count;) {
      const n = Math.min(chunkRows, count - done);
      const cols = allocColumns(COLUMNS, n);
      const [key, name, addr, nation, ph, bal, text] = cols as [
        Float64Array,
        string[],
        string[],
        Float64Array,
        string[],
        Float64Array,
        string[],
      ];
      for (let r = 0; r < n; r++) {
        const suppKey = start + done + r + 1;
        let c = comment.next();
        if (bbbComment.next() <= BBB_PER_SCALE_BASE) {
          const noise = bbbJunk.nextInt(0, c.length - BBB_LENGTH);
          const offset = bbbOffset.nextInt(0, c.length - (BBB_LENGTH + noise));
          const note = bbbType.next() < BBB_COMPLAINT_PERCENT ? BBB_COMPLAINT : BBB_RECOMMEND;
          c = overwrite(c, offset, BBB_BASE);
          c = overwrite(c, BBB_BASE.length + offset + noise, note);
        }
        const nk = nationKey.next();
        key[r] = suppKey;
        name[r] = names.format(suppKey);
        addr[r] = address.next();
        nation[r] = nk;
        ph[r] = phone.next(nk);
        bal[r] = balance.next();
        text[r] = c;
        for (const s of streams) s.rowFinished();
      }
      done += n;
      yield chunkOf(cols, n);
    }
  },
};
