// The symbol and interval pickers, filled from ListSymbols. The choice lives
// in the address (?symbol=&interval=), so a reload or a shared link shows the
// same chart.
import type { SymbolChoice } from './api.mjs';

export const DEFAULT_INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'];

export interface Choice {
  readonly symbol: string;
  readonly interval: string;
}

export function fillPickers(symbolPicker: HTMLSelectElement, intervalPicker: HTMLSelectElement, symbols: readonly SymbolChoice[], wanted: Choice): Choice {
  const symbol = symbols.find((entry) => entry.symbol === wanted.symbol) ?? symbols[0];
  setOptions(symbolPicker, symbols.map((entry) => entry.symbol), symbol?.symbol ?? '');
  const intervals = sortIntervals(symbol === undefined || symbol.intervals.length === 0 ? DEFAULT_INTERVALS : symbol.intervals);
  const interval = intervals.includes(wanted.interval) ? wanted.interval : (intervals[0] ?? '1m');
  setOptions(intervalPicker, intervals, interval);
  return { symbol: symbol?.symbol ?? wanted.symbol, interval };
}

export function choiceFromAddress(location: Location): Choice {
  const params = new URLSearchParams(location.search);
  return { symbol: (params.get('symbol') ?? '').toUpperCase(), interval: params.get('interval') ?? '1m' };
}

export function rememberChoice(choice: Choice): void {
  const params = new URLSearchParams({ symbol: choice.symbol, interval: choice.interval });
  history.replaceState(null, '', `?${params.toString()}`);
}

function setOptions(picker: HTMLSelectElement, values: readonly string[], selected: string): void {
  picker.replaceChildren(...values.map((value) => new Option(value, value, value === selected, value === selected)));
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000 };

/** Shortest first, as Binance lists them. */
function sortIntervals(intervals: readonly string[]): string[] {
  const length = (interval: string) => Number.parseInt(interval, 10) * (UNIT_MS[interval.slice(-1)] ?? 0);
  return [...intervals].sort((a, b) => length(a) - length(b));
}
