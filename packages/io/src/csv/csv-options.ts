// Spark's CSVOptions, resolved once from the user's (case-insensitive) option map: the read side
// (resolveCsvOptions) and the write side (resolveCsvWriteOptions).

import { FlintError } from '@flint/common';
import {
  type DataSourceOptions,
  getBoolOption,
  getIntOption,
  getOption,
  timeZoneOption,
} from '../options.js';

export type ParseMode = 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';

/** univocity's UnescapedQuoteHandling (Spark's `unescapedQuoteHandling` option). */
export type UnescapedQuoteHandling =
  'STOP_AT_DELIMITER' | 'STOP_AT_CLOSING_QUOTE' | 'BACK_TO_DELIMITER' | 'SKIP_VALUE' | 'RAISE_ERROR';

/** Byte-level syntax the tokenizer needs. A value of -1 disables quote, escape or comment. */
export interface CsvSyntax {
  /** First byte of the delimiter (its UTF-8 encoding). */
  readonly delimiter: number;
  /** The whole delimiter in UTF-8; longer than one byte for multi-character or non-ASCII delimiters. */
  readonly delimiterBytes: Uint8Array;
  readonly quote: number;
  readonly escape: number;
  readonly comment: number;
  /** Record terminators: with lineSep unset both are \n and \r (\r\n counts once); else the one given byte. */
  readonly newline1: number;
  readonly newline2: number;
  readonly autoLineSep: boolean;
  readonly multiLine: boolean;
  readonly ignoreLeadingWhiteSpace: boolean;
  readonly ignoreTrailingWhiteSpace: boolean;
  readonly maxColumns: number;
  /** -1 = unlimited (Spark's default). */
  readonly maxCharsPerColumn: number;
  readonly unescapedQuoteHandling: UnescapedQuoteHandling;
}

export interface CsvOptions {
  readonly syntax: CsvSyntax;
  readonly header: boolean;
  readonly inferSchema: boolean;
  readonly mode: ParseMode;
  readonly columnNameOfCorruptRecord: string;
  readonly nullValue: string;
  /** What a quoted empty field ("") reads as. */
  readonly emptyValue: string;
  readonly nanValue: string;
  readonly positiveInf: string;
  readonly negativeInf: string;
  readonly preferDate: boolean;
  /** The user's dateFormat / timestampFormat / timestampNTZFormat (undefined when not given). */
  readonly dateFormat: string | undefined;
  readonly timestampFormat: string | undefined;
  readonly timestampNTZFormat: string | undefined;
  /** enableDateTimeParsingFallback (undefined: on exactly when the matching format is not given). */
  readonly dateTimeFallback: boolean | undefined;
  readonly timeZone: string;
  readonly samplingRatio: number;
  readonly enforceSchema: boolean;
  /** Java charset name, normalised ('UTF-8', 'ISO-8859-1', 'UTF-16LE', ...). */
  readonly encoding: string;
  readonly locale: string;
}

/** Spark's default corrupt-record column (spark.sql.columnNameOfCorruptRecord). */
export const DEFAULT_CORRUPT_RECORD_COLUMN = '_corrupt_record';

function badOption(name: string, message: string): FlintError {
  return new FlintError('INVALID_OPTION_VALUE', message, { option: name });
}

/** Spark's getChar: unset → default, '' → disabled, one char → it, longer → error. */
function charOption(options: DataSourceOptions, name: string, dflt: number): number {
  const v = getOption(options, name);
  if (v === undefined) return dflt;
  if (v === '' || v === '\u0000') return -1;
  if (v.length !== 1) throw badOption(name, `${name} cannot be more than one character`);
  const c = v.charCodeAt(0);
  if (c > 0x7f) throw badOption(name, `${name}: only ASCII characters are supported, got '${v}'`);
  return c;
}

function delimiterError(sub: string, message: string, str: string | null): FlintError {
  return new FlintError(
    `INVALID_DELIMITER_VALUE.${sub}`,
    `[INVALID_DELIMITER_VALUE.${sub}] Invalid value for delimiter. ${message} SQLSTATE: 42602`,
    str === null ? {} : { str },
    null,
    '42602',
  );
}

/** CSVExprUtils.toChar: one character, or a backslash escape such as \t. */
function toChar(str: string): string {
  if (str.length === 0) throw delimiterError('EMPTY_STRING', 'Delimiter cannot be empty string.', null);
  if (str === '\\') {
    throw delimiterError(
      'SINGLE_BACKSLASH',
      'Single backslash is prohibited. It has special meaning as beginning of an escape sequence. To get the backslash character, pass a string with two backslashes as the delimiter.',
      null,
    );
  }
  if (str.length === 1) return str;
  if (str[0] === '\\') {
    const c = str[1];
    const m: Record<string, string> = { t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };
    const r = c === undefined ? undefined : m[c];
    if (r !== undefined) return r;
    throw delimiterError(
      'UNSUPPORTED_SPECIAL_CHARACTER',
      `Unsupported special character for delimiter: ${str}.`,
      str,
    );
  }
  throw delimiterError(
    'DELIMITER_LONGER_THAN_EXPECTED',
    `Delimiter cannot be more than one character: ${str}.`,
    str,
  );
}

/** CSVExprUtils.toDelimiterStr: multi-character delimiters are allowed (Spark 3+), escapes resolved. */
export function toDelimiterStr(str: string): string {
  if (str.length === 0) return toChar(str);
  let out = '';
  let i = 0;
  while (i < str.length) {
    const chars = str.slice(i, i + (str[i] === '\\' ? 2 : 1));
    out += toChar(chars);
    i += chars.length;
  }
  return out;
}

/** Java charset names we can decode, by lower-cased alias. */
const CHARSETS: Record<string, string> = {
  'utf-8': 'UTF-8',
  utf8: 'UTF-8',
  'iso-8859-1': 'ISO-8859-1',
  'iso8859-1': 'ISO-8859-1',
  iso8859_1: 'ISO-8859-1',
  iso_8859_1: 'ISO-8859-1',
  latin1: 'ISO-8859-1',
  'latin-1': 'ISO-8859-1',
  'us-ascii': 'US-ASCII',
  ascii: 'US-ASCII',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'utf-16': 'UTF-16',
  utf16: 'UTF-16',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

/** Resolves a Java charset name; an unknown one is Spark's unsupported-charset error. */
export function resolveCharset(name: string): string {
  const c = CHARSETS[name.toLowerCase()];
  if (c === undefined) {
    throw new FlintError(
      'INVALID_PARAMETER_VALUE.CHARSET',
      `[INVALID_PARAMETER_VALUE.CHARSET] The value of parameter(s) \`encoding\` in \`csv\` is invalid: expects one of the charsets 'US-ASCII', 'ISO-8859-1', 'UTF-8', 'UTF-16BE', 'UTF-16LE', 'UTF-16', but got ${name}. SQLSTATE: 22023`,
      { parameter: '`encoding`', functionName: '`csv`', charset: name },
      null,
      '22023',
    );
  }
  return c;
}

/** Whether text in this charset is read byte for byte as UTF-8 (ASCII is a subset). */
export function isUtf8Compatible(charset: string): boolean {
  return charset === 'UTF-8' || charset === 'US-ASCII';
}

function encodingOption(options: DataSourceOptions): string {
  return resolveCharset(getOption(options, 'encoding') ?? getOption(options, 'charset') ?? 'UTF-8');
}

function lineSepOption(options: DataSourceOptions): string | undefined {
  const lineSep = getOption(options, 'lineSep');
  if (lineSep === undefined) return undefined;
  if (lineSep === '') throw badOption('lineSep', "requirement failed: 'lineSep' cannot be an empty string.");
  if (lineSep.length > 2)
    throw badOption('lineSep', "requirement failed: 'lineSep' can contain only 1 character.");
  return lineSep;
}

export function resolveCsvOptions(options: DataSourceOptions): CsvOptions {
  const sep = toDelimiterStr(getOption(options, 'sep') ?? getOption(options, 'delimiter') ?? ',');
  const delimiterBytes = new TextEncoder().encode(sep);
  const quote = charOption(options, 'quote', 0x22);
  const escape = charOption(options, 'escape', 0x5c);
  const comment = charOption(options, 'comment', -1);
  const lineSep = lineSepOption(options);
  let newline1 = 0x0a;
  let newline2 = 0x0d;
  let autoLineSep = true;
  if (lineSep !== undefined && lineSep !== '\r\n' && lineSep !== '\n') {
    // \r\n and \n are handled by the automatic rule (\n alone still ends a line there, as in Hadoop).
    if (lineSep.length !== 1 || lineSep.charCodeAt(0) > 0x7f) {
      throw badOption('lineSep', "requirement failed: 'lineSep' can contain only 1 character.");
    }
    newline1 = newline2 = lineSep.charCodeAt(0);
    autoLineSep = false;
  }
  const modeStr = (getOption(options, 'mode') ?? 'PERMISSIVE').toUpperCase();
  // Spark falls back to PERMISSIVE for an unknown mode (with a warning).
  const mode: ParseMode = modeStr === 'DROPMALFORMED' || modeStr === 'FAILFAST' ? modeStr : 'PERMISSIVE';
  const ratioStr = getOption(options, 'samplingRatio') ?? '1.0';
  const samplingRatio = Number(ratioStr);
  if (ratioStr.trim() === '' || !Number.isFinite(samplingRatio)) {
    throw badOption('samplingRatio', `samplingRatio should be a double. Found ${ratioStr}`);
  }
  if (samplingRatio <= 0) {
    throw badOption(
      'samplingRatio',
      `requirement failed: samplingRatio (${ratioStr}) should be greater than 0`,
    );
  }
  const uqh = (getOption(options, 'unescapedQuoteHandling') ?? 'STOP_AT_DELIMITER').toUpperCase();
  const handlings: readonly string[] = [
    'STOP_AT_DELIMITER',
    'STOP_AT_CLOSING_QUOTE',
    'BACK_TO_DELIMITER',
    'SKIP_VALUE',
    'RAISE_ERROR',
  ];
  if (!handlings.includes(uqh)) {
    throw badOption(
      'unescapedQuoteHandling',
      `No enum constant com.univocity.parsers.csv.UnescapedQuoteHandling.${uqh}`,
    );
  }
  const fallback = getOption(options, 'enableDateTimeParsingFallback');
  return {
    syntax: {
      delimiter: delimiterBytes[0]!,
      delimiterBytes,
      quote,
      escape,
      comment,
      newline1,
      newline2,
      autoLineSep,
      multiLine: getBoolOption(options, 'multiLine', false),
      ignoreLeadingWhiteSpace: getBoolOption(options, 'ignoreLeadingWhiteSpace', false),
      ignoreTrailingWhiteSpace: getBoolOption(options, 'ignoreTrailingWhiteSpace', false),
      maxColumns: getIntOption(options, 'maxColumns', 20480),
      maxCharsPerColumn: getIntOption(options, 'maxCharsPerColumn', -1),
      unescapedQuoteHandling: uqh as UnescapedQuoteHandling,
    },
    header: getBoolOption(options, 'header', false),
    inferSchema: getBoolOption(options, 'inferSchema', false),
    mode,
    columnNameOfCorruptRecord:
      getOption(options, 'columnNameOfCorruptRecord') ?? DEFAULT_CORRUPT_RECORD_COLUMN,
    nullValue: getOption(options, 'nullValue') ?? '',
    emptyValue: getOption(options, 'emptyValue') ?? '',
    nanValue: getOption(options, 'nanValue') ?? 'NaN',
    positiveInf: getOption(options, 'positiveInf') ?? 'Inf',
    negativeInf: getOption(options, 'negativeInf') ?? '-Inf',
    preferDate: getBoolOption(options, 'preferDate', true),
    dateFormat: getOption(options, 'dateFormat'),
    timestampFormat: getOption(options, 'timestampFormat'),
    timestampNTZFormat: getOption(options, 'timestampNTZFormat'),
    dateTimeFallback:
      fallback === undefined ? undefined : getBoolOption(options, 'enableDateTimeParsingFallback', false),
    timeZone: timeZoneOption(options).id,
    samplingRatio,
    enforceSchema: getBoolOption(options, 'enforceSchema', true),
    encoding: encodingOption(options),
    locale: getOption(options, 'locale') ?? 'en-US',
  };
}

/** Compression codecs of the CSV writer (Spark's CompressionCodecs short names). */
export type CsvCompression = 'none' | 'gzip' | 'deflate';

/** Spark's CSVOptions as the writer (UnivocityGenerator + univocity CsvWriterSettings) uses them. */
export interface CsvWriteOptions {
  readonly header: boolean;
  readonly delimiter: string;
  /** '' when quoting is disabled (quote option set to the empty string: univocity writes \0). */
  readonly quote: string;
  readonly escape: string;
  /** univocity's charToEscapeQuoteEscaping: escapes the escape character inside quoted values. */
  readonly escapeEscape: string;
  /** univocity's comment character (its default '#' when the option is unset). */
  readonly comment: string;
  readonly escapeQuotes: boolean;
  readonly quoteAll: boolean;
  readonly nullValue: string;
  readonly emptyValue: string;
  readonly dateFormat: string;
  readonly timestampFormat: string;
  readonly timestampNTZFormat: string;
  readonly timeZone: string;
  readonly lineSep: string;
  readonly compression: CsvCompression;
  readonly ignoreLeadingWhiteSpace: boolean;
  readonly ignoreTrailingWhiteSpace: boolean;
  readonly encoding: string;
}

function stringCharOption(options: DataSourceOptions, name: string, dflt: string): string {
  const v = getOption(options, name);
  if (v === undefined) return dflt;
  if (v === '' || v === '\u0000') return '';
  if (v.length !== 1) throw badOption(name, `${name} cannot be more than one character`);
  return v;
}

export function resolveCsvWriteOptions(options: DataSourceOptions): CsvWriteOptions {
  const escape = stringCharOption(options, 'escape', '\\');
  const quote = stringCharOption(options, 'quote', '"');
  const ctqe = getOption(options, 'charToEscapeQuoteEscaping');
  if (ctqe !== undefined && ctqe.length > 1) {
    throw badOption(
      'charToEscapeQuoteEscaping',
      'charToEscapeQuoteEscaping cannot be more than one character',
    );
  }
  const codec = (getOption(options, 'compression') ?? getOption(options, 'codec') ?? 'none').toLowerCase();
  let compression: CsvCompression;
  if (codec === 'none' || codec === 'uncompressed') compression = 'none';
  else if (codec === 'gzip') compression = 'gzip';
  else if (codec === 'deflate') compression = 'deflate';
  else {
    throw new FlintError(
      'CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION',
      `[CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION] The codec ${codec} is not available. Available codecs are bzip2, deflate, uncompressed, lz4, gzip, snappy, none, zstd. SQLSTATE: 56038`,
      { codecName: codec, availableCodecs: 'bzip2, deflate, uncompressed, lz4, gzip, snappy, none, zstd' },
      null,
      '56038',
    );
  }
  return {
    header: getBoolOption(options, 'header', false),
    delimiter: toDelimiterStr(getOption(options, 'sep') ?? getOption(options, 'delimiter') ?? ','),
    quote,
    escape,
    escapeEscape: ctqe !== undefined && ctqe !== '' ? ctqe : quote === escape ? '' : escape,
    comment: stringCharOption(options, 'comment', '#') || '#',
    escapeQuotes: getBoolOption(options, 'escapeQuotes', true),
    quoteAll: getBoolOption(options, 'quoteAll', false),
    nullValue: getOption(options, 'nullValue') ?? '',
    emptyValue: getOption(options, 'emptyValue') ?? '""',
    dateFormat: getOption(options, 'dateFormat') ?? 'yyyy-MM-dd',
    timestampFormat: getOption(options, 'timestampFormat') ?? "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]",
    timestampNTZFormat: getOption(options, 'timestampNTZFormat') ?? "yyyy-MM-dd'T'HH:mm:ss[.SSS]",
    timeZone: timeZoneOption(options).id,
    lineSep: lineSepOption(options) ?? '\n',
    compression,
    // Spark keeps univocity's write defaults: both trims are on unless turned off.
    ignoreLeadingWhiteSpace: getBoolOption(options, 'ignoreLeadingWhiteSpace', true),
    ignoreTrailingWhiteSpace: getBoolOption(options, 'ignoreTrailingWhiteSpace', true),
    encoding: encodingOption(options),
  };
}
