// TPC-H partsupp: four suppliers for each part (800,000 × SF rows), generated part by part.

import { BoundedRandom } from '../random.js';
import { RandomText } from '../text-streams.js';
import { PART_SCALE_BASE } from './part.js';
import { SUPPLIER_SCALE_BASE } from './supplier.js';
import { type TableChunk, type TableGenerator, allocColumns, chunkOf, scaledCount, spec } from './table.js';

const COLUMNS = spec(
  'ps_partkey bigint, ps_suppkey bigint, ps_availqty bigint, ps_supplycost decimal, ps_comment string',
);
export const SUPPLIERS_PER_PART = 4;

/** The key of a part's `supplierNumber`-th supplier (0 to 3), spread so each supplier gets ~80 parts. */
export function partSupplier(partKey: number, supplierNumber: number, sf: number): number {
  const suppliers = scaledCount(SUPPLIER_SCALE_BASE, sf);
  const stride = Math.floor(suppliers / SUPPLIERS_PER_PART) + Math.floor((partKey - 1) / suppliers);
  return ((partKey + supplierNumber * stride) % suppliers) + 1;
}

export const partsuppTable: TableGenerator = {
  name: 'partsupp',
  columns: COLUMNS,
  rowsPerUnit: SUPPLIERS_PER_PART,
  units: (sf) => scaledCount(PART_SCALE_BASE, sf),
  *generate(sf, pool, start, count, chunkRows): Generator<TableChunk> {
    const quantity = new BoundedRandom(1671059989, 1, 9999, SUPPLIERS_PER_PART);
    const cost = new BoundedRandom(1051288424, 100, 100000, SUPPLIERS_PER_PART);
    const comment = new RandomText(1961692154, pool, 124, SUPPLIERS_PER_PART);
    const streams = [quantity, cost, comment];
    for (const s of streams) s.advanceRows(start);

    const partsPerChunk = Math.max(1, Math.floor(chunkRows / SUPPLIERS_PER_PART));
    for (let done = 0; done < count;) {
      const parts = Math.min(partsPerChunk, count - done);
      const n = parts * SUPPLIERS_PER_PART;
      const cols = allocColumns(COLUMNS, n);
      const [pk, sk, qty, cst, text] = cols as [
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        string[],
      ];
      let r = 0;
      for (let p = 0; p < parts; p++) {
        const partKey = start + done + p + 1;
        for (let s = 0; s < SUPPLIERS_PER_PART; s++, r++) {
          pk[r] = partKey;
          sk[r] = partSupplier(partKey, s, sf);
          qty[r] = quantity.next();
          cst[r] = cost.next();
          text[r] = comment.next();
        }
        for (const s of streams) s.rowFinished();
      }
      done += parts;
      yield chunkOf(cols, n);
    }
  },
};
