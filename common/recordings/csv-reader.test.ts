import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingError } from './errors.js';
import type { RecordedTrade } from './recorded-trade.js';
import { detectFormat, openRecording, type RecordingOptions } from './reader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wick-recordings-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function readAll(path: string, options?: RecordingOptions): Promise<RecordedTrade[]> {
  const trades: RecordedTrade[] = [];
  for await (const trade of openRecording(path, options)) trades.push(trade);
  return trades;
}

const AGG_HEADER = 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match';
const AGG_ROW_1 = '13519807,0.00141342,23.00000000,15373518,15373518,1570752011620,True,True';
const AGG_ROW_2 = '13519808,0.00141266,54.00000000,15373519,15373521,1570752011620,False,True';

describe('aggTrades CSV', () => {
  it('reads rows without a header, keeping decimals as strings', async () => {
    const path = await fixture('XRPETH-aggTrades-2019-10.csv', `${AGG_ROW_1}\n${AGG_ROW_2}\n`);
    expect(await readAll(path)).toEqual([
      {
        symbol: 'XRPETH',
        aggregateId: 13519807,
        firstTradeId: 15373518,
        lastTradeId: 15373518,
        price: '0.00141342',
        quantity: '23.00000000',
        time: 1570752011620,
        buyerIsMaker: true,
        line: 1,
      },
      {
        symbol: 'XRPETH',
        aggregateId: 13519808,
        firstTradeId: 15373519,
        lastTradeId: 15373521,
        price: '0.00141266',
        quantity: '54.00000000',
        time: 1570752011620,
        buyerIsMaker: false,
        line: 2,
      },
    ]);
  });

  it('skips a header row and counts it as ignored', async () => {
    const path = await fixture('with-header.csv', `${AGG_HEADER}\n${AGG_ROW_1}\n`);
    const recording = openRecording(path, { symbol: 'XRPETH' });
    const trades: RecordedTrade[] = [];
    for await (const trade of recording) trades.push(trade);
    expect(trades.map((t) => [t.aggregateId, t.line])).toEqual([[13519807, 2]]);
    expect(recording.format).toBe('aggtrades-csv');
    expect(recording.stats).toEqual({ lines: 2, trades: 1, skipped: 0, ignored: 1 });
  });

  it('accepts lower-case booleans, CRLF line ends, a byte-order mark and blank lines', async () => {
    const text = `\uFEFF${AGG_HEADER}\r\n\r\n13519807,0.5,1,7,7,1735689600010866,true,true\r\n   \r\n13519808,0.6,2,8,8,1735689600020000,false,false`;
    const trades = await readAll(await fixture('BTCUSDT-aggTrades-2025-01-01.csv', text));
    expect(trades.map((t) => [t.line, t.buyerIsMaker, t.time])).toEqual([
      [3, true, 1735689600010],
      [5, false, 1735689600020],
    ]);
  });

  it('reads 7-column (futures) rows', async () => {
    const trades = await readAll(await fixture('f.csv', '52599685,49966.7,0.001,64902163,64902165,1618677448084,false\n'), {
      symbol: 'YFIUSDT',
    });
    expect(trades[0]).toMatchObject({ symbol: 'YFIUSDT', aggregateId: 52599685, firstTradeId: 64902163, lastTradeId: 64902165 });
  });

  it('labels rows UNKNOWN when neither --symbol nor the file name gives a symbol', async () => {
    const trades = await readAll(await fixture('plain.csv', `${AGG_ROW_1}\n`));
    expect(trades[0]?.symbol).toBe('UNKNOWN');
  });

  it('fails on a malformed row with the file, the line and the reason', async () => {
    const path = await fixture('bad.csv', `${AGG_ROW_1}\n${AGG_ROW_2}\n13519809,0.0014x,8,1,1,1570752017964,True,True\n`);
    const error = await readAll(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordingError);
    expect(error).toMatchObject({ code: 'malformed-row', file: path, line: 3 });
    expect((error as Error).message).toBe(`${path}:3: price "0.0014x" is not a decimal number`);
  });

  it.each([
    ['a missing field', '13519809,0.1,8,1,1,1570752017964', 'expected 7 or 8 aggTrades fields, got 6'],
    ['a bad boolean', '13519809,0.1,8,1,1,1570752017964,yes,True', 'is_buyer_maker "yes" is not true or false'],
    ['ids out of order', '13519809,0.1,8,5,4,1570752017964,True,True', 'last_trade_id 4 is below first_trade_id 5'],
    ['a header in the middle', AGG_HEADER, 'agg_trade_id "agg_trade_id" is not a non-negative integer'],
    ['a 15-digit time', '13519809,0.1,8,1,1,157075201796400,True,True', 'transact_time 157075201796400 is neither'],
    ['a negative quantity', '13519809,0.1,-8,1,1,1570752017964,True,True', 'quantity "-8" is not a decimal number'],
  ])('reports %s', async (_name, row, reason) => {
    const path = await fixture('bad-row.csv', `${AGG_ROW_1}\n${row}\n`);
    await expect(readAll(path)).rejects.toThrow(`${path}:2: ${reason}`);
  });

  it('skips and counts malformed rows in skip-bad mode', async () => {
    const path = await fixture('skip.csv', `${AGG_ROW_1}\nnot,a,row\n${AGG_ROW_2}\n13519810,0.1,8,1,1,1570752017964,True,True,True\n`);
    const skipped: RecordingError[] = [];
    const recording = openRecording(path, { skipBad: true, onSkip: (e) => skipped.push(e) });
    const ids: number[] = [];
    for await (const trade of recording) ids.push(trade.aggregateId);
    expect(ids).toEqual([13519807, 13519808]);
    expect(recording.stats).toEqual({ lines: 4, trades: 2, skipped: 2, ignored: 0 });
    expect(skipped.map((e) => e.line)).toEqual([2, 4]);
  });
});

describe('trades CSV', () => {
  const HEADER = 'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match';

  it('reads rows with or without a header as single trades', async () => {
    for (const header of ['', `${HEADER}\n`]) {
      const path = await fixture('BTCUSDT-trades-2021-04-04.csv', `${header}745522877,58001.03,0.086205,4999.97,1617566591314,True,True\n`);
      const trades = await readAll(path);
      expect(trades).toEqual([
        {
          symbol: 'BTCUSDT',
          aggregateId: 745522877,
          firstTradeId: 745522877,
          lastTradeId: 745522877,
          price: '58001.03',
          quantity: '0.086205',
          time: 1617566591314,
          buyerIsMaker: true,
          line: header ? 2 : 1,
        },
      ]);
    }
  });

  it('reads 6-column (futures) rows and microsecond times', async () => {
    const trades = await readAll(await fixture('t.csv', '1,2.5,3,7.5,1735689600999999,false\n'), { symbol: 'ETHUSDT' });
    expect(trades[0]).toMatchObject({ aggregateId: 1, time: 1735689600999, buyerIsMaker: false });
  });

  it('validates quote_qty even though candles do not use it', async () => {
    const path = await fixture('t-bad.csv', '1,2.5,3,7.5e1,1617566591314,true,true\n');
    await expect(readAll(path)).rejects.toThrow(`${path}:1: quote_qty "7.5e1" is not a decimal number`);
  });
});

describe('detection and I/O errors', () => {
  it('lets --format override detection', async () => {
    const path = await fixture('override.jsonl', `${AGG_ROW_1}\n`);
    await expect(readAll(path, { format: 'ws-jsonl' })).rejects.toThrow(`${path}:1: not valid JSON`);
    expect(await readAll(path, { format: 'aggtrades-csv' })).toHaveLength(1);
  });

  it('detects a format from the start of the file alone', async () => {
    expect(await detectFormat(await fixture('a.csv', `\n\n${AGG_HEADER}\n${AGG_ROW_1}\n`))).toBe('aggtrades-csv');
    expect(await detectFormat(await fixture('t.txt', '1,2.5,3,7.5,1617566591314,true,true\n'))).toBe('trades-csv');
    expect(await detectFormat(await fixture('w.txt', '{"e":"trade"}\n'))).toBe('ws-jsonl');
    expect(await detectFormat(await fixture('ETHBTC-trades-2020-01.csv', 'oops\n'))).toBe('trades-csv');
    expect(await detectFormat(await fixture('x.txt', 'oops\n'))).toBeUndefined();
    expect(await detectFormat(await fixture('y.txt', 'oops\n'), 'ws-jsonl')).toBe('ws-jsonl');
    await expect(detectFormat(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'io' });
  });

  it('uses the file name when the first line decides nothing', async () => {
    const path = await fixture('ETHBTC-aggTrades-2020-01.csv', '1,2,3\n');
    await expect(readAll(path)).rejects.toThrow(`${path}:1: expected 7 or 8 aggTrades fields, got 3`);
  });

  it('refuses a file of unknown format in one line, even in skip-bad mode', async () => {
    const path = await fixture('mystery.txt', 'hello\n');
    await expect(readAll(path, { skipBad: true })).rejects.toThrow(
      `${path}: first line is neither a Binance aggTrades/trades CSV row or header nor a JSON frame; pass --format`,
    );
  });

  it('reports a missing file', async () => {
    const path = join(dir, 'absent.csv');
    await expect(readAll(path)).rejects.toMatchObject({ code: 'io', message: `${path}: cannot read the file (no such file)` });
  });

  it('reads a file once per Recording', async () => {
    const recording = openRecording(await fixture('once.csv', `${AGG_ROW_1}\n`));
    for await (const _trade of recording);
    await expect(recording.batches().next()).rejects.toThrow('is already being read; open the recording again');
  });

  it('yields nothing for an empty file', async () => {
    expect(await readAll(await fixture('empty.csv', ''))).toEqual([]);
  });

  it('keeps line numbers right across chunk boundaries', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i + 1},1.5,2,${i + 1},${i + 1},${1570752011620 + i},True,True`);
    const path = await fixture('many.csv', `${rows.join('\n')}\n`);
    const trades = await readAll(path, { chunkBytes: 64 });
    expect(trades).toHaveLength(500);
    expect(trades.every((t) => t.line === t.aggregateId)).toBe(true);
  });

  it('refuses an endless line instead of buffering it', async () => {
    const path = await fixture('long.csv', `${AGG_ROW_1}\n${'1'.repeat(3 << 20)}`);
    await expect(readAll(path)).rejects.toThrow(`${path}:2: line is longer than 1048576 characters`);
  });
});
