// Spark's StructType.merge for Parquet's mergeSchema: the union of the fields of all files, in order of
// first appearance, with equal types required for the same field (structs, arrays and maps merge inside).

import { type DataType, FlintError, type StructField, type StructType, T, toSQLType } from '@flint/common';

class MergeFailure extends Error {}

function mergeTypes(left: DataType, right: DataType, caseSensitive: boolean): DataType {
  if (left.kind === 'array' && right.kind === 'array') {
    return T.array(
      mergeTypes(left.elementType, right.elementType, caseSensitive),
      left.containsNull || right.containsNull,
    );
  }
  if (left.kind === 'map' && right.kind === 'map') {
    return T.map(
      mergeTypes(left.keyType, right.keyType, caseSensitive),
      mergeTypes(left.valueType, right.valueType, caseSensitive),
      left.valueContainsNull || right.valueContainsNull,
    );
  }
  if (left.kind === 'struct' && right.kind === 'struct') return mergeStructs(left, right, caseSensitive);
  if (left.kind === 'decimal' && right.kind === 'decimal') {
    if (left.precision === right.precision && left.scale === right.scale) return left;
    throw new MergeFailure();
  }
  if (
    left.kind === right.kind &&
    left.kind !== 'time' &&
    left.kind !== 'year_month_interval' &&
    left.kind !== 'day_time_interval'
  )
    return left;
  if (JSON.stringify(left) === JSON.stringify(right)) return left;
  throw new MergeFailure();
}

function mergeStructs(left: StructType, right: StructType, caseSensitive: boolean): StructType {
  const key = (n: string): string => (caseSensitive ? n : n.toLowerCase());
  const rightByName = new Map(right.fields.map((f) => [key(f.name), f]));
  const leftNames = new Set(left.fields.map((f) => key(f.name)));
  const out: StructField[] = left.fields.map((f) => {
    const r = rightByName.get(key(f.name));
    if (r === undefined) return f;
    return {
      ...f,
      dataType: mergeTypes(f.dataType, r.dataType, caseSensitive),
      nullable: f.nullable || r.nullable,
    };
  });
  for (const f of right.fields) if (!leftNames.has(key(f.name))) out.push(f);
  return T.struct(out);
}

/** Merges two file schemas; incompatible types throw Spark's CANNOT_MERGE_SCHEMAS. */
export function mergeSchemas(left: StructType, right: StructType, caseSensitive = false): StructType {
  try {
    return mergeStructs(left, right, caseSensitive);
  } catch (e) {
    if (!(e instanceof MergeFailure)) throw e;
    const l = toSQLType(left);
    const r = toSQLType(right);
    throw new FlintError(
      'CANNOT_MERGE_SCHEMAS',
      `[CANNOT_MERGE_SCHEMAS] Failed merging schemas:\nInitial schema:\n${l}\nSchema that cannot be merged with the initial schema:\n${r}. SQLSTATE: 42KD9`,
      { left: l, right: r },
      null,
      '42KD9',
    );
  }
}
