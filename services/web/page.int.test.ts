// The live candlestick page end to end: `wick start` replaying a real
// Binance recording, the page in headless Chromium. Candles must render,
// the pickers must switch the series, the chart must not be blank, and once
// the replay has ended (within the test) the last close the page shows must
// equal the API's, which must be the recording's last price.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../common/gen/wick/v1/candle_pb.js';
import { CandleService } from '../../common/gen/wick/v1/candle_service_pb.js';
import { RECORDING, RECORDING_ARGUMENT, startWick, type WickStart } from '../start/testing/wick-start-process.js';
import { buildWebPage } from './build.js';
import { launchChromium, missingChromium } from './testing/chromium.js';
import { countColours, type Rgb } from './testing/pixels.js';
import { lastTrades, type LastTrade } from './testing/recording-facts.js';

const skip = missingChromium();
const UP: Rgb = [0x26, 0xa6, 0x9a];
const DOWN: Rgb = [0xef, 0x53, 0x50];

/** A wick start of its own for a describe block, on a fresh data directory, stopped cleanly after it. */
function wickFor(args: readonly string[]): () => WickStart {
  let dataDir: string;
  let wick: WickStart | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wick-page-'));
    wick = await startWick(['--data-dir', dataDir, ...args], { readyWithinMs: 30_000 });
  }, 45_000);
  afterAll(async () => {
    const stopped = await wick?.stop();
    await rm(dataDir, { recursive: true, force: true });
    expect(stopped?.code, wick?.log()).toBe(0);
  });
  return () => wick!;
}

let browser: Browser;

beforeAll(async () => {
  if (skip !== undefined) return;
  // The page under test is the one in the sources, never an older build left in dist/.
  [browser] = await Promise.all([launchChromium(), buildWebPage()]);
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(skip !== undefined)('the page at / (headless Chromium)', () => {
  const running = wickFor(['--source', `simulate:${RECORDING_ARGUMENT}`, '--replay-speed', '10']);
  let wick: WickStart;

  beforeAll(() => {
    wick = running();
  });

  function api() {
    return createClient(CandleService, createConnectTransport({ baseUrl: wick.url, httpVersion: '1.1' }));
  }

  /** The API's newest candle of the series, once it holds the recording's last trade (the replay has ended). */
  async function finalCandle(symbol: string, interval: string, last: LastTrade): Promise<Candle> {
    let newest: Candle | undefined;
    await expect.poll(async () => {
      const { candles } = await api().getCandles({ symbol, interval, includePartial: true, limit: 1 });
      newest = candles.at(-1);
      return newest?.lastTradeId;
    }, { timeout: 25_000, interval: 200 }).toBe(last.lastTradeId);
    return newest!;
  }

  /** Waits until the page shows the series with candles, live, and returns the last close it shows. */
  async function shownClose(page: Page, symbol: string, interval: string, expected: string): Promise<string> {
    await expect.poll(() => page.locator('#last-close').textContent(), { timeout: 15_000 }).toBe(expected);
    // The last close is shown as an update arrives; the chart draws it on the
    // next animation frame (a series with no closed candle yet, such as 5m of a
    // short recording, starts empty and gets its first candle that way).
    await expect.poll(async () => Number(await page.locator('#chart').getAttribute('data-candles')), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await page.locator('#status').getAttribute('data-state')).toBe('live');
    expect(new URL(page.url()).searchParams.get('symbol')).toBe(symbol);
    expect(new URL(page.url()).searchParams.get('interval')).toBe(interval);
    return (await page.locator('#last-close').textContent()) ?? '';
  }

  it('renders live candles, switches symbol and interval, and shows the API\'s last close', { timeout: 60_000 }, async () => {
    const last = lastTrades(RECORDING);
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${wick.url}/?symbol=BTCUSDT&interval=1m`);
    await expect.poll(async () => Number(await page.locator('#chart').getAttribute('data-candles')), { timeout: 15_000 }).toBeGreaterThan(0);

    const btc = await finalCandle('BTCUSDT', '1m', last.get('BTCUSDT')!);
    expect(btc.close).toBe(last.get('BTCUSDT')!.price);
    expect(await shownClose(page, 'BTCUSDT', '1m', btc.close)).toBe(btc.close);

    await page.selectOption('#symbol', 'ETHUSDT');
    await page.selectOption('#interval', '5m');
    const eth = await finalCandle('ETHUSDT', '5m', last.get('ETHUSDT')!);
    expect(eth.close).toBe(last.get('ETHUSDT')!.price);
    expect(await shownClose(page, 'ETHUSDT', '5m', eth.close)).toBe(eth.close);

    const shot = await page.locator('#chart').screenshot({ type: 'png' });
    const [up = 0, down = 0] = await countColours(page, shot, [UP, DOWN]);
    expect(up + down, 'candle-coloured pixels in the chart screenshot').toBeGreaterThan(50);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe.skipIf(skip !== undefined)('the page, scrolled back past its history', () => {
  // 2.5 days of XRPETH trades (3,560 one-minute candles) replayed in seconds; two intervals are enough.
  const running = wickFor(['--source', 'simulate:../shared/data/binance/xrpeth-2019-10/XRPETH-aggTrades.csv', '--replay-speed', '30000', '--intervals', '1m,5m']);

  it('loads older candles when the chart is scrolled back to its oldest candle', { timeout: 60_000 }, async () => {
    const wick = running();
    const api = createClient(CandleService, createConnectTransport({ baseUrl: wick.url, httpVersion: '1.1' }));
    // More closed candles than the page asks for as history.
    await expect.poll(async () => (await api.getCandles({ symbol: 'XRPETH', interval: '1m', limit: 1_000 })).candles.length, { timeout: 40_000, interval: 500 })
      .toBe(1_000);
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    await page.goto(`${wick.url}/?symbol=XRPETH&interval=1m`);
    const shown = async () => Number(await page.locator('#chart').getAttribute('data-candles'));
    const oldest = async () => Number(await page.locator('#chart').getAttribute('data-oldest'));
    await expect.poll(shown, { timeout: 15_000 }).toBeGreaterThanOrEqual(500);
    const oldestBefore = await oldest();
    // Dragging the chart to the right scrolls back in time; live candles only ever add newer
    // ones, so candles older than the history's come from the scroll-back load.
    await expect.poll(async () => {
      await page.mouse.move(100, 300);
      await page.mouse.down();
      await page.mouse.move(900, 300, { steps: 10 });
      await page.mouse.up();
      return (oldestBefore - (await oldest())) / 60_000;
    }, { timeout: 15_000, interval: 300 }).toBeGreaterThanOrEqual(400);
    await page.close();
  });
});
