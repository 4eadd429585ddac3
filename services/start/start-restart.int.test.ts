// Stop and start again on the same data directory, in the middle of a
// replay: the second process must resume where the first stopped, so that
// once the replay has ended every candle of every symbol equals what the
// offline builder makes from the whole recording, field for field: no trade
// lost across the restart, none counted twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandleService } from '../../common/gen/wick/v1/candle_service_pb.js';
import { lastTrades } from '../web/testing/recording-facts.js';
import { klineRow, referenceRows } from './testing/reference-candles.js';
import { RECORDING, RECORDING_ARGUMENT, startWick, type WickStart } from './testing/wick-start-process.js';

const ARGS = ['--source', `simulate:${RECORDING_ARGUMENT}`, '--replay-speed', '10'];
const INTERVALS = ['1m', '5m'] as const;

describe('wick start: stop and start again on the same data directory', () => {
  let dataDir: string;
  const running: WickStart[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wick-restart-'));
  });

  afterAll(async () => {
    for (const wick of running) if (wick.child.exitCode === null) await wick.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function api(wick: WickStart) {
    return createClient(CandleService, createConnectTransport({ baseUrl: wick.url, httpVersion: '1.1' }));
  }

  it('resumes mid-replay with no candle lost or counted twice', { timeout: 90_000 }, async () => {
    const last = lastTrades(RECORDING);
    const btcLast = last.get('BTCUSDT')!.lastTradeId;

    const first = await startWick(['--data-dir', dataDir, ...ARGS], { readyWithinMs: 30_000 });
    running.push(first);
    // Stop once BTCUSDT has trades counted, long before its last one.
    let counted = 0n;
    await expect.poll(async () => {
      const { candles } = await api(first).getCandles({ symbol: 'BTCUSDT', interval: '1m', includePartial: true, limit: 5 });
      counted = candles.reduce((sum, candle) => sum + candle.tradeCount, 0n);
      return counted;
    }, { timeout: 20_000, interval: 50 }).toBeGreaterThan(100n);
    const stopped = await first.stop();
    expect(stopped.code, first.log()).toBe(0);

    const second = await startWick(['--data-dir', dataDir, ...ARGS], { readyWithinMs: 30_000 });
    running.push(second);
    // Polled: the child's log reaches this process through a pipe, maybe after /readyz answered.
    await expect.poll(() => second.log(), { timeout: 5_000 }).toContain('restored the partition from its checkpoint');
    // The replay goes on from where the saved state ends, not from the beginning: what
    // the first process did not count reaches the second only live or through the backfill.
    await expect.poll(() => second.log(), { timeout: 5_000 }).toMatch(/"from":"2021-04-04T/);
    await expect.poll(async () => {
      const { candles } = await api(second).getCandles({ symbol: 'BTCUSDT', interval: '1m', includePartial: true, limit: 1 });
      return candles.at(-1)?.lastTradeId;
    }, { timeout: 40_000, interval: 200 }).toBe(btcLast);

    for (const [symbol, trade] of last) {
      for (const interval of INTERVALS) {
        // Each symbol's replay ends at its own pace: wait for its last trade before comparing.
        await expect.poll(async () => {
          const { candles } = await api(second).getCandles({ symbol, interval, includePartial: true, limit: 1 });
          return candles.at(-1)?.lastTradeId;
        }, { timeout: 20_000, interval: 200 }).toBe(trade.lastTradeId);
        const { candles } = await api(second).getCandles({ symbol, interval, includePartial: true, limit: 1_000 });
        expect(candles.map(klineRow), `${symbol} ${interval}`).toEqual(await referenceRows(RECORDING, symbol, interval));
      }
    }
    const ended = await second.stop();
    expect(ended.code, second.log()).toBe(0);
  });
});
