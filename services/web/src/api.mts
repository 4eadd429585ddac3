// The page's view of wick's CandleService, over the Connect protocol with
// fetch (binary protobuf), to the server that served the page.
import { createClient, type Client } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { CandleService } from '../../../common/gen/wick/v1/candle_service_pb.js';
import type { Candle } from '../../../common/gen/wick/v1/candle_pb.js';

export type CandleClient = Client<typeof CandleService>;

export interface SymbolChoice {
  readonly symbol: string;
  readonly intervals: readonly string[];
}

export function candleClient(baseUrl: string): CandleClient {
  return createClient(CandleService, createConnectTransport({ baseUrl, useBinaryFormat: true }));
}

export async function listSymbols(client: CandleClient): Promise<SymbolChoice[]> {
  const { symbols } = await client.listSymbols({});
  return symbols
    .map((entry) => ({ symbol: entry.symbol, intervals: entry.intervals.map((coverage) => coverage.interval) }))
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** Up to `limit` closed candles that opened before `before` (ms), oldest first. */
export async function candlesBefore(client: CandleClient, symbol: string, interval: string, before: number, limit: number): Promise<Candle[]> {
  const { candles } = await client.getCandles({ symbol, interval, endTime: BigInt(before - 1), limit });
  return candles;
}
