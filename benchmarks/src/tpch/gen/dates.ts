// dbgen's dates: a generated date is a day number starting at 92001 (1992-01-01); "in the past" means on
// or before dbgen's current date 1995-06-17, compared in its yyddd Julian form.

/** The first generated date (1992-01-01) and the number of days the generator spans (7 years). */
export const MIN_GENERATE_DATE = 92001;
export const TOTAL_DATE_RANGE = 2557;
const CURRENT_DATE_JULIAN = 95168;
/** The generated day number of 1970-01-01. */
const EPOCH_OFFSET = 83966;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && year % 100 !== 0;
}

/** dbgen's julian(): the day number as yy * 1000 + day of year. */
export function julian(date: number): number {
  let offset = date - MIN_GENERATE_DATE;
  let result = MIN_GENERATE_DATE;
  for (;;) {
    const year = Math.floor(result / 1000);
    const yearEnd = year * 1000 + 365 + (isLeapYear(year) ? 1 : 0);
    if (result + offset <= yearEnd) break;
    offset -= yearEnd - result + 1;
    result += 1000;
  }
  return result + offset;
}

/** The last generated day number that dbgen counts as in the past (its julian() is at most 95168). */
const LAST_PAST_DATE: number = (() => {
  let d = MIN_GENERATE_DATE;
  while (julian(d + 1) <= CURRENT_DATE_JULIAN) d++;
  return d;
})();

export function isInPast(date: number): boolean {
  return date <= LAST_PAST_DATE;
}

/** Days since 1970-01-01 of a generated day number. */
export function toEpochDay(date: number): number {
  return date - EPOCH_OFFSET;
}

const dateStrings = new Map<number, string>();

/** `YYYY-MM-DD` of days since 1970-01-01 (cached: the tables use a few thousand distinct dates). */
export function formatEpochDay(day: number): string {
  let s = dateStrings.get(day);
  if (s === undefined) dateStrings.set(day, (s = new Date(day * 86400000).toISOString().slice(0, 10)));
  return s;
}
