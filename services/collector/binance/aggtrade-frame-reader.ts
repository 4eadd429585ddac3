// The one frame the collector receives 100,000 times a second, read straight
// from its bytes: Binance's combined-stream aggTrade event, laid out exactly
// as Binance writes it (web-socket-streams.md, "Aggregate Trade Streams";
// the simulator writes the same):
//   {"stream":"bnbbtc@aggTrade","data":{"e":"aggTrade","E":1672515782136,"s":"BNBBTC","a":12345,
//    "p":"0.001","q":"100","f":100,"l":105,"T":1672515782136,"m":true,"M":true}}
// JSON.parse builds two objects and a dozen strings per frame only for the
// mapper to pick nine fields out of them; this reads the nine in one pass.
// It takes that layout only: these keys in this order, no whitespace,
// strings of printable ASCII without escapes, integers without sign,
// fraction or exponent and of at most 15 digits (so always exact). For
// anything else, valid JSON or not, it returns undefined and the caller
// takes the JSON.parse way (parseFrame), which yields the same frame for
// everything this accepts; aggtrade-frame-reader.test.ts holds it to that.
import type { BinanceFrame } from './aggtrade-mapper.js';

const bytesOf = (text: string): Buffer => Buffer.from(text, 'latin1');
const STREAM = bytesOf('{"stream":"');
// A string() consumes its closing quote, so what follows one starts after it.
const DATA = bytesOf(',"data":{"e":"aggTrade","E":');
const SYMBOL = bytesOf(',"s":"');
const AGGREGATE_ID = bytesOf(',"a":');
const PRICE = bytesOf(',"p":"');
const QUANTITY = bytesOf(',"q":"');
const FIRST_ID = bytesOf(',"f":');
const LAST_ID = bytesOf(',"l":');
const TRADE_TIME = bytesOf(',"T":');
const BUYER_IS_MAKER = bytesOf(',"m":');
const IGNORE = bytesOf(',"M":');
const TRUE = bytesOf('true');
const FALSE = bytesOf('false');
const END = bytesOf('}}');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const NINE = 0x39;
/** 15 digits stay below 2^53: every integer this reads is exact. */
const MAX_DIGITS = 15;
const INTERNED_SLOTS = 1024;

export class AggTradeFrameReader {
  private bytes: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Where the last string() started and ended. */
  private start = 0;
  private end = 0;
  /** Symbols and prices read lately, by a hash of their bytes: frames repeat a few symbols, and prices, again and again. */
  private readonly interned: string[] = new Array<string>(INTERNED_SLOTS).fill('');

  /** The trade frame parseFrame would return, or undefined when the frame is not in Binance's exact layout. */
  read(bytes: Buffer): Extract<BinanceFrame, { kind: 'trade' }> | undefined {
    this.bytes = bytes;
    this.pos = 0;
    if (!this.literal(STREAM) || !this.string() || !this.literal(DATA)) return undefined;
    const eventTime = this.integer();
    if (eventTime <= 0 || !this.literal(SYMBOL) || !this.string() || this.end === this.start) return undefined;
    const symbol = this.internedText();
    if (!this.literal(AGGREGATE_ID)) return undefined;
    const aggregateId = this.integer();
    if (aggregateId < 0 || !this.literal(PRICE) || !this.string()) return undefined;
    const price = this.internedText();
    if (!this.literal(QUANTITY) || !this.string()) return undefined;
    const quantity = this.text();
    if (!this.literal(FIRST_ID)) return undefined;
    const firstTradeId = this.integer();
    if (firstTradeId < 0 || !this.literal(LAST_ID)) return undefined;
    const lastTradeId = this.integer();
    if (lastTradeId < 0 || !this.literal(TRADE_TIME)) return undefined;
    const time = this.integer();
    if (time <= 0 || !this.literal(BUYER_IS_MAKER)) return undefined;
    const buyerIsMaker = this.boolean();
    if (buyerIsMaker === undefined || !this.literal(IGNORE) || this.boolean() === undefined || !this.literal(END) || this.pos !== bytes.length) return undefined;
    return { kind: 'trade', trade: { symbol, aggregateId, firstTradeId, lastTradeId, price, quantity, time, buyerIsMaker }, eventTime };
  }

  private literal(expected: Buffer): boolean {
    const { bytes, pos } = this;
    if (pos + expected.length > bytes.length) return false;
    for (let i = 0; i < expected.length; i++) {
      if (bytes[pos + i] !== expected[i]) return false;
    }
    this.pos = pos + expected.length;
    return true;
  }

  /** The rest of a string whose opening quote was read: printable ASCII up to the closing quote, no escapes. */
  private string(): boolean {
    const { bytes } = this;
    this.start = this.pos;
    for (let i = this.pos; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      if (byte === QUOTE) {
        this.end = i;
        this.pos = i + 1;
        return true;
      }
      if (byte < 0x20 || byte > 0x7e || byte === BACKSLASH) return false;
    }
    return false;
  }

  private text(): string {
    return this.bytes.toString('latin1', this.start, this.end);
  }

  /** text(), but a string read lately with the same bytes is handed out again instead of a new one. */
  private internedText(): string {
    const { bytes, start, end } = this;
    let hash = end - start;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + (bytes[i] as number)) | 0;
    const slot = hash & (INTERNED_SLOTS - 1);
    const known = this.interned[slot] as string;
    if (this.spells(known)) return known;
    const text = this.text();
    this.interned[slot] = text;
    return text;
  }

  /** Whether the last string() is `text`. */
  private spells(text: string): boolean {
    const { bytes, start, end } = this;
    if (text.length !== end - start) return false;
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i - start) !== bytes[i]) return false;
    }
    return true;
  }

  /** A JSON integer of 1 to 15 digits without sign or leading zero; -1 when there is none. */
  private integer(): number {
    const { bytes } = this;
    const first = this.pos;
    let value = 0;
    let i = first;
    for (; i < bytes.length && i - first < MAX_DIGITS + 1; i++) {
      const byte = bytes[i] as number;
      if (byte < ZERO || byte > NINE) break;
      value = value * 10 + (byte - ZERO);
    }
    const digits = i - first;
    if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && bytes[first] === ZERO)) return -1;
    this.pos = i;
    return value;
  }

  private boolean(): boolean | undefined {
    if (this.literal(TRUE)) return true;
    if (this.literal(FALSE)) return false;
    return undefined;
  }
}
