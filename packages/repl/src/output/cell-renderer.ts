// How one value becomes text in the CLI's box, csv and json modes: Spark's golden / `spark-sql` form
// (`NULL`, `[1,2]`, `{"a":1}`), from @flint/common's valueRenderer.

import { valueRenderer, type DataType, type RenderContext, type Value } from '@flint/common';

export type CellRenderer = (value: Value, type: DataType) => string;

/** The renderer for a session's time zone. */
export function cellRenderer(ctx: RenderContext): CellRenderer {
  // One renderer per column type object: building one is the costly part.
  const cache = new Map<DataType, (v: Value) => string>();
  return (v, t) => {
    let r = cache.get(t);
    if (r === undefined) cache.set(t, (r = valueRenderer(t, ctx)));
    return r(v);
  };
}
