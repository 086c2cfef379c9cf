// Data source options: Spark treats option keys case-insensitively and values as strings.

import { FlintError, defaultTimeZoneId, getTimeZone, type TimeZone } from '@flint/common';

export type DataSourceOptions = Readonly<Record<string, string>>;

/** Looks up `key` ignoring case; later keys in insertion order win, as with Spark's option(). */
export function getOption(options: DataSourceOptions, key: string): string | undefined {
  const lower = key.toLowerCase();
  let found: string | undefined;
  for (const k of Object.keys(options)) if (k.toLowerCase() === lower) found = options[k];
  return found;
}

export function getBoolOption(options: DataSourceOptions, key: string, dflt: boolean): boolean {
  const v = getOption(options, key);
  if (v === undefined) return dflt;
  const l = v.toLowerCase();
  if (l === 'true') return true;
  if (l === 'false') return false;
  throw new FlintError('INVALID_OPTION_VALUE', `${key} flag can be true or false.`, {
    option: key,
    value: v,
  });
}

export function getIntOption(options: DataSourceOptions, key: string, dflt: number): number {
  const v = getOption(options, key);
  if (v === undefined) return dflt;
  if (!/^[+-]?\d+$/.test(v)) {
    throw new FlintError('INVALID_OPTION_VALUE', `${key} should be an integer. Found ${v}`, {
      option: key,
      value: v,
    });
  }
  return Number(v);
}

/**
 * The `timeZone` option as a zone (the session sets it to spark.sql.session.timeZone; the machine's
 * zone only when used outside a session). An unknown zone is Spark's INVALID_TIMEZONE.
 */
export function timeZoneOption(options: DataSourceOptions): TimeZone {
  const id = getOption(options, 'timeZone') ?? defaultTimeZoneId();
  const zone = getTimeZone(id);
  if (zone === null) {
    throw new FlintError(
      'INVALID_TIMEZONE',
      `[INVALID_TIMEZONE] The timezone: ${id} is invalid. The timezone must be either a region-based zone ID or a zone offset. Region IDs must have the form 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the format '(+|-)HH', '(+|-)HH:mm’ or '(+|-)HH:mm:ss', e.g '-08', '+01:00' or '-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are accepted as synonyms for '+00:00'. SQLSTATE: 22009`,
      { timeZone: id },
      null,
      '22009',
    );
  }
  return zone;
}
