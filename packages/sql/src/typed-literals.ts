// Which DATE '...' and TIMESTAMP '...' texts Spark accepts (DateTimeUtils.stringToDate / stringToTimestamp
// formats); the parser rejects the others with INVALID_TYPED_LITERAL as Spark's AstBuilder does.

const DATE_RE = /^([+-]?\d{4,7})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T].*)?)?)?$/s;
const ZONE = String.raw`(?:Z|[+-]\d{1,2}(?::?\d{2}){0,2}|\s*[A-Za-z][A-Za-z0-9_/+\-:]*)?`;
const TIME = String.raw`(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d*)?)?`;
const TS_RE = new RegExp(
  String.raw`^([+-]?\d{4,7})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:(?:[ T]${TIME})|T)?${ZONE}$`,
  's',
);
const TIME_ONLY_RE = new RegExp(String.raw`^T?${TIME}${ZONE}$`, 's');

/** Spark's special datetime values (convertSpecialDate / convertSpecialTimestamp). */
const SPECIAL_DATE = /^(epoch|now|today|yesterday|tomorrow)$/i;
const SPECIAL_TIMESTAMP = /^(epoch|now|today|yesterday|tomorrow)(\s.*)?$/is;

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function validTime(h: string | undefined, m: string | undefined, s: string | undefined): boolean {
  if (h === undefined) return true;
  return Number(h) < 24 && Number(m) < 60 && (s === undefined || Number(s) < 60);
}

/** True when Spark can read `text` as a DATE. */
export function isValidDateText(text: string): boolean {
  if (SPECIAL_DATE.test(text.trim())) return true;
  const m = DATE_RE.exec(text.trim());
  if (!m) return false;
  return validDay(Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), m[3] === undefined ? 1 : Number(m[3]));
}

/** True when Spark can read `text` as a TIMESTAMP (with or without time zone). */
export function isValidTimestampText(text: string): boolean {
  const t = text.trim();
  if (SPECIAL_TIMESTAMP.test(t)) return true;
  const m = TS_RE.exec(t);
  if (m) {
    return (
      validDay(Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), m[3] === undefined ? 1 : Number(m[3])) &&
      validTime(m[4], m[5], m[6])
    );
  }
  const tm = TIME_ONLY_RE.exec(t);
  return tm !== null && validTime(tm[1], tm[2], tm[3]);
}
