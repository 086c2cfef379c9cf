// The corrupt-record column (columnNameOfCorruptRecord) shared by the CSV and JSON readers.

import { FlintError, type StructField, sqlTypeName } from '@flint/common';

/** Spark's check: the column that receives a malformed record's text must be a nullable STRING. */
export function checkCorruptRecordField(f: StructField): void {
  if (f.dataType.kind === 'string' && f.nullable) return;
  throw new FlintError(
    'INVALID_CORRUPT_RECORD_TYPE',
    `[INVALID_CORRUPT_RECORD_TYPE] The column \`${f.name}\` for corrupt records must have the nullable STRING type, but got ${sqlTypeName(f.dataType)}. SQLSTATE: 42804`,
    { columnName: `\`${f.name}\``, actualType: sqlTypeName(f.dataType) },
    null,
    '42804',
  );
}
