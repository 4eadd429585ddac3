import { describe, expect, it } from 'vitest';
import { compareDecimalText, integerDigits, significantScale, unitAtScale, zeroAtScale } from './decimal-text.js';

describe('decimal text', () => {
  it('measures the decimals a value needs', () => {
    expect(significantScale('0.00141300')).toBe(6);
    expect(significantScale('23.00000000')).toBe(0);
    expect(significantScale('150')).toBe(0);
    expect(significantScale('58001.03')).toBe(2);
  });

  it('compares exactly, whatever the written scale', () => {
    expect(compareDecimalText('0.1', '0.10000000')).toBe(0);
    expect(compareDecimalText('10', '9.99999999')).toBe(1);
    expect(compareDecimalText('0.00141342', '0.00141343')).toBe(-1);
    expect(compareDecimalText('007.5', '7.50')).toBe(0);
    expect(compareDecimalText('12345678901234567890.1', '12345678901234567890.01')).toBe(1);
  });

  it('writes units and zeros at a scale', () => {
    expect(unitAtScale(8, 8)).toBe('0.00000001');
    expect(unitAtScale(2, 8)).toBe('0.01000000');
    expect(unitAtScale(0, 8)).toBe('1.00000000');
    expect(unitAtScale(0, 0)).toBe('1');
    expect(unitAtScale(10, 8)).toBe('0.0000000001');
    expect(zeroAtScale(8)).toBe('0.00000000');
    expect(zeroAtScale(0)).toBe('0');
    expect(integerDigits('0.0015')).toBe('');
    expect(integerDigits('58001.03')).toBe('58001');
  });
});
