// TPC-H region: the 5 regions of dists.dss and a comment.

import { distribution } from '../distributions.js';
import { RandomText } from '../text-streams.js';
import { type TableChunk, type TableGenerator, allocColumns, chunkOf, spec } from './table.js';

const COLUMNS = spec('r_regionkey int, r_name string, r_comment string');

export const regionTable: TableGenerator = {
  name: 'region',
  columns: COLUMNS,
  rowsPerUnit: 1,
  units: () => distribution('regions').values.length,
  *generate(_sf, pool, start, count): Generator<TableChunk> {
    const regions = distribution('regions');
    const comment = new RandomText(1500869201, pool, 72);
    comment.advanceRows(start);
    const cols = allocColumns(COLUMNS, count);
    const [key, name, text] = cols as [Float64Array, string[], string[]];
    for (let r = 0; r < count; r++) {
      const i = start + r;
      key[r] = i;
      name[r] = regions.values[i]!;
      text[r] = comment.next();
      comment.rowFinished();
    }
    yield chunkOf(cols, count);
  },
};
