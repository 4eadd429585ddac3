// `wick candles`: parse the command line, run the pipeline, and turn every
// failure into one line on stderr and an exit code (2: usage, 1: bad input
// or I/O). Never throws for bad input.
import type { Writable } from 'node:stream';
import { ConfigError, parseCommandLine, type Environment } from '../../common/config/index.js';
import { RecordingError } from '../../common/recordings/errors.js';
import { buildCandles, CandlesUsageError, type CandlesSummary } from './build-candles.js';
import { LineWriter } from './line-writer.js';
import { candlesDoc, candlesSettings } from './settings.js';

export interface CandlesIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Environment;
}

const PREFIX = 'wick candles:';

export async function main(args: readonly string[], io: CandlesIo = processIo()): Promise<number> {
  let line;
  try {
    line = parseCommandLine(candlesDoc, candlesSettings, args, io.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(io, error.message, 2);
    throw error;
  }
  if (line.kind === 'help') {
    io.stdout.write(line.text);
    return 0;
  }
  const { config } = line;
  const writer = new LineWriter(io.stdout);
  try {
    const summary = await buildCandles(
      {
        input: config.input,
        interval: config.interval,
        timezoneOffsetMinutes: config.timezone,
        symbol: config.symbol,
        format: config.format,
        skipBad: config.skipBad,
      },
      writer,
    );
    if (writer.error !== undefined) return outputFailed(io, writer.error);
    report(io, summary, config.input, config.skipBad);
    return 0;
  } catch (error) {
    if (error instanceof CandlesUsageError) return fail(io, error.message, 2);
    if (error instanceof RecordingError) return fail(io, error.message, 1);
    throw error;
  } finally {
    writer.release();
  }
}

function report(io: CandlesIo, summary: CandlesSummary, input: string, skipBad: boolean): void {
  if (skipBad) {
    const first = summary.firstSkipped === undefined ? '' : ` (first: ${summary.firstSkipped.message})`;
    io.stderr.write(`${PREFIX} skipped ${summary.skipped} malformed ${summary.skipped === 1 ? 'row' : 'rows'}${first}\n`);
  }
  if (summary.duplicates > 0) {
    io.stderr.write(`${PREFIX} ${summary.duplicates} ${summary.duplicates === 1 ? 'row repeats' : 'rows repeat'} trade ids counted before; counted once\n`);
  }
  if (summary.trades === 0) {
    const which = summary.symbol === undefined ? '' : ` for ${summary.symbol}`;
    io.stderr.write(`${PREFIX} no trades${which} in ${input}; no candles written\n`);
  }
}

// A reader that goes away (`wick candles ... | head`) is not an error of ours.
function outputFailed(io: CandlesIo, error: Error): number {
  if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
  return fail(io, `cannot write the output (${error.message})`, 1);
}

function fail(io: CandlesIo, message: string, code: number): number {
  io.stderr.write(`${PREFIX} ${message}\n`);
  return code;
}

function processIo(): CandlesIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
