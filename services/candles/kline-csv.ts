// One candle as a row of data.binance.vision's klines CSV:
// open_time,open,high,low,close,volume,close_time,quote_volume,count,
// taker_buy_volume,taker_buy_quote_volume,ignore
// The engine already formats decimals as Binance does, so they are written
// untouched; the last column is Binance's unused field, always 0.
import type { Candle } from '../../common/candles/candle.js';

export function formatKlineRow(candle: Candle): string {
  return (
    `${candle.openTime},${candle.open},${candle.high},${candle.low},${candle.close},${candle.volume},` +
    `${candle.closeTime},${candle.quoteVolume},${candle.tradeCount},${candle.takerBuyVolume},${candle.takerBuyQuoteVolume},0\n`
  );
}
