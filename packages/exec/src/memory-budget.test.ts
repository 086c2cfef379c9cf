// The shared per-query memory budget: acquisition, refusal with Spark's error, release, peak, sharing.

import { FlintError } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { budgetFromShared, createMemoryBudget } from './memory-budget.js';

describe('memory budget', () => {
  it('grants bytes up to the limit and refuses beyond it with UNABLE_TO_ACQUIRE_MEMORY', () => {
    const b = createMemoryBudget(1000);
    b.acquire(600);
    expect(b.used()).toBe(600);
    let err: unknown;
    try {
      b.acquire(500);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlintError);
    expect((err as FlintError).errorClass).toBe('UNABLE_TO_ACQUIRE_MEMORY');
    expect((err as FlintError).messageParameters).toEqual({ requestedBytes: '500', receivedBytes: '400' });
    expect((err as FlintError).message).toContain('Unable to acquire 500 bytes of memory, got 400.');
    // The refused request took nothing.
    expect(b.used()).toBe(600);
    b.release(600);
    b.acquire(1000);
    expect(b.used()).toBe(1000);
    expect(b.peak()).toBe(1000);
  });

  it('keeps the peak after release and shares its counters with a budget rebuilt from them', () => {
    const b = createMemoryBudget(100);
    const other = budgetFromShared(b.shared, b.limit);
    b.acquire(70);
    expect(() => other.acquire(40)).toThrow(FlintError);
    other.acquire(30);
    expect(b.used()).toBe(100);
    b.release(70);
    other.release(30);
    expect(b.used()).toBe(0);
    expect(other.peak()).toBe(100);
  });

  it('is unlimited for Infinity or a negative limit', () => {
    for (const limit of [Infinity, -1]) {
      const b = createMemoryBudget(limit);
      b.acquire(1e15);
      expect(b.used()).toBe(1e15);
    }
  });
});
