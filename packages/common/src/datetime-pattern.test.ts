// Tests of the shared datetime-pattern code; expected values are Spark's (tier2 datetime-formatting.sql,
// tier1 date.sql, tier2 json-functions.sql).
import { describe, expect, it } from 'vitest';
import {
  DateTimeParseFailure,
  compileDateTimePattern,
  formatMicrosWith,
  makeDateTimeFormatter,
  makeDateTimeParser,
  parseDateTimeWith,
  parsedMicros,
} from './datetime-pattern.js';
import { daysFromCivil, getTimeZone } from './datetime.js';
import { FlintError } from './errors.js';

const UTC = getTimeZone('UTC')!;
const LA = getTimeZone('America/Los_Angeles')!;
const micros = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): bigint =>
  BigInt(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000000n;

describe('datetime patterns', () => {
  it('formats year and era letters as date_format does', () => {
    const ts = micros(2018, 11, 17, 5, 33, 33) + 123000n;
    expect(formatMicrosWith(compileDateTimePattern('y yy yyy yyyy yyyyy yyyyyy'), ts, UTC)).toBe(
      '2018 18 2018 2018 02018 002018',
    );
    expect(formatMicrosWith(compileDateTimePattern('G GG GGG GGGG'), ts, UTC)).toBe('AD AD AD Anno Domini');
  });

  it('rejects patterns Spark 3+ does not recognize', () => {
    let err: unknown;
    try {
      compileDateTimePattern('dd/MMMMM/yyyy');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlintError);
    expect((err as FlintError).errorClass).toBe(
      'INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION',
    );
  });

  it('parses with a pattern and fails on invalid dates', () => {
    const p = parseDateTimeWith(compileDateTimePattern('MM/dd yyyy HH:mm:ss'), '12/15 2012 15:15:15');
    expect(parsedMicros(p, UTC)).toBe(micros(2012, 12, 15, 15, 15, 15));
    expect(() => parseDateTimeWith(compileDateTimePattern('MM-dd'), '02-29')).toThrow(DateTimeParseFailure);
  });
});

describe('file source readers and writers', () => {
  it('parses dateFormat / timestampFormat as from_json does', () => {
    expect(makeDateTimeParser('date', 'MM/dd yyyy', UTC)('12/15 2012')).toBe(daysFromCivil(2012, 12, 15));
    expect(makeDateTimeParser('timestamp', 'MM/dd yyyy HH:mm:ss', UTC)('12/15 2012 15:15:15')).toBe(
      micros(2012, 12, 15, 15, 15, 15),
    );
    // 1970 is not a leap year: null, not an error
    expect(makeDateTimeParser('date', 'MM-dd', UTC)('02-29')).toBeNull();
    // no format: the lenient cast parsing
    expect(makeDateTimeParser('date', undefined, UTC)('2015-08-26')).toBe(daysFromCivil(2015, 8, 26));
  });

  it('formats with timestampFormat and the write defaults', () => {
    const ts = micros(2015, 8, 26, 7);
    expect(makeDateTimeFormatter('timestamp', 'dd/MM/yyyy', LA)(ts)).toBe('26/08/2015');
    expect(makeDateTimeFormatter('timestamp', undefined, LA)(ts)).toBe('2015-08-26T00:00:00.000-07:00');
    expect(makeDateTimeFormatter('date', undefined, LA)(daysFromCivil(2015, 8, 26))).toBe('2015-08-26');
  });
});
