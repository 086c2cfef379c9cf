// StructType.treeString, the text of DataFrame.printSchema().
import type { DataType, StructType } from '../data-type.js';
import { typeName } from '../type-names.js';
import { escapeMetaCharacters } from './show.js';

function nested(t: DataType, prefix: string, depth: number, out: string[]): void {
  if (depth <= 0) return;
  switch (t.kind) {
    case 'struct':
      for (const f of t.fields) {
        out.push(
          `${prefix}-- ${escapeMetaCharacters(f.name)}: ${typeName(f.dataType)} (nullable = ${f.nullable})\n`,
        );
        nested(f.dataType, prefix + '    |', depth - 1, out);
      }
      break;
    case 'array':
      out.push(`${prefix}-- element: ${typeName(t.elementType)} (containsNull = ${t.containsNull})\n`);
      nested(t.elementType, prefix + '    |', depth - 1, out);
      break;
    case 'map':
      out.push(`${prefix}-- key: ${typeName(t.keyType)}\n`);
      nested(t.keyType, prefix + '    |', depth - 1, out);
      out.push(`${prefix}-- value: ${typeName(t.valueType)} (valueContainsNull = ${t.valueContainsNull})\n`);
      nested(t.valueType, prefix + '    |', depth - 1, out);
      break;
    default:
      break;
  }
}

/** Spark's `schema.treeString(level)`: "root\n |-- a: integer (nullable = true)\n ...". */
export function treeString(schema: StructType, level = Number.MAX_SAFE_INTEGER): string {
  const out: string[] = ['root\n'];
  for (const f of schema.fields) {
    if (level <= 0) break;
    out.push(` |-- ${escapeMetaCharacters(f.name)}: ${typeName(f.dataType)} (nullable = ${f.nullable})\n`);
    nested(f.dataType, ' |    |', level - 1, out);
  }
  return out.join('');
}
