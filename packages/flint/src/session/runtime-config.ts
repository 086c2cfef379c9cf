// The session's SQL configuration (spark.conf): values set by the user over the defaults that
// @flint/common's CONF_ENTRIES hold for the keys Flint honours.

import { CONF_ENTRIES, confEntry } from '@flint/common';
import type { RuntimeConfig } from './session-state.js';

function defaultOf(key: string): string | undefined {
  const d = confEntry(key)?.default;
  const value = typeof d === 'function' ? d() : d;
  return value === '' ? undefined : value;
}

export function newRuntimeConfig(initial: ReadonlyMap<string, string> = new Map()): RuntimeConfig {
  const values = new Map<string, string>(initial);
  let all: Map<string, string> | null = null;
  function get(key: string): string | undefined;
  function get(key: string, defaultValue: string): string;
  function get(key: string, defaultValue?: string): string | undefined {
    return values.get(key) ?? defaultOf(key) ?? defaultValue;
  }
  return {
    get,
    set(key, value) {
      values.set(key, String(value));
      all = null;
    },
    unset(key) {
      values.delete(key);
      all = null;
    },
    getAll() {
      if (all === null) {
        all = new Map<string, string>();
        for (const e of CONF_ENTRIES) {
          const d = defaultOf(e.key);
          if (d !== undefined) all.set(e.key, d);
        }
        for (const [k, v] of values) all.set(k, v);
      }
      return all;
    },
  };
}
