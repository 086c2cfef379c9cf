// dbgen's date helpers against values of the reference files (orders 1 and 3, lineitem 1).

import { describe, expect, it } from 'vitest';
import { MIN_GENERATE_DATE, formatEpochDay, isInPast, julian, toEpochDay } from './dates.js';

describe('dates', () => {
  it('day numbers start at 1992-01-01', () => {
    expect(formatEpochDay(toEpochDay(MIN_GENERATE_DATE))).toBe('1992-01-01');
    expect(julian(MIN_GENERATE_DATE + 365)).toBe(92366); // 1992 is a leap year
    expect(julian(MIN_GENERATE_DATE + 366)).toBe(93001);
  });

  it('formats the order dates of the reference orders 1 and 3', () => {
    // o_orderdate of order 1 is 1996-01-02, of order 3 1993-10-14 (sf0.1/orders.parquet).
    expect(formatEpochDay(9497)).toBe('1996-01-02');
    expect(formatEpochDay(8687)).toBe('1993-10-14');
  });

  it('counts 1995-06-17 as past and 1995-06-18 as not', () => {
    const june17 = MIN_GENERATE_DATE + (Date.UTC(1995, 5, 17) - Date.UTC(1992, 0, 1)) / 86400000;
    expect(formatEpochDay(toEpochDay(june17))).toBe('1995-06-17');
    expect(isInPast(june17)).toBe(true);
    expect(isInPast(june17 + 1)).toBe(false);
  });
});
