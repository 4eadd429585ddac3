// An exact running sum of quantities and of price x quantity products,
// cheap enough to update for every trade. The value is split into limbs of
// JS numbers that each stay an exact integer:
//
//   value = l0 + l8 / 10^8 + l12 / 10^12 + l16 / 10^16 + big / 10^16
//
// Adding only adds limb to limb (no carry). Every term added is below 2^52
// and a limb is normalised (carried into the next one) as soon as it
// reaches 2^52, so a limb never passes 2^53 and never rounds. When the
// integer limb itself reaches 2^52 it spills into `big`, a bigint that is 0n
// for any realistic candle; so sums far beyond 2^53 in the smallest unit,
// e.g. 10^11 units of a coin priced 0.00000123 every minute, stay exact.
import { isCanonicalDecimal } from './canonical.js';
import { FRACTION_UNIT, eightDigits, padDigits, writtenScale, type FixedDecimal } from './fixed.js';
import { pow10 } from './decimal.js';
import { DecimalError, quoteText } from './errors.js';

/** Limbs are carried once they reach this; terms are always below it. */
const LIMB_LIMIT = 2 ** 52;
const E16 = pow10(16);
/** Fraction digits a sum holds (its smallest limb is 10^-16). */
export const SUM_FRACTION_DIGITS = 16;
/** Integer parts with at most this many digits are below 2^52 and go straight into a limb. */
const SAFE_INTEGER_DIGITS = 15;

export class ExactSum {
  l0 = 0;
  l8 = 0;
  l12 = 0;
  l16 = 0;
  /** Overflow in units of 10^-16; 0n unless the integer part passed 2^52. */
  big = 0n;
  /**
   * Whether `big` may be non-zero. The hot paths test this boolean instead of
   * comparing `big` with 0n, which is a BigInt operation V8 does not inline.
   */
  spilled = false;

  reset(): void {
    this.l0 = 0;
    this.l8 = 0;
    this.l12 = 0;
    this.l16 = 0;
    if (this.spilled) this.clearBig();
  }

  copyFrom(other: ExactSum): void {
    this.l0 = other.l0;
    this.l8 = other.l8;
    this.l12 = other.l12;
    this.l16 = other.l16;
    this.big = other.big;
    this.spilled = other.spilled;
  }

  isZero(): boolean {
    return this.l0 === 0 && this.l8 === 0 && this.l12 === 0 && this.l16 === 0 && (!this.spilled || this.big === 0n);
  }

  /** Adds a parsed quantity (int < 10^15, frac < 10^8: both below 2^52). */
  addFixed(value: FixedDecimal): void {
    this.l0 += value.int;
    this.l8 += value.frac;
    if (this.l0 >= LIMB_LIMIT || this.l8 >= LIMB_LIMIT) this.carry();
  }

  /** Adds another sum (whose limbs are below 2^52 by the same invariant). */
  add(other: ExactSum): void {
    this.l0 += other.l0;
    this.l8 += other.l8;
    this.l12 += other.l12;
    this.l16 += other.l16;
    if (other.spilled) this.addBig(other.big);
    if (this.l0 >= LIMB_LIMIT || this.l8 >= LIMB_LIMIT || this.l12 >= LIMB_LIMIT || this.l16 >= LIMB_LIMIT) this.carry();
  }

  /** Adds l0 + l8 / 10^8 + l12 / 10^12 + l16 / 10^16 given as limbs, each a non-negative integer below 2^52. */
  addLimbs(l0: number, l8: number, l12: number, l16: number): void {
    this.l0 += l0;
    this.l8 += l8;
    this.l12 += l12;
    this.l16 += l16;
    if (this.l0 >= LIMB_LIMIT || this.l8 >= LIMB_LIMIT || this.l12 >= LIMB_LIMIT || this.l16 >= LIMB_LIMIT) this.carry();
  }

  /**
   * Sets this sum to price x quantity, exactly. With p = pi + pf/10^8 and
   * q = qi + qf/10^8 the product is pi*qi + (pi*qf + pf*qi)/10^8 + pf*qf/10^16;
   * pf*qf can reach 10^16 > 2^53, so pf is split in halves of four digits
   * (each half times qf stays below 10^12). When pi*qi or the middle term
   * would reach 2^52 (prices or quantities in the tens of millions), the
   * product is taken in bigint instead.
   */
  setProduct(price: FixedDecimal, quantity: FixedDecimal): void {
    const whole = price.int * quantity.int;
    const middle = price.int * quantity.frac + price.frac * quantity.int;
    if (whole < LIMB_LIMIT && middle < LIMB_LIMIT) {
      this.l0 = whole;
      this.l8 = middle;
      this.l12 = price.fracHigh * quantity.frac;
      this.l16 = price.fracLow * quantity.frac;
      if (this.spilled) this.clearBig();
      return;
    }
    this.setBigProduct(price, quantity);
  }

  /** The rare product past 2^52 in its whole or middle term, out of line so setProduct stays small enough to inline. */
  private setBigProduct(price: FixedDecimal, quantity: FixedDecimal): void {
    const p = BigInt(price.int) * BigInt(FRACTION_UNIT) + BigInt(price.frac);
    const q = BigInt(quantity.int) * BigInt(FRACTION_UNIT) + BigInt(quantity.frac);
    this.l0 = 0;
    this.l8 = 0;
    this.l12 = 0;
    this.l16 = 0;
    this.big = p * q;
    this.spilled = true;
  }

  /**
   * Sets the sum to the value of a canonical decimal text (isCanonicalDecimal)
   * with at most 16 fraction digits, such as format's output: the inverse of
   * format, for sums restored from a snapshot. Throws a DecimalError otherwise.
   */
  setText(text: string): void {
    if (!isCanonicalDecimal(text)) throw new DecimalError('malformed', `sum ${quoteText(text)} is not a canonical non-negative decimal`);
    const digits = writtenScale(text);
    if (digits > SUM_FRACTION_DIGITS) throw new DecimalError('out-of-range', `sum ${quoteText(text)} has more than ${SUM_FRACTION_DIGITS} decimal places`);
    const point = digits === 0 ? text.length : text.length - digits - 1;
    const fraction = digits === 0 ? '0000000000000000' : text.slice(point + 1).padEnd(SUM_FRACTION_DIGITS, '0');
    this.reset();
    this.l8 = Number(fraction.slice(0, 8));
    this.l12 = Number(fraction.slice(8, 12));
    this.l16 = Number(fraction.slice(12));
    const whole = text.slice(0, point);
    if (whole.length <= SAFE_INTEGER_DIGITS) this.l0 = Number(whole);
    else this.addBig(BigInt(whole) * E16);
  }

  /** The exact value in units of 10^-16. */
  toUnits16(): bigint {
    return (this.spilled ? this.big : 0n) + BigInt(this.l0) * E16 + BigInt(this.l8) * 100_000_000n + BigInt(this.l12) * 10_000n + BigInt(this.l16);
  }

  /**
   * Formats with at least `minScale` fraction digits (at most 16) and more
   * when the value needs them, so nothing is ever rounded away.
   */
  format(minScale: number): string {
    if (this.isZero()) return zeroText(minScale);
    // Normalise a copy of the limbs into digit groups of 8, 4 and 4.
    const up12 = Math.floor(this.l16 / 10_000);
    const d16 = this.l16 - up12 * 10_000;
    const c12 = this.l12 + up12;
    const up8 = Math.floor(c12 / 10_000);
    const d12 = c12 - up8 * 10_000;
    const c8 = this.l8 + up8;
    const up0 = Math.floor(c8 / FRACTION_UNIT);
    const d8 = c8 - up0 * FRACTION_UNIT;
    const integer = this.l0 + up0;
    if (this.spilled && this.big !== 0n) return formatUnits16(this.toUnits16(), minScale);
    // Volumes, and quote volumes whose products fit 8 decimals (all of spot): one pad.
    if (d12 === 0 && d16 === 0) return formatEightDecimals(integer, d8, minScale);
    return joinFraction(String(integer), padDigits(d8, 8) + padDigits(d12, 4) + padDigits(d16, 4), minScale);
  }

  /** Moves whole units of each limb into the next larger one; see the file comment. */
  private carry(): void {
    // floor(x / 10^k) is exact for integers x < 2^53 (and much cheaper than %, a C call for large doubles).
    const up12 = Math.floor(this.l16 / 10_000);
    const up8 = Math.floor(this.l12 / 10_000);
    const up0 = Math.floor(this.l8 / FRACTION_UNIT);
    this.l16 -= up12 * 10_000;
    this.l12 = this.l12 - up8 * 10_000 + up12; // < 10^4 + 2^53/10^4: far below 2^52
    this.l8 = this.l8 - up0 * FRACTION_UNIT + up8; // < 10^8 + 2^53/10^4
    if (this.l0 >= LIMB_LIMIT) this.spill();
    this.l0 += up0; // < 2^52 + 2^53/10^8: still exact
    if (this.l0 >= LIMB_LIMIT) this.spill();
  }

  private spill(): void {
    this.addBig(BigInt(this.l0) * E16);
    this.l0 = 0;
  }

  private addBig(units: bigint): void {
    this.big += units;
    this.spilled = true;
  }

  private clearBig(): void {
    this.big = 0n;
    this.spilled = false;
  }
}

const ZERO_TEXTS = Array.from({ length: 17 }, (_, scale) => (scale === 0 ? '0' : `0.${'0'.repeat(scale)}`));

/** "0", "0.00000000": flat candles format many zeros. */
function zeroText(minScale: number): string {
  return ZERO_TEXTS[minScale] ?? `0.${'0'.repeat(minScale)}`;
}

/** integer + d8 / 10^8 with at least minScale fraction digits and no non-zero digit dropped. */
function formatEightDecimals(integer: number, d8: number, minScale: number): string {
  if (minScale === 8) return `${integer}.${eightDigits(d8)}`;
  if (minScale > 8) return `${integer}.${eightDigits(d8)}${'0'.repeat(minScale - 8)}`;
  let digits = 8;
  let significant = d8;
  while (digits > minScale && significant % 10 === 0) {
    significant /= 10;
    digits--;
  }
  return digits === 0 ? String(integer) : `${integer}.${padDigits(significant, digits)}`;
}

/** Formats a non-negative value given in units of 10^-16. */
export function formatUnits16(units: bigint, minScale: number): string {
  const digits = units.toString().padStart(17, '0');
  return joinFraction(digits.slice(0, digits.length - 16), digits.slice(digits.length - 16), minScale);
}

/**
 * Joins an integer part and fraction digits, keeping at least `minScale`
 * fraction digits (padding with zeros) and every non-zero one.
 */
function joinFraction(integer: string, fraction: string, minScale: number): string {
  if (minScale > fraction.length) return `${integer}.${fraction}${'0'.repeat(minScale - fraction.length)}`;
  let end = fraction.length;
  while (end > minScale && fraction.charCodeAt(end - 1) === 48) end--;
  return end === 0 ? integer : `${integer}.${fraction.slice(0, end)}`;
}
