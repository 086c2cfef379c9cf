// Spark's CSVOptions for reading, resolved once from the user's (case-insensitive) option map.

import { FlintError, defaultTimeZoneId } from '@flint/common';
import { type DataSourceOptions, getBoolOption, getIntOption, getOption } from '../options.js';

export type ParseMode = 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';

/** Byte-level syntax the tokenizer needs. A value of -1 disables quote, escape or comment. */
export interface CsvSyntax {
  readonly delimiter: number;
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
}

export interface CsvOptions {
  readonly syntax: CsvSyntax;
  readonly header: boolean;
  readonly inferSchema: boolean;
  readonly mode: ParseMode;
  readonly nullValue: string;
  /** What a quoted empty field ("") reads as. */
  readonly emptyValue: string;
  readonly nanValue: string;
  readonly positiveInf: string;
  readonly negativeInf: string;
  readonly preferDate: boolean;
  readonly dateFormat: string | undefined;
  readonly timestampFormat: string | undefined;
  readonly timeZone: string;
  readonly samplingRatio: number;
  readonly enforceSchema: boolean;
}

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

/** Spark's CSVExprUtils.toChar/toDelimiterStr: a single character or an escape such as \t, \u0001. */
function delimiterByte(str: string): number {
  let s = str;
  if (s === '\\t') s = '\t';
  else if (s === '\\u0000') s = '\u0000';
  else if (/^\\u[0-9a-fA-F]{4}$/.test(s)) s = String.fromCharCode(parseInt(s.slice(2), 16));
  else if (s.length === 2 && s[0] === '\\') {
    if (s[1] === '\\') s = '\\';
    else if (s[1] === '"') s = '"';
    else if (s[1] === "'") s = "'";
    else throw badOption('sep', `Unsupported special character for delimiter: ${str}`);
  }
  if (s.length === 0) throw badOption('sep', 'Delimiter cannot be empty string');
  if (s.length !== 1 || s.charCodeAt(0) > 0x7f) {
    throw badOption('sep', `Only single ASCII character delimiters are supported for now, got '${str}'`);
  }
  return s.charCodeAt(0);
}

export function resolveCsvOptions(options: DataSourceOptions): CsvOptions {
  const sep = getOption(options, 'sep') ?? getOption(options, 'delimiter') ?? ',';
  const delimiter = delimiterByte(sep);
  const quote = charOption(options, 'quote', 0x22);
  const escape = charOption(options, 'escape', 0x5c);
  const comment = charOption(options, 'comment', -1);
  const lineSep = getOption(options, 'lineSep');
  let newline1 = 0x0a;
  let newline2 = 0x0d;
  let autoLineSep = true;
  if (lineSep !== undefined) {
    if (lineSep === '') throw badOption('lineSep', "'lineSep' cannot be an empty string.");
    if (lineSep === '\r\n' || lineSep === '\n') {
      // \r\n is handled by the automatic rule; \n alone still ends a line there, as in Hadoop.
    } else {
      if (lineSep.length !== 1 || lineSep.charCodeAt(0) > 0x7f) {
        throw badOption('lineSep', "'lineSep' can contain only 1 character.");
      }
      newline1 = newline2 = lineSep.charCodeAt(0);
      autoLineSep = false;
    }
  }
  const modeStr = (getOption(options, 'mode') ?? 'PERMISSIVE').toUpperCase();
  // Spark falls back to PERMISSIVE for an unknown mode (with a warning).
  const mode: ParseMode = modeStr === 'DROPMALFORMED' || modeStr === 'FAILFAST' ? modeStr : 'PERMISSIVE';
  const samplingRatio = Number(getOption(options, 'samplingRatio') ?? '1.0');
  return {
    syntax: {
      delimiter,
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
    },
    header: getBoolOption(options, 'header', false),
    inferSchema: getBoolOption(options, 'inferSchema', false),
    mode,
    nullValue: getOption(options, 'nullValue') ?? '',
    emptyValue: getOption(options, 'emptyValue') ?? '',
    nanValue: getOption(options, 'nanValue') ?? 'NaN',
    positiveInf: getOption(options, 'positiveInf') ?? 'Inf',
    negativeInf: getOption(options, 'negativeInf') ?? '-Inf',
    preferDate: getBoolOption(options, 'preferDate', true),
    dateFormat: getOption(options, 'dateFormat'),
    timestampFormat: getOption(options, 'timestampFormat'),
    timeZone: getOption(options, 'timeZone') ?? defaultTimeZoneId(),
    samplingRatio: Number.isFinite(samplingRatio) ? samplingRatio : 1,
    enforceSchema: getBoolOption(options, 'enforceSchema', true),
  };
}
