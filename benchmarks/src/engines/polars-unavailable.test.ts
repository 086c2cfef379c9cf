// Checks that a Polars library that cannot load makes the adapter report itself unavailable.

import { describe, expect, it, vi } from 'vitest';
import { EngineUnavailable } from '../runner/types.js';
import { adapter } from './polars.js';

vi.mock('nodejs-polars', () => {
  throw new Error('native binary missing');
});

describe('polars adapter without nodejs-polars', () => {
  it('throws EngineUnavailable from open', async () => {
    const opening = adapter.open({ suite: 'tpch', tables: [], mode: 'memory', threads: 1 });
    await expect(opening).rejects.toBeInstanceOf(EngineUnavailable);
    await expect(adapter.open({ suite: 'tpch', tables: [], mode: 'memory', threads: 1 })).rejects.toThrow(
      /polars is not available/,
    );
  });
});
