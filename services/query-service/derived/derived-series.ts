// The derived series of a symbol's bars, computed bar by bar in time order:
// VWAP and simple returns exactly (rational, rounded half to even), log
// returns and realised volatility in integer arithmetic with GUARD_DIGITS
// extra digits (natural-log.ts), so every printed digit is right unless the
// true value lies within 10^-(scale + 18) of a rounding midpoint. No float.
//
// "The previous bucket" is the bucket right before: after a bucket with no
// stored candles (a gap), returns are absent and the volatility window
// starts again.
import { Decimal, pow10 } from '../../../common/decimal/index.js';
import { formatAt, isqrt, ratioAt, rescale } from './fixed-point.js';
import { lnRatio } from './natural-log.js';

/** Extra digits of log returns and their squares beyond the requested scale. */
export const GUARD_DIGITS = 20;

export interface DerivedRequest {
  readonly vwap: boolean;
  readonly simpleReturn: boolean;
  readonly logReturn: boolean;
  /** Log returns per volatility value; undefined when volatility is not requested. */
  readonly volatilityWindow: number | undefined;
  /** Fraction digits of every value. */
  readonly scale: number;
}

export interface DerivedText {
  readonly vwap?: string;
  readonly simpleReturn?: string;
  readonly logReturn?: string;
  readonly realizedVolatility?: string;
}

export interface BarValues {
  readonly openTime: number;
  readonly closeTime: number;
  readonly close: string;
  readonly volume: string;
  readonly quoteVolume: string;
}

export class DerivedSeriesCalculator {
  private previous: { readonly closeTime: number; readonly close: Decimal } | undefined;
  /** Squared log returns of the current window, at 2 * precision digits. */
  private readonly squares: bigint[] = [];
  private squareSum = 0n;
  private readonly precision: number;

  constructor(private readonly request: DerivedRequest) {
    this.precision = request.scale + GUARD_DIGITS;
  }

  /** The values of `bar`; call for every bar of the symbol in time order (look-back bars included). */
  next(bar: BarValues): DerivedText {
    const close = Decimal.parse(bar.close);
    const previous = this.previous !== undefined && this.previous.closeTime + 1 === bar.openTime ? this.previous.close : undefined;
    this.previous = { closeTime: bar.closeTime, close };
    const { scale } = this.request;
    const values: { vwap?: string; simpleReturn?: string; logReturn?: string; realizedVolatility?: string } = {};
    if (this.request.vwap) {
      const volume = Decimal.parse(bar.volume);
      if (!volume.isZero()) values.vwap = formatAt(quotient(Decimal.parse(bar.quoteVolume), volume, scale), scale);
    }
    if (previous === undefined || previous.isZero() || close.isZero()) {
      this.resetWindow();
      return values;
    }
    if (this.request.simpleReturn) values.simpleReturn = formatAt(quotient(close.sub(previous), previous, scale), scale);
    if (this.request.logReturn || this.request.volatilityWindow !== undefined) {
      const logReturn = lnRatio(...aligned(close, previous), this.precision);
      if (this.request.logReturn) values.logReturn = formatAt(rescale(logReturn, this.precision, scale), scale);
      const volatility = this.addToWindow(logReturn);
      if (volatility !== undefined) values.realizedVolatility = formatAt(volatility, scale);
    }
    return values;
  }

  /** Adds a log return; the volatility at `scale` digits once the window is full. */
  private addToWindow(logReturn: bigint): bigint | undefined {
    const window = this.request.volatilityWindow;
    if (window === undefined) return undefined;
    const square = logReturn * logReturn;
    this.squares.push(square);
    this.squareSum += square;
    if (this.squares.length > window) this.squareSum -= this.squares.shift() ?? 0n;
    if (this.squares.length < window) return undefined;
    // sqrt of a value at 2p digits is the root at p digits.
    return rescale(isqrt(this.squareSum), this.precision, this.request.scale);
  }

  private resetWindow(): void {
    this.squares.length = 0;
    this.squareSum = 0n;
  }
}

/** a / b at `scale` digits, exactly rounded half to even. */
function quotient(a: Decimal, b: Decimal, scale: number): bigint {
  const [numerator, denominator] = aligned(a, b);
  return ratioAt(numerator, denominator, scale);
}

/** Coefficients of a and b at one scale, so a / b = first / second. */
function aligned(a: Decimal, b: Decimal): [bigint, bigint] {
  return [a.coefficient * pow10(b.scale), b.coefficient * pow10(a.scale)];
}
