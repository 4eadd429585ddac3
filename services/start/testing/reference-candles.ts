// The candles wick must end up with for a recording, built offline by
// `wick candles` (services/candles, run in this process) for one symbol and
// interval, as Binance kline CSV rows; and the same row for a candle the
// API returns, so the two compare as text, every field exact.
import { Writable } from 'node:stream';
import type { Candle } from '../../../common/gen/wick/v1/candle_pb.js';
import { main as candlesMain } from '../../candles/main.js';

export async function referenceRows(input: string, symbol: string, interval: string): Promise<string[]> {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) => new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      append(chunk.toString());
      done();
    },
  });
  const code = await candlesMain(['--input', input, '--symbol', symbol, '--interval', interval], {
    stdout: sink((text) => (out += text)),
    stderr: sink((text) => (err += text)),
    env: {},
  });
  if (code !== 0) throw new Error(`wick candles --symbol ${symbol} --interval ${interval} exited ${code}: ${err}`);
  return out.split('\n').filter((row) => row !== '');
}

/** open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,0 */
export function klineRow(candle: Candle): string {
  return [
    candle.openTime, candle.open, candle.high, candle.low, candle.close, candle.volume, candle.closeTime, candle.quoteVolume,
    candle.tradeCount, candle.takerBuyVolume, candle.takerBuyQuoteVolume, 0,
  ].join(',');
}
