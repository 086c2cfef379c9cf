// The file formats by Spark's short name.

import { FlintError } from '@flint/common';
import type { FileFormat } from './format.js';
import { csvFormat } from './csv/csv-format.js';
import { parquetFormat } from './parquet/parquet-format.js';
import { jsonFormat } from './json/json-format.js';
import { textFormat } from './text/text-format.js';

const FORMATS: Readonly<Record<string, FileFormat>> = {
  csv: csvFormat,
  json: jsonFormat,
  parquet: parquetFormat,
  text: textFormat,
};

export function fileFormatOf(name: string): FileFormat {
  const f = FORMATS[name.toLowerCase()];
  if (f === undefined) {
    throw new FlintError(
      'DATA_SOURCE_NOT_FOUND',
      `[DATA_SOURCE_NOT_FOUND] Failed to find the data source: ${name}. Make sure the provider name is correct and the package is properly registered and compatible with your Spark version. SQLSTATE: 42K02`,
      { provider: name },
      null,
      '42K02',
    );
  }
  return f;
}
