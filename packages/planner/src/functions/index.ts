// The built-in function registry: every FunctionDef by lower-case name and alias, combined from the
// per-group lists (string, datetime, math, conditional, aggregate, window, collection, misc).

import type { DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import type { FunctionDef } from './function-def.js';
import { stringFunctions } from './string.js';
import { datetimeFunctions } from './datetime.js';
import { conditionalFunctions } from './conditional.js';
import { mathFunctions } from './math.js';
import { aggregateFunctions } from './aggregate.js';
import { windowFunctions } from './window.js';
import { collectionFunctions } from './collection.js';
import { miscFunctions } from './misc.js';
import { aggregateBufferTypesOf } from './aggregate-buffers.js';
import { likeQuantifiedFunctions } from './like-quantified.js';
import { jsonFunctions } from './json.js';
import { routineAliasFunctions } from './routine-aliases.js';
import { toNumberFunctions } from './to-number.js';
import { tryMakeTimestampFunctions } from './try-make-timestamp.js';
import { randstrFunctions } from './randstr.js';
import { timeFunctions } from './time.js';

const groups: readonly (readonly FunctionDef[])[] = [
  // First: its make_timestamp* defs take the (date, time) forms and hand the field forms on.
  timeFunctions,
  conditionalFunctions,
  mathFunctions,
  aggregateFunctions,
  windowFunctions,
  collectionFunctions,
  miscFunctions,
  stringFunctions,
  datetimeFunctions,
  likeQuantifiedFunctions,
  jsonFunctions,
  routineAliasFunctions,
  toNumberFunctions,
  tryMakeTimestampFunctions,
  randstrFunctions,
];

let registry: Map<string, FunctionDef> | null = null;

// Built lazily so that the group modules are fully initialised whatever the import order.
function getRegistry(): Map<string, FunctionDef> {
  if (registry !== null) return registry;
  const m = new Map<string, FunctionDef>();
  for (const group of groups) {
    for (const def of group) {
      // First registration wins, so a group cannot silently replace another's function.
      if (!m.has(def.name)) m.set(def.name, def);
      for (const a of def.aliases ?? []) if (!m.has(a)) m.set(a, def);
    }
  }
  registry = m;
  return m;
}

/** The FunctionDef of a built-in function by name or alias, case-insensitive. */
export function lookupFunction(name: string): FunctionDef | undefined {
  return getRegistry().get(name.toLowerCase());
}

/** Every registered name and alias, sorted (for SHOW FUNCTIONS and completion). */
export function listFunctionNames(): string[] {
  return [...getRegistry().keys()].sort();
}

/** The partial-aggregation buffer column types of an AggregateExpression (what AggregateState.buffers() yields). */
export function aggregateBufferTypes(agg: Extract<Expr, { kind: 'AggregateExpression' }>): DataType[] {
  return aggregateBufferTypesOf(agg);
}

export type * from './function-def.js';
export * from './define.js';
export * from '../types/index.js';
