// TPC-H part: 200,000 × SF rows.

import { distribution } from '../distributions.js';
import { BoundedRandom } from '../random.js';
import { RandomPick, RandomText, RandomWordSequence } from '../text-streams.js';
import { type TableChunk, type TableGenerator, allocColumns, chunkOf, scaledCount, spec } from './table.js';

const COLUMNS = spec(
  'p_partkey bigint, p_name string, p_mfgr string, p_brand string, p_type string, p_size int, p_container string, p_retailprice decimal, p_comment string',
);
export const PART_SCALE_BASE = 200_000;

/** `Manufacturer#1` to `#5` and `Brand#11` to `#55`, by number (made once, not per row). */
const MANUFACTURERS = Array.from({ length: 6 }, (_, m) => `Manufacturer#${m}`);
const BRANDS = Array.from({ length: 56 }, (_, b) => `Brand#${b}`);

/** A part's retail price in cents, a function of its key (lineitem prices derive from it too). */
export function partPrice(partKey: number): number {
  return 90000 + (Math.floor(partKey / 10) % 20001) + (partKey % 1000) * 100;
}

export const partTable: TableGenerator = {
  name: 'part',
  columns: COLUMNS,
  rowsPerUnit: 1,
  units: (sf) => scaledCount(PART_SCALE_BASE, sf),
  *generate(_sf, pool, start, count, chunkRows): Generator<TableChunk> {
    const name = new RandomWordSequence(709314158, 5, distribution('colors'));
    const manufacturer = new BoundedRandom(1, 1, 5);
    const brand = new BoundedRandom(46831694, 1, 5);
    const type = new RandomPick(1841581359, distribution('p_types'));
    const size = new BoundedRandom(1193163244, 1, 50);
    const container = new RandomPick(727633698, distribution('p_cntr'));
    const comment = new RandomText(804159733, pool, 14);
    const streams = [name, manufacturer, brand, type, size, container, comment];
    for (const s of streams) s.advanceRows(start);

    for (let done = 0; done < count;) {
      const n = Math.min(chunkRows, count - done);
      const cols = allocColumns(COLUMNS, n);
      const [key, nm, mfgr, br, ty, sz, cont, price, text] = cols as [
        Float64Array,
        string[],
        string[],
        string[],
        string[],
        Float64Array,
        string[],
        Float64Array,
        string[],
      ];
      for (let r = 0; r < n; r++) {
        const partKey = start + done + r + 1;
        nm[r] = name.next();
        const m = manufacturer.next();
        key[r] = partKey;
        mfgr[r] = MANUFACTURERS[m]!;
        br[r] = BRANDS[m * 10 + brand.next()]!;
        ty[r] = type.next();
        sz[r] = size.next();
        cont[r] = container.next();
        price[r] = partPrice(partKey);
        text[r] = comment.next();
        for (const s of streams) s.rowFinished();
      }
      done += n;
      yield chunkOf(cols, n);
    }
  },
};
