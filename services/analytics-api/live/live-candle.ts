// A candle update as the analytics API handles it: the numbers the hub and
// the streams compare, decoded once, and the candle in the two forms a
// response needs, each made at most once however many streams send it: the
// protobuf binary form (for gRPC and the other binary formats; a candle from
// Kafka arrives in it) and the message object (for JSON).
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Candle } from '../../../common/candles/candle.js';
import type { IntervalName } from '../../../common/candles/intervals.js';
import { CandleSchema, type Candle as CandleMessage } from '../../../common/gen/wick/v1/candle_pb.js';
import { candleMessage, encodeCandle, encodeCandleColumns } from '../../../common/rpc/index.js';
import type { CandleColumns } from '../../../common/store/index.js';

export interface SeriesName {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: string;
}

export function seriesKey(series: SeriesName): string {
  return `${series.exchange}\u0000${series.symbol}\u0000${series.interval}`;
}

/** A validated series a request names, with its key. */
export interface SeriesRef extends SeriesName {
  readonly interval: IntervalName;
  readonly key: string;
}

export function seriesRef(exchange: string, symbol: string, interval: IntervalName): SeriesRef {
  return { exchange, symbol, interval, key: seriesKey({ exchange, symbol, interval }) };
}

export type Version = Pick<LiveCandle, 'closed' | 'revision' | 'tradeCount'>;

/**
 * Orders versions of one candle: a partial (closed = false) is older than any
 * final; finals by revision; partials by trade count (a running candle only
 * gains trades). An update that compares <= 0 to one already handled is a
 * re-delivery (e.g. re-emitted after a preprocessor restart) and is dropped.
 */
export function compareVersions(a: Version, b: Version): number {
  if (a.closed !== b.closed) return a.closed ? 1 : -1;
  if (a.closed) return a.revision - b.revision;
  return a.tradeCount - b.tradeCount;
}

/** GetCandlesResponse.candles: a store page's candles are encoded as records of it (fromColumns). */
export const GET_CANDLES_RECORD_FIELD = 1;

export class LiveCandle {
  private constructor(
    readonly key: string,
    readonly openTime: number,
    readonly closed: boolean,
    readonly revision: number,
    readonly tradeCount: number,
    /** When this process received the update (ms), for delivery-latency metrics. */
    readonly receivedAt: number,
    private cachedMessage: CandleMessage | undefined,
    private cachedBytes: Uint8Array | undefined,
    private stored: Candle | undefined,
    /**
     * A store page's candles, encoded as GetCandlesResponse.candles records
     * (field 1): this candle's record is [recordStart, recordEnd), its bytes
     * the end of it from payloadStart. Views are made only when asked for.
     */
    private page: Uint8Array | undefined = undefined,
    private pageRecordStart = 0,
    private pagePayloadStart = 0,
    private pageRecordEnd = 0,
  ) {}

  /** An update from the candle topic: the decoded (validated) message and the bytes it came in. */
  static fromFeed(message: CandleMessage, bytes: Uint8Array, receivedAt: number): LiveCandle {
    // Validated by the serde: the int64 fields are safe integers.
    return new LiveCandle(seriesKey(message), Number(message.openTime), message.closed, message.revision, Number(message.tradeCount), receivedAt, message, bytes, undefined);
  }

  /** A candle read from the store; the store keeps no update time, so update_time is 0. */
  static fromStore(candle: Candle, receivedAt: number): LiveCandle {
    return new LiveCandle(seriesKey(candle), candle.openTime, candle.closed, candle.revision, candle.tradeCount, receivedAt, undefined, undefined, candle);
  }

  /**
   * A page read from the store in columns: every candle encoded in one pass
   * (update_time 0), each LiveCandle pointing into the page's buffer.
   */
  static fromColumns(columns: CandleColumns, receivedAt: number): LiveCandle[] {
    const { bytes, records, candles: payloads } = encodeCandleColumns(columns, 0, GET_CANDLES_RECORD_FIELD);
    const key = seriesKey(columns.series);
    const candles = new Array<LiveCandle>(columns.length);
    for (let index = 0; index < columns.length; index += 1) {
      candles[index] = new LiveCandle(key, columns.openTime[index] as number, columns.closed[index] === 1, columns.revision[index] as number,
        columns.tradeCount[index] as number, receivedAt, undefined, undefined, undefined, bytes, records[index], payloads[index], records[index + 1]);
    }
    return candles;
  }

  /**
   * The store page holding this candle's GetCandlesResponse.candles record
   * (recordStart to recordEnd), so a response copies a run of a page's
   * candles at once; undefined for other candles.
   */
  get recordPage(): Uint8Array | undefined {
    return this.page;
  }

  get recordStart(): number {
    return this.pageRecordStart;
  }

  get recordEnd(): number {
    return this.pageRecordEnd;
  }

  message(): CandleMessage {
    if (this.cachedMessage !== undefined) return this.cachedMessage;
    const message = this.stored === undefined ? fromBinary(CandleSchema, this.bytes()) : candleMessage(this.stored, 0);
    // A compacted candle decodes again when asked; a JSON client of a cached series pays that.
    if (this.stored !== undefined) this.cachedMessage = message;
    return message;
  }

  bytes(): Uint8Array {
    if (this.cachedBytes !== undefined) return this.cachedBytes;
    if (this.page !== undefined) this.cachedBytes = this.page.subarray(this.pagePayloadStart, this.pageRecordEnd);
    else this.cachedBytes = this.stored === undefined ? toBinary(CandleSchema, this.message()) : encodeCandle(this.stored, 0);
    return this.cachedBytes;
  }

  /** Keeps only the binary form (a third of the memory), for candles held long (LatestCandles). */
  compact(): this {
    // A view of a whole page's buffer would keep the page alive as long as this candle: it keeps a copy of its own bytes.
    if (this.page !== undefined) this.cachedBytes = this.page.slice(this.pagePayloadStart, this.pageRecordEnd);
    this.page = undefined;
    this.bytes();
    this.stored = undefined;
    this.cachedMessage = undefined;
    return this;
  }
}
