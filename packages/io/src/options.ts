// Data source options: Spark treats option keys case-insensitively and values as strings.

import { FlintError } from '@flint/common';

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
