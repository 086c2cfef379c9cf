// FileSourceScan: reads the files through @flint/io (all splits in partition 0 for now), projected to
// the required columns. Pushed filters are not passed down yet: the Filter above the scan applies them.

import { FlintError, type Batch } from '@flint/common';
import { csvFormat, parquetFormat, readFiles, type FileFormat } from '@flint/io';
import type { PhysicalPlan } from '@flint/planner';

type Node = Extract<PhysicalPlan, { kind: 'FileSourceScan' }>;

function formatOf(name: string): FileFormat {
  switch (name) {
    case 'csv':
      return csvFormat;
    case 'parquet':
      return parquetFormat;
    default:
      throw new FlintError(
        'UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY',
        `Reading ${name} files is not supported yet.`,
        { dataSourceType: name },
      );
  }
}

export async function* fileSourceScan(node: Node, partition: number): AsyncIterable<Batch> {
  if (partition !== 0) return;
  const format = formatOf(node.source.format);
  yield* readFiles(format, node.source.paths, node.requiredSchema, node.source.options, {
    dataSchema: node.source.schema,
  });
}
