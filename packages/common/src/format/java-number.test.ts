// Java's Double.toString / Float.toString and BigDecimal.toPlainString, as the golden files print numbers.
import { describe, expect, it } from 'vitest';
import { decimalToPlainString, javaDoubleToString, javaFloatToString } from './java-number.js';

describe('javaDoubleToString', () => {
  it('uses plain notation between 1e-3 and 1e7', () => {
    expect(javaDoubleToString(1)).toBe('1.0');
    expect(javaDoubleToString(150000)).toBe('150000.0');
    expect(javaDoubleToString(0.001)).toBe('0.001');
    expect(javaDoubleToString(2.5)).toBe('2.5');
    expect(javaDoubleToString(-1.2345678901234)).toBe('-1.2345678901234');
    expect(javaDoubleToString(9999999.5)).toBe('9999999.5');
  });
  it('uses computerized scientific notation outside it (golden values)', () => {
    expect(javaDoubleToString(1e-4)).toBe('1.0E-4');
    expect(javaDoubleToString(12345678)).toBe('1.2345678E7');
    expect(javaDoubleToString(1e10)).toBe('1.0E10');
    expect(javaDoubleToString(-3.14e-8)).toBe('-3.14E-8');
    expect(javaDoubleToString(100000005)).toBe('1.00000005E8');
    expect(javaDoubleToString(2147483647)).toBe('2.147483647E9');
    expect(javaDoubleToString(9223372036854775807)).toBe('9.223372036854776E18');
    expect(javaDoubleToString(-1004.3 * 1e200)).toBe('-1.0042999999999999E203');
    expect(javaDoubleToString(1e7)).toBe('1.0E7');
  });
  it('handles the special values', () => {
    expect(javaDoubleToString(NaN)).toBe('NaN');
    expect(javaDoubleToString(Infinity)).toBe('Infinity');
    expect(javaDoubleToString(-Infinity)).toBe('-Infinity');
    expect(javaDoubleToString(-0)).toBe('-0.0');
    expect(javaDoubleToString(0)).toBe('0.0');
    expect(javaDoubleToString(Number.MIN_VALUE)).toBe('4.9E-324');
    expect(javaDoubleToString(Number.MAX_VALUE)).toBe('1.7976931348623157E308');
  });
});

describe('javaFloatToString', () => {
  it('prints the shortest float digits', () => {
    // aggtest.b column: max is 324.78
    expect(javaFloatToString(Math.fround(324.78))).toBe('324.78');
    expect(javaFloatToString(Math.fround(0.09561))).toBe('0.09561');
    expect(javaFloatToString(Math.fround(1.1))).toBe('1.1');
    expect(javaFloatToString(56)).toBe('56.0');
    expect(javaFloatToString(Math.fround(3.4028235e38))).toBe('3.4028235E38');
    expect(javaFloatToString(Math.fround(1.4e-45))).toBe('1.4E-45');
    expect(javaFloatToString(Math.fround(1e10))).toBe('1.0E10');
    expect(javaFloatToString(-0)).toBe('-0.0');
    expect(javaFloatToString(NaN)).toBe('NaN');
  });
});

describe('decimalToPlainString', () => {
  it('keeps the scale and never uses an exponent', () => {
    expect(decimalToPlainString(100n, 2)).toBe('1.00');
    expect(decimalToPlainString(0n, 0)).toBe('0');
    expect(decimalToPlainString(0n, 2)).toBe('0.00');
    expect(decimalToPlainString(-5n, 3)).toBe('-0.005');
    expect(decimalToPlainString(9223372036854775809n, 0)).toBe('9223372036854775809');
    expect(decimalToPlainString(-123456789012345678901234567n, 3)).toBe('-123456789012345678901234.567');
  });
});
