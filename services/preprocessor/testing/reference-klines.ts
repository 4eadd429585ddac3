// The reference the preprocessor is held to: what `wick candles` (the
// offline tool, services/candles) writes for a recording, run in this
// process through its main(), as kline CSV rows per interval.
import { Writable } from 'node:stream';
import type { IntervalName } from '../../../common/candles/intervals.js';
import { main as candlesMain } from '../../candles/main.js';

export interface ReferenceKlines {
  readonly interval: IntervalName;
  /** The CSV rows without their newline, in open-time order. */
  readonly rows: readonly string[];
  readonly firstOpenTime: number;
  readonly lastOpenTime: number;
}

export async function referenceKlines(input: string, interval: IntervalName): Promise<ReferenceKlines> {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await candlesMain(['--input', input, '--interval', interval], {
    stdout: sink((text) => (out += text)),
    stderr: sink((text) => (err += text)),
    env: {},
  });
  if (code !== 0) throw new Error(`wick candles --interval ${interval} exited ${code}: ${err}`);
  const rows = out.split('\n').filter((row) => row !== '');
  const openTime = (row: string | undefined): number => Number((row ?? '').split(',', 1)[0]);
  return { interval, rows, firstOpenTime: openTime(rows[0]), lastOpenTime: openTime(rows[rows.length - 1]) };
}
