// One CSV line, split into fields by position rather than into substrings:
// ids, times and booleans are parsed straight from the line's characters, so
// a row costs one allocation per kept string (price, quantity), not one per
// field. Binance's CSV files have no quoting, so a comma always separates.
import { RowError } from './errors.js';
import { timestampToMs } from './fields.js';

const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** More fields than any layout has: the row is malformed either way. */
const MAX_FIELDS = 16;
/** 2^53 has 16 digits; longer digit strings cannot be safe integers. */
const MAX_INTEGER_DIGITS = 16;

export class CsvRow {
  private text = '';
  private count = 0;
  // starts[i]..ends[i] is field i (end exclusive).
  private readonly starts = new Int32Array(MAX_FIELDS + 1);
  private readonly ends = new Int32Array(MAX_FIELDS + 1);

  /** Splits `text`; returns the number of fields (capped just above any real layout). */
  read(text: string): number {
    this.text = text;
    let start = 0;
    let count = 0;
    for (;;) {
      const comma = text.indexOf(',', start);
      this.starts[count] = start;
      this.ends[count] = comma === -1 ? text.length : comma;
      count++;
      if (comma === -1 || count > MAX_FIELDS) break;
      start = comma + 1;
    }
    this.count = count;
    return count;
  }

  raw(index: number): string | undefined {
    return index < this.count ? this.text.slice(this.starts[index], this.ends[index]) : undefined;
  }

  isInteger(index: number): boolean {
    const start = this.starts[index] as number;
    const end = this.ends[index] as number;
    return index < this.count && end > start && this.digitsEnd(start) === end;
  }

  integer(index: number, name: string): number {
    const text = this.text;
    const start = this.starts[index] as number;
    const end = this.ends[index] as number;
    // One pass: accumulate while checking that every character is a digit.
    let value = 0;
    let i = start;
    for (; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code < ZERO || code > NINE) break;
      value = value * 10 + (code - ZERO);
    }
    if (index >= this.count || i !== end || end === start) {
      throw new RowError(`${name} ${this.quoted(index)} is not a non-negative integer`);
    }
    if (end - start > MAX_INTEGER_DIGITS || !Number.isSafeInteger(value)) {
      throw new RowError(`${name} ${this.raw(index)} is not a non-negative integer below 2^53`);
    }
    return value;
  }

  /** An epoch time in ms or µs, as milliseconds. */
  timestamp(index: number, name: string): number {
    return timestampToMs(name, this.integer(index, name));
  }

  /** The field's text when it is a plain non-negative decimal (digits, optionally a dot and digits). */
  decimal(index: number, name: string): string {
    const start = this.starts[index] as number;
    const end = this.ends[index] as number;
    const wholeEnd = this.digitsEnd(start);
    let valid = index < this.count && wholeEnd > start;
    if (valid && wholeEnd < end) {
      valid = this.text.charCodeAt(wholeEnd) === DOT && this.digitsEnd(wholeEnd + 1) === end && end > wholeEnd + 1;
    }
    if (!valid) throw new RowError(`${name} ${this.quoted(index)} is not a decimal number`);
    return this.text.slice(start, end);
  }

  /** True/true/False/false, as data.binance.vision has written them. */
  boolean(index: number, name: string): boolean {
    const field = this.raw(index);
    if (field === 'true' || field === 'True') return true;
    if (field === 'false' || field === 'False') return false;
    throw new RowError(`${name} ${this.quoted(index)} is not true or false`);
  }

  /** Index just past the run of digits starting at `from`, within the current field. */
  private digitsEnd(from: number): number {
    const text = this.text;
    let i = from;
    for (let code = text.charCodeAt(i); code >= ZERO && code <= NINE; code = text.charCodeAt(++i));
    // A run of digits never crosses a comma, so it stays inside the field.
    return i;
  }

  private quoted(index: number): string {
    const field = this.raw(index);
    if (field === undefined) return '(missing)';
    return JSON.stringify(field.length > 40 ? `${field.slice(0, 40)}...` : field);
  }
}
