// Checks that a value (typically parsed JSON from a checkpoint) is a
// well-formed snapshot of this version before the engine restores it: the
// shape, the types, integer ids and times below 2^53, decimals the engine
// can hold, and each candle's own consistency. What only the engine can
// judge (interval alignment, base bucket geometry) is checked on restore.
// Every refusal is a CandleError('invalid-snapshot') naming the field.
import { FixedDecimal, SUM_FRACTION_DIGITS, compareFixed, isCanonicalDecimal, parseFixed, writtenScale } from '../decimal/index.js';
import { CandleError } from './errors.js';
import { isIntervalName } from './intervals.js';
import {
  SNAPSHOT_VERSION,
  type BaseSnapshot,
  type CandleSnapshot,
  type EngineMetaSnapshot,
  type SeenSnapshot,
  type SlotSnapshot,
  type SymbolSnapshot,
} from './snapshot.js';

/** Output scales never exceed this (minimumScale's maximum). */
const MAX_SCALE = 16;

export function checkSymbolSnapshot(value: unknown): SymbolSnapshot {
  const where = 'symbol snapshot';
  const fields = object(value, where);
  checkVersion(fields.version, where);
  const symbol = fields.symbol;
  if (typeof symbol !== 'string' || symbol.length === 0) fail(`${where}: symbol must be a non-empty string`);
  const at = `snapshot of ${JSON.stringify(symbol)}`;
  return {
    version: SNAPSHOT_VERSION,
    symbol,
    order: integer(fields.order, `${at}: order`, 0),
    priceScale: integer(fields.priceScale, `${at}: priceScale`, 0, MAX_SCALE),
    quantityScale: integer(fields.quantityScale, `${at}: quantityScale`, 0, MAX_SCALE),
    seen: checkSeen(fields.seen, `${at}: seen`),
    base: fields.base === null ? null : checkBase(fields.base, `${at}: base`),
    lastBaseOpen: fields.lastBaseOpen === null ? null : integer(fields.lastBaseOpen, `${at}: lastBaseOpen`),
    nextPartialAt: fields.nextPartialAt === null ? null : finite(fields.nextPartialAt, `${at}: nextPartialAt`),
    dirty: boolean(fields.dirty, `${at}: dirty`),
    slots: array(fields.slots, `${at}: slots`).map((slot, i) => checkSlot(slot, `${at}: slots[${i}]`)),
  };
}

export function checkEngineMetaSnapshot(value: unknown): EngineMetaSnapshot {
  const where = 'engine meta snapshot';
  const fields = object(value, where);
  checkVersion(fields.version, where);
  const pending = array(fields.pending, `${where}: pending`).map((symbol, i) => {
    if (typeof symbol !== 'string' || symbol.length === 0) fail(`${where}: pending[${i}] must be a symbol`);
    return symbol;
  });
  if (new Set(pending).size !== pending.length) fail(`${where}: pending lists a symbol twice`);
  return { version: SNAPSHOT_VERSION, pending };
}

function checkVersion(version: unknown, where: string): void {
  if (version !== SNAPSHOT_VERSION) fail(`${where}: version ${JSON.stringify(version)} is not supported (this engine reads version ${SNAPSHOT_VERSION})`);
}

function checkSeen(value: unknown, where: string): SeenSnapshot {
  const fields = object(value, where);
  const maxId = integer(fields.maxId, `${where}: maxId`, -1);
  let previousTo = -2;
  const ranges = array(fields.ranges, `${where}: ranges`).map((range, i): [number, number, number] => {
    const at = `${where}: ranges[${i}]`;
    const items = array(range, at);
    if (items.length !== 3) fail(`${at} must be [first, last, latest time]`);
    const from = integer(items[0], `${at} first`, 0);
    const to = integer(items[1], `${at} last`, from);
    const latest = integer(items[2], `${at} latest time`);
    // The engine joins adjacent ranges, so consecutive ones leave a gap.
    if (from <= previousTo + 1) fail(`${at} does not start above the range before it with a gap`);
    if (to > maxId) fail(`${at} ends past maxId ${maxId}`);
    previousTo = to;
    return [from, to, latest];
  });
  return { maxId, ranges };
}

function checkBase(value: unknown, where: string): BaseSnapshot {
  const fields = object(value, where);
  const open = integer(fields.open, `${where}: open`);
  const end = integer(fields.end, `${where}: end`, open + 1);
  const candle = checkCandle(fields.candle, `${where}: candle`);
  if (candle.revision !== -1) fail(`${where}: candle revision must be -1`);
  return { open, end, candle };
}

function checkSlot(value: unknown, where: string): SlotSnapshot {
  const fields = object(value, where);
  const interval = fields.interval;
  if (typeof interval !== 'string' || !isIntervalName(interval)) fail(`${where}: interval ${JSON.stringify(interval)} is not a Binance interval`);
  const at = `${where} (${interval})`;
  const open = array(fields.open, `${at}: open`).map((candle, i) => checkCandle(candle, `${at}: open[${i}]`));
  const retained = array(fields.retained, `${at}: retained`).map((candle, i) => checkCandle(candle, `${at}: retained[${i}]`));
  for (const [i, candle] of open.entries()) {
    if (candle.tradeCount === 0) fail(`${at}: open[${i}] has no trades (open candles always have)`);
    if (candle.revision !== -1) fail(`${at}: open[${i}] has revision ${candle.revision}, but an open candle was never final (-1)`);
  }
  for (const [i, candle] of retained.entries()) {
    if (candle.revision < 0) fail(`${at}: retained[${i}] has revision ${candle.revision}, but a closed candle was final (>= 0)`);
    if (candle.open === '') fail(`${at}: retained[${i}] has no prices`);
  }
  return {
    interval,
    lastClosedOpen: fields.lastClosedOpen === null ? null : integer(fields.lastClosedOpen, `${at}: lastClosedOpen`),
    dirty: boolean(fields.dirty, `${at}: dirty`),
    open,
    retained,
  };
}

function checkCandle(value: unknown, where: string): CandleSnapshot {
  const fields = object(value, where);
  const openTime = integer(fields.openTime, `${where}: openTime`);
  const tradeCount = integer(fields.tradeCount, `${where}: tradeCount`, 0);
  const noIds = tradeCount === 0;
  const firstTradeId = integer(fields.firstTradeId, `${where}: firstTradeId`, noIds ? -1 : 0, noIds ? -1 : Number.MAX_SAFE_INTEGER);
  const candle: CandleSnapshot = {
    openTime,
    closeTime: integer(fields.closeTime, `${where}: closeTime`, openTime),
    tradeCount,
    firstTradeId,
    lastTradeId: integer(fields.lastTradeId, `${where}: lastTradeId`, firstTradeId, noIds ? -1 : Number.MAX_SAFE_INTEGER),
    open: text(fields.open, `${where}: open`),
    high: text(fields.high, `${where}: high`),
    low: text(fields.low, `${where}: low`),
    close: text(fields.close, `${where}: close`),
    volume: sum(fields.volume, `${where}: volume`),
    quoteVolume: sum(fields.quoteVolume, `${where}: quoteVolume`),
    takerBuyVolume: sum(fields.takerBuyVolume, `${where}: takerBuyVolume`),
    takerBuyQuoteVolume: sum(fields.takerBuyQuoteVolume, `${where}: takerBuyQuoteVolume`),
    revision: integer(fields.revision, `${where}: revision`, -1),
  };
  checkPrices(candle, where);
  return candle;
}

const PRICE_NAMES = ['open', 'high', 'low', 'close'] as const;
/** Scratch parses of open, high, low and close. */
const PRICES = PRICE_NAMES.map(() => new FixedDecimal());

/** All four prices or none (a bucket without trades), each one the engine can hold, low <= open, close <= high. */
function checkPrices(candle: CandleSnapshot, where: string): void {
  const texts = [candle.open, candle.high, candle.low, candle.close];
  if (texts.every((price) => price === '') && candle.tradeCount === 0) return;
  texts.forEach((price, i) => {
    try {
      parseFixed(price, PRICES[i] as FixedDecimal);
    } catch (error) {
      fail(`${where}: ${PRICE_NAMES[i]} ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const [open, high, low, close] = PRICES as [FixedDecimal, FixedDecimal, FixedDecimal, FixedDecimal];
  if (below(high, low) || below(open, low) || below(high, open) || below(close, low) || below(high, close)) {
    fail(`${where}: prices ${texts.join(' ')} are not in the order low <= open, close <= high`);
  }
}

function below(a: FixedDecimal, b: FixedDecimal): boolean {
  return compareFixed(a.int, a.frac, b.int, b.frac) < 0;
}

function sum(value: unknown, where: string): string {
  const written = text(value, where);
  if (!isCanonicalDecimal(written) || writtenScale(written) > SUM_FRACTION_DIGITS) {
    fail(`${where}: ${JSON.stringify(written.slice(0, 40))} is not a canonical decimal with at most ${SUM_FRACTION_DIGITS} fraction digits`);
  }
  return written;
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') fail(`${where} must be a string`);
  return value;
}

function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') fail(`${where} must be true or false`);
  return value;
}

function integer(value: unknown, where: string, minimum = Number.MIN_SAFE_INTEGER, maximum = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    fail(`${where} must be an integer in ${minimum}..${maximum}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function finite(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} must be a finite number, got ${JSON.stringify(value)}`);
  return value;
}

function fail(message: string): never {
  throw new CandleError('invalid-snapshot', message);
}
