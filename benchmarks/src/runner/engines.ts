// The engines the runner knows, each loaded by a dynamic import of `../engines/<name>.js` so that a peer
// library that is not installed only fails its own engine (reported as skipped).

import { type EngineAdapter, EngineUnavailable } from './types.js';

/** In the order the runner runs them: DuckDB first, because its results check the others when no answer file exists. */
export const ENGINE_NAMES = ['duckdb', 'flint-sql', 'flint-df', 'polars', 'arquero'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}

/** Flint's own engines; every other engine is a peer whose time is compared with Flint's. */
export function isFlintEngine(name: string): boolean {
  return name.startsWith('flint');
}

/** Parses `--engines a,b`: known names only, DuckDB moved first, duplicates dropped. */
export function parseEngineList(text: string | undefined): EngineName[] {
  const asked =
    text === undefined
      ? [...ENGINE_NAMES]
      : text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  for (const name of asked) {
    if (!isEngineName(name)) throw new Error(`unknown engine '${name}' (known: ${ENGINE_NAMES.join(', ')})`);
  }
  const unique = [...new Set(asked as EngineName[])];
  return unique.includes('duckdb') ? ['duckdb', ...unique.filter((n) => n !== 'duckdb')] : unique;
}

function adapterOf(mod: Record<string, unknown>): EngineAdapter | undefined {
  for (const candidate of [mod['default'], mod['adapter']]) {
    if (
      candidate !== null &&
      typeof candidate === 'object' &&
      typeof (candidate as EngineAdapter).open === 'function'
    )
      return candidate as EngineAdapter;
  }
  return undefined;
}

/** The engine's adapter; throws `EngineUnavailable` when its module (or the library it imports) cannot be loaded. */
export async function loadEngine(name: EngineName): Promise<EngineAdapter> {
  // A computed specifier: engines written by others may not exist yet, and the compiler must not require them.
  const specifier = `../engines/${name}.js`;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (err) {
    throw new EngineUnavailable(name, err);
  }
  const adapter = adapterOf(mod);
  if (adapter === undefined)
    throw new EngineUnavailable(name, new Error(`engines/${name}.js exports no adapter`));
  return adapter;
}
