// Tests of the answer checks: numeric tolerance, padded strings, ties in any order, wrong answers, checksums.

import { describe, expect, it } from 'vitest';
import { parseAnswerCsv } from '../tpch/answers.js';
import { checksumOf, compareChecksums, compareResultSets, numbersAgree } from './compare.js';

describe('compareResultSets', () => {
  const answer = parseAnswerCsv(
    'k|name|revenue|d\n1|Supplier#1   |100.0100|1995-03-05\n2|b|200.5|1995-03-06\n',
  );

  it('accepts numbers within absolute 0.01 or relative 1e-6, trimmed strings and ISO dates', () => {
    const got = {
      columns: ['k', 'name', 'revenue', 'd'],
      rows: [
        [1, 'Supplier#1', 100.005, '1995-03-05'],
        [2, 'b', 200.5, '1995-03-06'],
      ],
    };
    expect(compareResultSets(got, answer)).toEqual({ ok: true });
    expect(numbersAgree(1e12, 1e12 + 1e5)).toBe(true);
    expect(numbersAgree(1e12, 1e12 + 1e7)).toBe(false);
  });

  it('detects a wrong value, a missing row and a missing column', () => {
    const wrong = {
      columns: ['k', 'name', 'revenue', 'd'],
      rows: [
        [1, 'Supplier#1', 100.03, '1995-03-05'],
        [2, 'b', 200.5, '1995-03-06'],
      ],
    };
    const v = compareResultSets(wrong, answer);
    expect(v.ok).toBe(false);
    expect(v.message).toContain('row 1');
    expect(compareResultSets({ columns: answer.columns, rows: [wrong.rows[1]!] }, answer).message).toBe(
      '1 rows, expected 2',
    );
    expect(compareResultSets({ columns: ['k'], rows: [[1], [2]] }, answer).ok).toBe(false);
    const badDate = {
      columns: ['k', 'name', 'revenue', 'd'],
      rows: [
        [1, 'Supplier#1', 100.01, '1995-03-04'],
        [2, 'b', 200.5, '1995-03-06'],
      ],
    };
    expect(compareResultSets(badDate, answer).ok).toBe(false);
  });

  it('accepts rows that tie on the sort keys in another order, but not other values', () => {
    const ref = parseAnswerCsv('rev|name\n10|a\n10|b\n5|c\n');
    const swapped = {
      columns: ['rev', 'name'],
      rows: [
        [10, 'b'],
        [10, 'a'],
        [5, 'c'],
      ],
    };
    const v = compareResultSets(swapped, ref);
    expect(v.ok).toBe(true);
    expect(v.message).toContain('multiset');
    const other = {
      columns: ['rev', 'name'],
      rows: [
        [10, 'b'],
        [10, 'x'],
        [5, 'c'],
      ],
    };
    expect(compareResultSets(other, ref).ok).toBe(false);
  });

  it('treats empty answer fields as NULL', () => {
    const ref = parseAnswerCsv('a|b\n1|\n');
    expect(compareResultSets({ columns: ['a', 'b'], rows: [[1, null]] }, ref).ok).toBe(true);
    expect(compareResultSets({ columns: ['a', 'b'], rows: [[1, 0]] }, ref).ok).toBe(false);
  });
});

describe('checksums', () => {
  it('sums measure columns by position, skipping id columns, and compares with tolerance', () => {
    const a = checksumOf({
      columns: ['id1', 'small_id4', 'v1', 'count'],
      rows: [
        ['id001', 'x', 1.5, 2],
        ['id002', 'y', 2.5, 3],
      ],
    });
    expect(a).toEqual({
      rows: 2,
      sums: [
        { column: 'v1', sum: 4 },
        { column: 'count', sum: 5 },
      ],
    });
    const b = checksumOf({
      columns: ['id1', 'id4', 'v1_sum', 'n'],
      rows: [
        ['id002', 'y', 2.5, 3],
        ['id001', 'x', 1.5000000001, 2],
      ],
    });
    expect(compareChecksums(b, a).ok).toBe(true);
    const c = checksumOf({
      columns: ['id1', 'id4', 'v1', 'count'],
      rows: [
        ['id001', 'x', 1.5, 2],
        ['id002', 'y', 3.5, 3],
      ],
    });
    expect(compareChecksums(c, a)).toEqual({ ok: false, message: 'sum(v1) = 5, expected 4' });
  });
});
