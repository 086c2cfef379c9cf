// The string generators against the first rows of the reference files (customer 1, supplier 1, part 1).

import { describe, expect, it } from 'vitest';
import { distribution } from './distributions.js';
import { RandomAlphaNumeric, RandomPhoneNumber, RandomPick, RandomWordSequence } from './text-streams.js';

describe('string streams', () => {
  it('alphanumeric addresses', () => {
    const customer = new RandomAlphaNumeric(881155353, 25);
    expect(customer.next()).toBe('IVhzIApeRb ot,c,E');
    customer.rowFinished();
    expect(customer.next()).toBe('XSTf4,NCwDVaWNe6tEgvwfmRchLXak');
    expect(new RandomAlphaNumeric(706178559, 25).next()).toBe(' N kD4on9OM Ipw3,gf0JBoQDd7tgrzrddZ');
  });

  it('phone numbers carry the nation key', () => {
    const phone = new RandomPhoneNumber(1521138112);
    expect(phone.next(15)).toBe('25-989-741-2988');
    phone.rowFinished();
    expect(phone.next(13)).toBe('23-768-687-3665');
  });

  it('part names are five shuffled colors', () => {
    const names = new RandomWordSequence(709314158, 5, distribution('colors'));
    expect(names.next()).toBe('goldenrod lavender spring chocolate lace');
    names.rowFinished();
    expect(names.next()).toBe('blush thistle blue yellow saddle');
  });

  it('distribution picks', () => {
    const segment = new RandomPick(1140279430, distribution('msegmnt'));
    expect(segment.next()).toBe('BUILDING');
    segment.rowFinished();
    expect(segment.next()).toBe('AUTOMOBILE');
    expect(distribution('nations').cumulativeWeights.slice(0, 5)).toEqual([0, 1, 1, 1, 4]);
  });
});
