// Java's Double.toString / Float.toString (JDK 19+ shortest round-trip digits) and BigDecimal.toPlainString.

/** Formats decimal digits `d` (no dot, no sign, first digit non-zero) with decimal exponent `e` the Java way. */
function javaLayout(neg: boolean, d: string, e: number, plain: boolean): string {
  let out: string;
  if (plain) {
    if (e >= 0) {
      const intLen = e + 1;
      if (d.length <= intLen) out = d + '0'.repeat(intLen - d.length) + '.0';
      else out = d.slice(0, intLen) + '.' + d.slice(intLen);
    } else {
      out = '0.' + '0'.repeat(-e - 1) + d;
    }
  } else {
    out = d[0]! + '.' + (d.length > 1 ? d.slice(1) : '0') + 'E' + e;
  }
  return neg ? '-' + out : out;
}

/** Splits JS exponential text 'd.ddde±n' into digits (trailing zeros removed) and exponent. */
function splitExp(s: string): [string, number] {
  const k = s.indexOf('e');
  let d = s.slice(0, k).replace('.', '');
  let end = d.length;
  while (end > 1 && d.charCodeAt(end - 1) === 48) end--;
  if (end < d.length) d = d.slice(0, end);
  return [d, Number(s.slice(k + 1))];
}

/** Java's `Double.toString(x)`. */
export function javaDoubleToString(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const neg = x < 0;
  const a = neg ? -x : x;
  let [d, e] = splitExp(a.toExponential());
  // Java never renders fewer than two significant digits: with one, the closest two-digit decimal wins.
  if (d.length === 1) [d, e] = splitExp(a.toExponential(1));
  return javaLayout(neg, d, e, a >= 1e-3 && a < 1e7);
}

/** Java's `Float.toString(f)` for a float32 value held in a number. */
export function javaFloatToString(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const f = Math.fround(x);
  const neg = f < 0;
  const a = neg ? -f : f;
  let s = a.toExponential(8);
  // Shortest digits that read back to the same float32; two digits at least, as in Java.
  for (let p = 1; p < 9; p++) {
    const t = a.toExponential(p);
    if (Math.fround(Number(t)) === a) {
      s = t;
      break;
    }
  }
  const [d, e] = splitExp(s);
  return javaLayout(neg, d, e, a >= 1e-3 && a < 1e7);
}

/** Java's `BigDecimal.toString()`: plain, or scientific once the adjusted exponent drops below -6 (CSV/JSON writers). */
export function javaBigDecimalToString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString();
  const adjusted = digits.length - 1 - scale;
  if (scale >= 0 && adjusted >= -6) return decimalToPlainString(unscaled, scale);
  const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  return (neg ? '-' : '') + mant + 'E' + (adjusted >= 0 ? '+' : '') + adjusted;
}

/** Java's `BigDecimal.toPlainString()` of unscaledValue * 10^-scale (scale may be negative). */
export function decimalToPlainString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let digits = (neg ? -unscaled : unscaled).toString();
  let out: string;
  if (scale <= 0) {
    out = unscaled === 0n ? '0' : digits + '0'.repeat(-scale);
    return neg ? '-' + out : out;
  }
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  out = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  return neg ? '-' + out : out;
}
