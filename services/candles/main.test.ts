// `wick candles` end to end, in process: real recordings in, klines CSV out,
// compared with Binance's own candles as exact decimals.
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

const DATA = '/work/shared/data/binance';
const XRPETH = `${DATA}/xrpeth-2019-10/XRPETH-aggTrades.csv`;
const SPOT_JSONL = `${DATA}/ws-2021-04/spot-btcusdt-ethusdt-dotusdt.jsonl`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sink(chunks: string[], slow = false): Writable {
  return new Writable({
    decodeStrings: false,
    highWaterMark: slow ? 256 : 16_384,
    write(chunk: string, _encoding, done) {
      chunks.push(chunk);
      if (slow) setImmediate(done);
      else done();
    },
  });
}

async function candles(args: readonly string[], options: { slow?: boolean } = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: sink(out, options.slow), stderr: sink(err), env: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function rows(csv: string): string[][] {
  return csv
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

/** A decimal string without trailing fractional zeros: "1482.00000000" and "1482.0" both become "1482". */
function normalise(decimal: string): string {
  if (!/^\d+(\.\d+)?$/.test(decimal)) throw new Error(`not a plain decimal: ${decimal}`);
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

/** Binance's candles as [open_time, o, h, l, c, v] with the numbers' source text, never parsed to float. */
async function binanceCandles(file: string): Promise<string[][]> {
  const text = await readFile(`${DATA}/xrpeth-2019-10/${file}`, 'utf8');
  return [...text.matchAll(/\[(\d+),\s*([\d.]+),\s*([\d.]+),\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)\]/g)].map((m) => m.slice(1));
}

/** Exact sum of 8-decimal strings, in integer units of 1e-8. */
function units(decimal: string): bigint {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(whole ?? '0') * 100_000_000n + BigInt(fraction.padEnd(8, '0').slice(0, 8));
}

describe('wick candles on the xrpeth-2019-10 recording', () => {
  it.each([
    ['1m', 'XRPETH-1m.ohlcv.json', 3560, 60_000],
    ['5m', 'XRPETH-5m.ohlcv.json', 712, 300_000],
  ])('--interval %s equals every one of Binance\'s candles', async (interval, file, count, lengthMs) => {
    const run = await candles(['--input', XRPETH, '--interval', interval]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ours = rows(run.stdout);
    const binance = await binanceCandles(file);
    expect(binance).toHaveLength(count);
    expect(ours).toHaveLength(count);
    for (let i = 0; i < count; i++) {
      const row = ours[i] as string[];
      const [openTime, open, high, low, close, volume] = binance[i] as string[];
      expect(row).toHaveLength(12);
      expect(row[0]).toBe(openTime);
      expect([row[1], row[2], row[3], row[4], row[5]].map((d) => normalise(d as string))).toEqual(
        [open, high, low, close, volume].map((d) => normalise(d as string)),
      );
      expect(Number(row[6])).toBe(Number(openTime) + lengthMs - 1);
      expect(row[11]).toBe('0');
    }
    expect(ours.reduce((sum, row) => sum + Number(row[8]), 0)).toBe(14_672);
  });

  it('writes the 1,091 empty minutes as flat candles at the previous close', async () => {
    const ours = rows((await candles(['--input', XRPETH, '--interval', '1m'])).stdout);
    const flat = ours.filter((row) => row[8] === '0');
    expect(flat).toHaveLength(1091);
    for (const row of flat) {
      const previous = ours[ours.indexOf(row) - 1] as string[];
      expect(new Set([row[1], row[2], row[3], row[4]])).toEqual(new Set([previous[4]]));
      expect([row[5], row[7], row[9], row[10]].map((d) => normalise(d as string))).toEqual(['0', '0', '0', '0']);
    }
  });

  it('places boundaries at a fixed offset (--timezone +05:45) and each candle sums its UTC minutes', async () => {
    const hours = rows((await candles(['--input', XRPETH, '--interval', '1h', '--timezone', '+05:45'])).stdout);
    const minutes = rows((await candles(['--input', XRPETH, '--interval', '1m'])).stdout);
    // Local midnight at +05:45 is 18:15 UTC: every hour starts at a quarter past.
    expect(hours.every((row) => Number(row[0]) % 3_600_000 === 15 * 60_000)).toBe(true);
    for (const hour of hours) {
      const inside = minutes.filter((m) => Number(m[0]) >= Number(hour[0]) && Number(m[0]) <= Number(hour[6]));
      const traded = inside.filter((m) => m[8] !== '0');
      expect(Number(hour[8])).toBe(inside.reduce((sum, m) => sum + Number(m[8]), 0));
      expect(units(hour[5] as string)).toBe(inside.reduce((sum, m) => sum + units(m[5] as string), 0n));
      expect(units(hour[7] as string)).toBe(inside.reduce((sum, m) => sum + units(m[7] as string), 0n));
      if (traded.length > 0) {
        expect(normalise(hour[1] as string)).toBe(normalise((traded[0] as string[])[1] as string));
        expect(normalise(hour[4] as string)).toBe(normalise((traded.at(-1) as string[])[4] as string));
      }
    }
    expect(hours.reduce((sum, row) => sum + Number(row[8]), 0)).toBe(14_672);
  });

  it('gives the same output to a slow reader of stdout', async () => {
    const fast = await candles(['--input', XRPETH, '--interval', '1m']);
    const slow = await candles(['--input', XRPETH, '--interval', '1m'], { slow: true });
    expect(slow.code).toBe(0);
    expect(slow.stdout).toBe(fast.stdout);
  });
});

describe('wick candles on a recorded WebSocket JSONL', () => {
  it('needs --symbol when the recording holds several, and says which', async () => {
    const run = await candles(['--input', SPOT_JSONL, '--interval', '1m']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`wick candles: ${SPOT_JSONL} holds 3 symbols (BTCUSDT, DOTUSDT, ETHUSDT); choose one with --symbol\n`);
  });

  it('builds one symbol, counting every trade of its aggTrades', async () => {
    const run = await candles(['--input', SPOT_JSONL, '--interval', '1m', '--symbol', 'ethusdt']);
    expect(run.code).toBe(0);
    const ours = rows(run.stdout);
    expect(ours.map((row) => row[0])).toEqual(['1617566580000', '1617566640000']);
    const text = await readFile(SPOT_JSONL, 'utf8');
    const expectedTrades = [...text.matchAll(/"e":"aggTrade".*?"s":"ETHUSDT".*?"f":(\d+),"l":(\d+)/g)].reduce(
      (sum, m) => sum + Number(m[2]) - Number(m[1]) + 1,
      0,
    );
    expect(ours.reduce((sum, row) => sum + Number(row[8]), 0)).toBe(expectedTrades);
  });
});

describe('wick candles on data.binance.vision files from 2025 on', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wick-candles-2025-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads microsecond trade times (spot trades CSV with header) and writes millisecond klines', async () => {
    const path = join(dir, 'BTCUSDT-trades-2025-01-01.csv');
    await writeFile(
      path,
      [
        'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match',
        '4371000001,93576.00000000,0.00100000,93.57600000,1735689600010866,true,true',
        '4371000002,93577.01000000,0.00200000,187.15402000,1735689659999999,false,true',
        '4371000003,93570.00000000,0.00300000,280.71000000,1735689720000000,true,true',
      ].join('\n') + '\n',
    );
    const run = await candles(['--input', path, '--interval', '1m', '--format', 'trades-csv']);
    expect(run.code).toBe(0);
    const ours = rows(run.stdout);
    expect(ours.map((r) => [r[0], r[6], r[8]])).toEqual([
      ['1735689600000', '1735689659999', '2'],
      ['1735689660000', '1735689719999', '0'],
      ['1735689720000', '1735689779999', '1'],
    ]);
    expect(normalise((ours[0] as string[])[4] as string)).toBe('93577.01');
    expect(normalise((ours[0] as string[])[9] as string)).toBe('0.002');
  });
});

describe('wick candles errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wick-candles-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function csv(name: string, lines: readonly string[]): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  }

  const row = (id: number, time: number, price = '0.5'): string => `${id},${price},2.00000000,${id},${id},${time},true,true`;

  it.each([
    [['--input', XRPETH, '--interval', '2m'], 'invalid --interval: unknown interval "2m"'],
    [['--input', XRPETH, '--interval', '1m', '--timezone', '+15:00'], 'invalid --timezone: time zone "+15:00" is outside'],
    [['--input', XRPETH, '--interval', '1m', '--format', 'parquet'], 'invalid --format:'],
    [['--interval', '1m'], 'missing --input'],
    [['--input', XRPETH], 'missing --interval'],
    [['--input', XRPETH, '--interval', '1m', '--intervall', '5m'], 'unknown flag --intervall'],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const run = await candles(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`wick candles: ${message}`)).toBe(true);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('prints help', async () => {
    const run = await candles(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: wick candles --input FILE --interval I');
  });

  it('reports a missing file with exit code 1', async () => {
    const path = join(dir, 'absent.csv');
    const run = await candles(['--input', path, '--interval', '1m']);
    expect(run).toEqual({ code: 1, stdout: '', stderr: `wick candles: ${path}: cannot read the file (no such file)\n` });
  });

  it('stops at a malformed row with its file, line and reason', async () => {
    const path = await csv('bad.csv', [row(1, 1570752011620), row(2, 1570752071620), '3,0.5,2,3,3,1570752131620,maybe,true', row(4, 1570752191620)]);
    const run = await candles(['--input', path, '--interval', '1m']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wick candles: ${path}:3: is_buyer_maker "maybe" is not true or false\n`);
  });

  it('skips malformed rows with --skip-bad and reports how many', async () => {
    const path = await csv('skip.csv', [row(1, 1570752011620), 'garbage', row(2, 1570752071620), '3,x,2,3,3,1570752131620,true,true', row(4, 1570752191620)]);
    const run = await candles(['--input', path, '--interval', '1m', '--skip-bad']);
    expect(run.code).toBe(0);
    expect(rows(run.stdout).map((r) => r[8])).toEqual(['1', '1', '0', '1']);
    expect(run.stderr).toBe(`wick candles: skipped 2 malformed rows (first: ${path}:2: expected 7 or 8 aggTrades fields, got 1)\n`);
  });

  it('refuses a row far behind the ones before it, since its candle is already written', async () => {
    const path = await csv('late.csv', [row(1, 1570752011620), row(2, 1570752371620), row(3, 1570752012000)]);
    const run = await candles(['--input', path, '--interval', '1m']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `wick candles: ${path}:3: trade time 1570752012000 is 359620 ms before an earlier row's; rows must be in time order (within 60000 ms)\n`,
    );
    const skipped = await candles(['--input', path, '--interval', '1m', '--skip-bad']);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('skipped 1 malformed row (first:');
  });

  it('accepts rows slightly out of time order', async () => {
    const path = await csv('jitter.csv', [row(1, 1570752059990, '0.4'), row(2, 1570752060010, '0.6'), row(3, 1570752059995, '0.5')]);
    const ours = rows((await candles(['--input', path, '--interval', '1m'])).stdout);
    expect(ours.map((r) => [r[0], normalise(r[4] as string), r[8]])).toEqual([
      ['1570752000000', '0.5', '2'],
      ['1570752060000', '0.6', '1'],
    ]);
  });

  it('counts a repeated trade once and says so', async () => {
    const path = await csv('dup.csv', [row(1, 1570752011620), row(2, 1570752012620), row(2, 1570752012620), row(3, 1570752071620)]);
    const run = await candles(['--input', path, '--interval', '1m']);
    expect(run.code).toBe(0);
    expect(rows(run.stdout).map((r) => r[8])).toEqual(['2', '1']);
    expect(run.stderr).toBe('wick candles: 1 row repeats trade ids counted before; counted once\n');
  });

  it('reports rows the engine cannot count exactly with their line', async () => {
    const overlap = await csv('overlap.csv', [row(1, 1570752011620), '2,0.5,2,1,2,1570752012620,true,true']);
    const run = await candles(['--input', overlap, '--interval', '1m']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wick candles: ${overlap}:2: trade ids 1..2 of UNKNOWN partly overlap trades counted before\n`);
    const precise = await csv('precise.csv', [row(1, 1570752011620), row(2, 1570752012620, '0.123456789')]);
    const tooPrecise = await candles(['--input', precise, '--interval', '1m', '--skip-bad']);
    expect(tooPrecise.code).toBe(0);
    expect(rows(tooPrecise.stdout).map((r) => r[8])).toEqual(['1']);
    expect(tooPrecise.stderr).toBe(
      `wick candles: skipped 1 malformed row (first: ${precise}:2: price "0.123456789" has more than 8 significant decimal places)\n`,
    );
  });

  it('says so when the input holds no trades', async () => {
    const path = await csv('BTCUSDT-aggTrades-empty.csv', ['agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match']);
    const run = await candles(['--input', path, '--interval', '1m']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: `wick candles: no trades in ${path}; no candles written\n` });
  });
});
