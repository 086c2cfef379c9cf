// TPC-H nation: the 25 nations of dists.dss, their region keys and a comment.

import { distribution } from '../distributions.js';
import { RandomText } from '../text-streams.js';
import { type TableChunk, type TableGenerator, allocColumns, chunkOf, spec } from './table.js';

const COLUMNS = spec('n_nationkey int, n_name string, n_regionkey int, n_comment string');

export const nationTable: TableGenerator = {
  name: 'nation',
  columns: COLUMNS,
  rowsPerUnit: 1,
  units: () => distribution('nations').values.length,
  *generate(_sf, pool, start, count): Generator<TableChunk> {
    const nations = distribution('nations');
    const comment = new RandomText(606179079, pool, 72);
    comment.advanceRows(start);
    const cols = allocColumns(COLUMNS, count);
    const [key, name, region, text] = cols as [Float64Array, string[], Float64Array, string[]];
    for (let r = 0; r < count; r++) {
      const i = start + r;
      key[r] = i;
      name[r] = nations.values[i]!;
      region[r] = nations.cumulativeWeights[i]!;
      text[r] = comment.next();
      comment.rowFinished();
    }
    yield chunkOf(cols, count);
  },
};
