// SQL on files (Spark's ResolveSQLOnFile): ``SELECT * FROM parquet.`/path` `` reads the path with that
// format when no table has that name. Schema inference reads files, so this runs before analysis.

import {
  lookupRelation,
  planChildren,
  withChildren,
  type FileFormatName,
  type LogicalPlan,
} from '@flint/planner';
import type { SessionCore } from './session-core.js';

const FORMATS: ReadonlySet<string> = new Set(['csv', 'json', 'parquet', 'text']);

export async function resolveFileReferences(session: SessionCore, plan: LogicalPlan): Promise<LogicalPlan> {
  if (plan.kind === 'UnresolvedRelation') {
    const parts = plan.nameParts;
    const format = parts[0]?.toLowerCase();
    if (
      parts.length === 2 &&
      format !== undefined &&
      FORMATS.has(format) &&
      lookupRelation(session.catalog, parts) === undefined
    ) {
      return session.fileRelation(format as FileFormatName, [parts[1]!], {}, null);
    }
    return plan;
  }
  const children = planChildren(plan);
  if (children.length === 0) return plan;
  const resolved = await Promise.all(children.map((c) => resolveFileReferences(session, c)));
  return withChildren(plan, resolved);
}
