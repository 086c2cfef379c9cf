// Exact decimal helpers over bigint unscaled values: rescaling with HALF_UP, precision checks, rendering.

const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

/** Divides with rounding HALF_UP (away from zero on ties), as java.math.RoundingMode.HALF_UP. */
export function divHalfUp(a: bigint, b: bigint): bigint {
  if (b < 0n) {
    a = -a;
    b = -b;
  }
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** Changes the scale of an unscaled value, rounding HALF_UP when the scale shrinks. */
export function rescale(unscaled: bigint, from: number, to: number): bigint {
  if (to === from) return unscaled;
  if (to > from) return unscaled * pow10(to - from);
  return divHalfUp(unscaled, pow10(from - to));
}

/** Truncating rescale (ROUND_DOWN), as casts from decimal to integral use. */
export function rescaleDown(unscaled: bigint, from: number, to: number): bigint {
  if (to >= from) return unscaled * pow10(to - from);
  return unscaled / pow10(from - to);
}

export function fitsPrecision(unscaled: bigint, precision: number): boolean {
  const lim = pow10(precision);
  return unscaled < lim && unscaled > -lim;
}

/** Plain rendering with exactly `scale` fraction digits (Java BigDecimal.toPlainString). */
export function decimalToString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let s = (neg ? -unscaled : unscaled).toString();
  if (scale > 0) {
    if (s.length <= scale) s = '0'.repeat(scale - s.length + 1) + s;
    s = s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
  }
  return neg ? '-' + s : s;
}

/**
 * Parses a decimal string (Java BigDecimal syntax: sign, digits, point, exponent) into an exact
 * unscaled value and scale; null when malformed.
 */
export function parseDecimal(text: string): { unscaled: bigint; scale: number } | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) return null;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return null;
  let scale = fracPart.length;
  if (m[4] !== undefined) scale -= Number(m[4]);
  let unscaled = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
  if (m[1] === '-') unscaled = -unscaled;
  return { unscaled, scale };
}

/** Rounds an exact decimal (unscaled, scale) to decimal(p, s) HALF_UP; null on overflow. */
export function toPrecision(unscaled: bigint, scale: number, p: number, s: number): bigint | null {
  const r = scale > s ? rescale(unscaled, scale, s) : unscaled * pow10(s - scale);
  return fitsPrecision(r, p) ? r : null;
}

/** Number → exact decimal via Java's BigDecimal.valueOf(double) semantics (shortest repr digits). */
export function decimalFromDouble(x: number): { unscaled: bigint; scale: number } {
  return parseDecimal(String(x).replace(/e\+?/, 'E').replace('E', 'e'))!;
}
