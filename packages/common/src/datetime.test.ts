// Dates and timestamps: Spark's parse rules (stringToDate / stringToTimestamp) and rendering, java.time zone rules.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  dateFields,
  dayOfWeek,
  daysFromCivil,
  daysToMicros,
  formatDate,
  formatTimestamp,
  formatTimestampNTZ,
  getTimeZone,
  lastDayOfMonth,
  localMicrosToUtc,
  microsToDays,
  microsToLocalFields,
  parseDate,
  parseTimestamp,
  parseTimestampNTZ,
  weekDay,
} from './datetime.js';

const LA = 'America/Los_Angeles';
const d = (s: string): number => parseDate(s)!;

describe('civil dates', () => {
  it('round-trips day numbers', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(formatDate(0)).toBe('1970-01-01');
    expect(formatDate(-1)).toBe('1969-12-31');
    for (const s of ['2000-02-29', '1582-10-04', '0001-01-01', '9999-12-31', '2017-12-11'])
      expect(formatDate(d(s))).toBe(s);
    expect(dateFields(d('2016-03-14'))).toEqual({ year: 2016, month: 3, day: 14 });
  });
  it('prints years as java.time uuuu does', () => {
    // make_date(-44, 3, 15) in the golden files
    expect(formatDate(daysFromCivil(-44, 3, 15))).toBe('-0044-03-15');
    expect(formatDate(daysFromCivil(0, 1, 1))).toBe('0000-01-01');
    expect(formatDate(daysFromCivil(10000, 1, 1))).toBe('+10000-01-01');
  });
  it('computes weekdays, month arithmetic and last day', () => {
    expect(dayOfWeek(d('2009-07-30'))).toBe(5); // Thursday, Spark doc example
    expect(weekDay(d('2009-07-30'))).toBe(3);
    expect(formatDate(addMonths(d('2016-08-31'), 1))).toBe('2016-09-30'); // add_months doc example
    expect(formatDate(addMonths(d('2016-01-31'), 1))).toBe('2016-02-29');
    expect(formatDate(addMonths(d('2016-03-31'), -13))).toBe('2015-02-28');
    expect(formatDate(lastDayOfMonth(d('2009-01-12')))).toBe('2009-01-31'); // last_day doc example
  });
});

describe('parseDate (CAST AS DATE)', () => {
  it('accepts the partial and padded forms', () => {
    expect(formatDate(d('2015'))).toBe('2015-01-01');
    expect(formatDate(d('2015-3'))).toBe('2015-03-01');
    expect(formatDate(d('2015-03-18'))).toBe('2015-03-18');
    expect(formatDate(d(' 2015-03-18 '))).toBe('2015-03-18');
    expect(formatDate(d('2015-03-18 123142'))).toBe('2015-03-18');
    expect(formatDate(d('2015-03-18T123123'))).toBe('2015-03-18');
    expect(formatDate(d('2017-12-11 09:30:00'))).toBe('2017-12-11');
    expect(formatDate(d('-0044-03-15'))).toBe('-0044-03-15');
  });
  it('rejects invalid text', () => {
    for (const s of [
      '',
      '2015-03-18X',
      '2015/03/18',
      '02015-03-18x',
      '015-03-18',
      '2015-13-01',
      '2015-02-29',
      'abc',
      '2015-03-18-',
    ]) {
      expect(parseDate(s)).toBeNull();
    }
  });
});

describe('parseTimestamp (CAST AS TIMESTAMP)', () => {
  it('renders golden-file instants in the session zone', () => {
    // datetime-formatting.sql: literals with zones, shown in America/Los_Angeles
    const cases: [string, string][] = [
      ['1582-06-01 11:33:33.123UTC+080000', '1582-05-31 19:40:35.123'],
      ['1970-01-01 00:00:00.000Europe/Paris', '1969-12-31 15:00:00'],
      ['1970-12-31 23:59:59.999Asia/Srednekolymsk', '1970-12-31 04:59:59.999'],
      ['1996-04-01 00:33:33.123Australia/Darwin', '1996-03-31 07:03:33.123'],
      ['2018-11-17 13:33:33.123Z', '2018-11-17 05:33:33.123'],
      ['2020-01-01 01:33:33.123Asia/Shanghai', '2019-12-31 09:33:33.123'],
      ['2100-01-01 01:33:33.123America/Los_Angeles', '2100-01-01 01:33:33.123'],
      ['2017-12-11 09:30:00.0', '2017-12-11 09:30:00'],
    ];
    for (const [input, shown] of cases) expect(formatTimestamp(parseTimestamp(input, LA)!, LA)).toBe(shown);
  });
  it("accepts Spark's other forms and zone spellings", () => {
    const utc = (s: string): string | null => {
      const m = parseTimestamp(s, 'UTC');
      return m === null ? null : formatTimestamp(m, 'UTC');
    };
    expect(utc('2015')).toBe('2015-01-01 00:00:00');
    expect(utc('2015-03')).toBe('2015-03-01 00:00:00');
    expect(utc('2015-03-18 12:03:17')).toBe('2015-03-18 12:03:17');
    expect(utc('2015-03-18T12:03:17')).toBe('2015-03-18 12:03:17');
    expect(utc('2015-03-18T12:03:17Z')).toBe('2015-03-18 12:03:17');
    expect(utc('2015-03-18 12:03:17-1:0')).toBe('2015-03-18 13:03:17');
    expect(utc('2015-03-18T12:03:17-01:00')).toBe('2015-03-18 13:03:17');
    expect(utc('2015-03-18T12:03:17+07:30')).toBe('2015-03-18 04:33:17');
    expect(utc('2015-03-18T12:03:17.123456789+8:00')).toBe('2015-03-18 04:03:17.123456');
    expect(utc('2015-03-18T12:03:17.456Europe/Moscow')).toBe('2015-03-18 09:03:17.456');
    expect(utc('2015-03-18 12:03:17 UTC')).toBe('2015-03-18 12:03:17');
    expect(utc('2015-03-18T12:03:17GMT+8')).toBe('2015-03-18 04:03:17');
    expect(utc('  2015-3-5 1:2:3  ')).toBe('2015-03-05 01:02:03');
    expect(utc('2015-03-18 12:03:17.1')).toBe('2015-03-18 12:03:17.1');
    expect(utc('2015-03-18 12:03')).toBe('2015-03-18 12:03:00');
    expect(formatDate(d('2015-03 '))).toBe('2015-03-01');
  });
  it('rejects invalid text with null', () => {
    for (const s of [
      '',
      'abc',
      '2015-03-18 123',
      '2015-03-18T',
      '2015-03-18T12:03:17Foo/Bar',
      '2015-03-18 25:00:00',
      '2015/03/18',
      '2015-02-30 00:00:00',
      '2017*12*11 09:30:00.0',
    ]) {
      expect(parseTimestamp(s, 'UTC')).toBeNull();
    }
  });
  it('follows java.time in DST gaps and overlaps', () => {
    // Gap: 02:30 does not exist on 2019-03-10 in Los Angeles; java.time moves it forward to 03:30 PDT.
    expect(formatTimestamp(parseTimestamp('2019-03-10 02:30:00', LA)!, 'UTC')).toBe('2019-03-10 10:30:00');
    // Overlap: 01:30 happens twice on 2019-11-03; the earlier offset (PDT, -07:00) wins.
    expect(formatTimestamp(parseTimestamp('2019-11-03 01:30:00', LA)!, 'UTC')).toBe('2019-11-03 08:30:00');
  });
});

describe('TIMESTAMP_NTZ and conversions', () => {
  it('parses wall-clock values, dropping a zone', () => {
    expect(formatTimestampNTZ(parseTimestampNTZ('2021-06-01 10:00:00.5+08:00')!)).toBe(
      '2021-06-01 10:00:00.5',
    );
    expect(parseTimestampNTZ('2021-06-01 10:00:00+08:00', false)).toBeNull();
    expect(parseTimestampNTZ('10:00:00')).toBeNull();
  });
  it('converts between dates, instants and local fields', () => {
    const la = getTimeZone(LA)!;
    const m = parseTimestamp('2017-12-11 23:30:00', LA)!;
    expect(formatDate(microsToDays(m, la))).toBe('2017-12-11');
    expect(formatTimestamp(daysToMicros(d('2017-12-12'), la), LA)).toBe('2017-12-12 00:00:00');
    expect(microsToLocalFields(m, la)).toEqual({
      year: 2017,
      month: 12,
      day: 11,
      hour: 23,
      minute: 30,
      second: 0,
      micros: 0,
    });
    expect(localMicrosToUtc(parseTimestampNTZ('2017-12-11 23:30:00')!, la)).toBe(m);
    expect(formatTimestamp(-1n, 'UTC')).toBe('1969-12-31 23:59:59.999999');
  });
  it('resolves zone ids as Spark does', () => {
    expect(getTimeZone('PST')?.region).toBe('America/Los_Angeles');
    expect(getTimeZone('+8:00')?.fixedOffset).toBe(8 * 3600);
    expect(getTimeZone('UTC+05:30')?.fixedOffset).toBe(19800);
    expect(getTimeZone('-0130')?.fixedOffset).toBe(-5400);
    expect(getTimeZone('Not/AZone')).toBeNull();
    expect(getTimeZone('+19:00')).toBeNull();
  });
});
