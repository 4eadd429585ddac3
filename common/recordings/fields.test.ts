import { describe, expect, it } from 'vitest';
import { CsvRow } from './csv-row.js';
import { RowError } from './errors.js';
import { decimalField, jsonBooleanField, jsonDecimalField, jsonIntegerField, timestampToMs } from './fields.js';

/** Field 0 of a one-field CSV row. */
function field(text: string): CsvRow {
  const row = new CsvRow();
  row.read(text);
  return row;
}

describe('decimals', () => {
  it('keep the text exactly as written', () => {
    expect(decimalField('price', '0.00141342')).toBe('0.00141342');
    expect(field('58001.03000000').decimal(0, 'price')).toBe('58001.03000000');
    expect(field('23').decimal(0, 'qty')).toBe('23');
    expect(field('123456789012345678901234567890.123456789').decimal(0, 'qty')).toBe('123456789012345678901234567890.123456789');
  });

  it.each(['', '-1', '1.', '.5', '1e5', ' 1', '0x10', 'NaN', '1.2.3', '1;5'])('reject %j in CSV and JSON alike', (text) => {
    expect(() => field(text).decimal(0, 'price')).toThrow(RowError);
    expect(() => decimalField('price', text)).toThrow(RowError);
  });

  it('name the field and the value', () => {
    expect(() => field('abc').decimal(0, 'price')).toThrow('price "abc" is not a decimal number');
    expect(() => field('1').decimal(1, 'price')).toThrow('price (missing) is not a decimal number');
    expect(() => jsonDecimalField('p', 58001.03)).toThrow('p 58001.03 is not a decimal string');
  });
});

describe('integers', () => {
  it('parse ids and times from CSV', () => {
    const row = new CsvRow();
    expect(row.read('13519807,0,9007199254740991')).toBe(3);
    expect(row.integer(0, 'id')).toBe(13519807);
    expect(row.integer(1, 'id')).toBe(0);
    expect(row.integer(2, 'id')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reject non-integers and values beyond 2^53', () => {
    expect(() => field('1.5').integer(0, 'id')).toThrow('id "1.5" is not a non-negative integer');
    expect(() => field('-3').integer(0, 'id')).toThrow(RowError);
    expect(() => field('').integer(0, 'id')).toThrow('id "" is not a non-negative integer');
    expect(() => field('9007199254740993').integer(0, 'id')).toThrow('id 9007199254740993 is not a non-negative integer below 2^53');
    expect(() => field('123456789012345678').integer(0, 'id')).toThrow('below 2^53');
  });

  it('are checked in JSON too', () => {
    expect(jsonIntegerField('a', 5)).toBe(5);
    expect(() => jsonIntegerField('a', '5')).toThrow('a "5" is not an integer');
    expect(() => jsonIntegerField('a', 1.5)).toThrow(RowError);
    expect(() => jsonIntegerField('a', -1)).toThrow(RowError);
    expect(() => jsonIntegerField('a', undefined)).toThrow('a (missing) is not an integer');
  });
});

describe('booleans', () => {
  it('accept both spellings data.binance.vision has used', () => {
    const row = new CsvRow();
    row.read('True,true,False,false');
    expect([0, 1, 2, 3].map((i) => row.boolean(i, 'm'))).toEqual([true, true, false, false]);
    expect(jsonBooleanField('m', false)).toBe(false);
  });

  it.each(['TRUE', '1', '0', 'yes', ''])('reject %j', (text) => {
    expect(() => field(text).boolean(0, 'is_buyer_maker')).toThrow(`is_buyer_maker ${JSON.stringify(text)} is not true or false`);
  });
});

describe('timestampToMs', () => {
  it('keeps milliseconds', () => {
    expect(timestampToMs('time', 1570752011620)).toBe(1570752011620);
    expect(field('1570752011620').timestamp(0, 'time')).toBe(1570752011620);
  });

  it('truncates microseconds (spot files from 2025 on) to the millisecond they fall in', () => {
    expect(timestampToMs('time', 1735689600010866)).toBe(1735689600010);
    expect(timestampToMs('time', 1735689600000000)).toBe(1735689600000);
    expect(field('1735689659999999').timestamp(0, 'time')).toBe(1735689659999);
  });

  it('rejects magnitudes that are neither', () => {
    expect(() => timestampToMs('time', 17356896000108)).toThrow('neither epoch milliseconds (13 digits) nor microseconds (16 digits)');
    expect(() => field('173568960001086').timestamp(0, 'time')).toThrow(RowError);
  });
});

describe('CsvRow', () => {
  it('counts fields, capping at one past any real layout', () => {
    const row = new CsvRow();
    expect(row.read('')).toBe(1);
    expect(row.read('a,,b')).toBe(3);
    expect(row.raw(1)).toBe('');
    expect(row.read(Array.from({ length: 40 }, () => '1').join(','))).toBe(17);
  });
});
