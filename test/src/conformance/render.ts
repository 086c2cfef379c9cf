// Renders a result the way Spark's golden files hold it: each value in its golden ('hive') form,
// columns joined by a tab.

import { getValue, valueRenderer, type Batch, type RenderContext, type StructType } from '@flint/common';

/** Rows of `batches` rendered in golden form, columns joined by a tab. */
export function renderRows(schema: StructType, batches: readonly Batch[], ctx: RenderContext): string[] {
  const renderers = schema.fields.map((f) => valueRenderer(f.dataType, ctx));
  const out: string[] = [];
  for (const b of batches) {
    const cols = b.columns.map((col, c) => ({ col, render: renderers[c] ?? valueRenderer(col.type, ctx) }));
    for (let i = 0; i < b.numRows; i++) {
      const cells: string[] = [];
      for (const { col, render } of cols) cells.push(render(getValue(col, i)));
      out.push(cells.join('\t'));
    }
  }
  return out;
}
