// Spark's JSONOptions for the JSON data source: parser features, inference switches, parse mode, the
// corrupt-record column, date/time formats and the writer's settings, resolved once per read or write.

import { FlintError, type TimeZone } from '@flint/common';
import { type DataSourceOptions, getBoolOption, getOption, timeZoneOption } from '../options.js';

export type ParseMode = 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';

/** The Jackson parser features Spark exposes as options. */
export interface JsonSyntax {
  readonly allowComments: boolean;
  readonly allowUnquotedFieldNames: boolean;
  readonly allowSingleQuotes: boolean;
  readonly allowNumericLeadingZeros: boolean;
  readonly allowNonNumericNumbers: boolean;
  readonly allowBackslashEscapingAnyCharacter: boolean;
  readonly allowUnquotedControlChars: boolean;
}

export interface JsonOptions {
  readonly syntax: JsonSyntax;
  readonly samplingRatio: number;
  readonly primitivesAsString: boolean;
  readonly prefersDecimal: boolean;
  readonly dropFieldIfAllNull: boolean;
  readonly inferTimestamp: boolean;
  readonly mode: ParseMode;
  readonly columnNameOfCorruptRecord: string;
  readonly multiLine: boolean;
  /** The record separator for reading; null means any of \n, \r, \r\n. */
  readonly lineSep: string | null;
  readonly dateFormat: string | undefined;
  readonly timestampFormat: string | undefined;
  readonly timestampNTZFormat: string | undefined;
  readonly timeZoneId: string;
  readonly zone: TimeZone;
  readonly ignoreNullFields: boolean;
  /** Normalised codec name: 'none' or 'gzip'. */
  readonly compression: 'none' | 'gzip';
}

function badOption(name: string, message: string): FlintError {
  return new FlintError('INVALID_OPTION_VALUE', message, { option: name });
}

/** Spark's `compression` short names; only the codecs Node can stream natively are supported. */
export function resolveCompression(options: DataSourceOptions): 'none' | 'gzip' {
  const c = getOption(options, 'compression') ?? getOption(options, 'codec');
  if (c === undefined) return 'none';
  const l = c.toLowerCase();
  if (l === 'none' || l === 'uncompressed') return 'none';
  if (l === 'gzip') return 'gzip';
  const known = ['none', 'uncompressed', 'bzip2', 'deflate', 'gzip', 'lz4', 'snappy', 'zstd'];
  if (known.includes(l))
    throw new FlintError('UNSUPPORTED_FEATURE', `Compression codec ${c} is not supported yet.`, {});
  throw new FlintError(
    'CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION',
    `[CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION] The codec ${c} is not available. Available codecs are bzip2, deflate, uncompressed, lz4, gzip, snappy, none, zstd. SQLSTATE: 56038`,
    { codecName: c, availableCodecs: 'bzip2, deflate, uncompressed, lz4, gzip, snappy, none, zstd' },
    null,
    '56038',
  );
}

/** The `lineSep` option (null when absent); Spark rejects an empty separator. */
export function resolveLineSep(options: DataSourceOptions): string | null {
  const sep = getOption(options, 'lineSep');
  if (sep === undefined) return null;
  if (sep === '') throw badOption('lineSep', "requirement failed: 'lineSep' cannot be an empty string.");
  return sep;
}

/** Only UTF-8 input/output is supported; other charsets are rejected rather than misread. */
export function checkEncoding(options: DataSourceOptions): void {
  const enc = getOption(options, 'encoding') ?? getOption(options, 'charset');
  if (enc === undefined) return;
  const l = enc.toLowerCase().replace(/[-_]/g, '');
  if (l !== 'utf8') throw new FlintError('UNSUPPORTED_FEATURE', `Encoding ${enc} is not supported yet.`, {});
}

export function resolveJsonOptions(options: DataSourceOptions): JsonOptions {
  const flag = (k: string, d: boolean): boolean => getBoolOption(options, k, d);
  const ratioText = getOption(options, 'samplingRatio');
  const samplingRatio = ratioText === undefined ? 1 : Number(ratioText);
  if (!(samplingRatio > 0))
    throw badOption(
      'samplingRatio',
      `requirement failed: samplingRatio (${ratioText}) should be greater than 0`,
    );
  const modeStr = (getOption(options, 'mode') ?? 'PERMISSIVE').toUpperCase();
  // Spark falls back to PERMISSIVE for an unknown mode (with a warning).
  const mode: ParseMode = modeStr === 'DROPMALFORMED' || modeStr === 'FAILFAST' ? modeStr : 'PERMISSIVE';
  const zone = timeZoneOption(options);
  checkEncoding(options);
  return {
    syntax: {
      allowComments: flag('allowComments', false),
      allowUnquotedFieldNames: flag('allowUnquotedFieldNames', false),
      allowSingleQuotes: flag('allowSingleQuotes', true),
      allowNumericLeadingZeros: flag('allowNumericLeadingZeros', false),
      allowNonNumericNumbers: flag('allowNonNumericNumbers', true),
      allowBackslashEscapingAnyCharacter: flag('allowBackslashEscapingAnyCharacter', false),
      allowUnquotedControlChars: flag('allowUnquotedControlChars', false),
    },
    samplingRatio,
    primitivesAsString: flag('primitivesAsString', false),
    prefersDecimal: flag('prefersDecimal', false),
    dropFieldIfAllNull: flag('dropFieldIfAllNull', false),
    inferTimestamp: flag('inferTimestamp', false),
    mode,
    columnNameOfCorruptRecord: getOption(options, 'columnNameOfCorruptRecord') ?? '_corrupt_record',
    multiLine: flag('multiLine', false),
    lineSep: resolveLineSep(options),
    dateFormat: getOption(options, 'dateFormat'),
    timestampFormat: getOption(options, 'timestampFormat'),
    timestampNTZFormat: getOption(options, 'timestampNTZFormat'),
    timeZoneId: zone.id,
    zone,
    ignoreNullFields: flag('ignoreNullFields', true),
    compression: resolveCompression(options),
  };
}
