// The `wick candles` command line, declared with common/config so --help,
// precedence and one-line errors work as for every other command. These are
// per-run arguments of an offline tool, so none reads an environment variable.
import { CandleError } from '../../common/candles/errors.js';
import { formatTimezone, INTERVALS, parseInterval, parseTimezone, type IntervalName } from '../../common/candles/intervals.js';
import { bool, oneOf, setting, str, ValueError, type CommandDoc, type Parser } from '../../common/config/index.js';
import { RECORDING_FORMATS } from '../../common/recordings/recorded-trade.js';

export const candlesDoc: CommandDoc = {
  usage: 'wick candles --input FILE --interval I [--timezone +HH:MM] [--symbol S] [--format F] [--skip-bad]',
  summary:
    'Builds Binance klines from a recording of trades (data.binance.vision aggTrades or trades CSV, with or ' +
    'without header, or recorded WebSocket JSONL) and writes them to stdout as data.binance.vision klines CSV rows.',
  details: [
    'Columns: open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,0',
    'Intervals with no trade between the first and the last trade are written as flat candles at the previous close.',
    '',
    'Example:',
    '  wick candles --input BTCUSDT-aggTrades-2025-01-01.csv --interval 1h --timezone +08:00 > BTCUSDT-1h.csv',
  ].join('\n'),
};

const interval: Parser<IntervalName> = {
  hint: INTERVALS.join('|'),
  parse: (raw) => rethrowAsValueError(() => parseInterval(raw)),
  format: (value) => value,
};

const timezone: Parser<number> = {
  hint: '+HH:MM',
  parse: (raw) => rethrowAsValueError(() => parseTimezone(raw)),
  format: formatTimezone,
};

const symbol: Parser<string> = {
  hint: 'SYMBOL',
  parse(raw) {
    if (!/^[A-Za-z0-9_]+$/.test(raw)) throw new ValueError(`${JSON.stringify(raw)} is not a symbol like BTCUSDT`);
    return raw.toUpperCase();
  },
  format: (value) => value,
};

export const candlesSettings = {
  input: setting({ flag: 'input', description: 'Recording to read.', parser: str({ hint: 'file' }), required: true }),
  interval: setting({ flag: 'interval', description: 'Kline interval, as Binance writes it.', parser: interval, required: true }),
  timezone: setting({
    flag: 'timezone',
    description: 'Fixed UTC offset at which interval boundaries fall (Binance timeZone, -12:00 to +14:00).',
    parser: timezone,
    default: 0,
  }),
  symbol: setting({
    flag: 'symbol',
    description: 'Symbol to build; required when a JSONL recording holds several.',
    parser: symbol,
  }),
  format: setting({ flag: 'format', description: 'Input format; detected from the first line when absent.', parser: oneOf(RECORDING_FORMATS) }),
  skipBad: setting({
    flag: 'skip-bad',
    description: 'Skip malformed rows and report how many, instead of stopping at the first.',
    parser: bool(),
    default: false,
  }),
};

function rethrowAsValueError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CandleError) throw new ValueError(error.message);
    throw error;
  }
}
