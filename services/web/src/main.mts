// The live candlestick page: pickers, chart, status badge and last price,
// fed by one StreamCandles subscription at a time. Scrolling back to the
// oldest candle loads the page of closed candles before it (GetCandles).
import type { Candle } from '../../../common/gen/wick/v1/candle_pb.js';
import { candleClient, candlesBefore, listSymbols, type SymbolChoice } from './api.mjs';
import { followCandles } from './candle-feed.mjs';
import { ChartView } from './chart-view.mjs';
import { choiceFromAddress, fillPickers, rememberChoice, type Choice } from './pickers.mjs';
import { showStatus } from './status-badge.mjs';

const HISTORY = 500;
const OLDER_PAGE = 500;
const SYMBOLS_RETRY_MS = 1_000;

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page lacks #${id}`);
  return found as T;
};

const symbolPicker = element<HTMLSelectElement>('symbol');
const intervalPicker = element<HTMLSelectElement>('interval');
const status = element('status');
const lastClose = element<HTMLOutputElement>('last-close');
const notice = element('notice');
const client = candleClient(window.location.origin);
const chart = new ChartView(element('chart'));

let symbols: SymbolChoice[] = [];
let choice: Choice = choiceFromAddress(window.location);
let following: AbortController | undefined;
let loadingOlder = false;
let noOlder = false;

function showLast(candle: Candle | undefined): void {
  lastClose.value = candle === undefined ? '-' : candle.close;
  lastClose.dataset.openTime = candle === undefined ? '' : String(candle.openTime);
}

function follow(next: Choice): void {
  following?.abort();
  const controller = new AbortController();
  following = controller;
  choice = next;
  noOlder = false;
  rememberChoice(choice);
  chart.reset([]);
  showLast(undefined);
  void followCandles(client, { ...choice, history: HISTORY }, {
    history: (candles) => {
      chart.reset(candles);
      showLast(candles.at(-1));
    },
    update: (candle) => {
      chart.update(candle);
      if (lastClose.dataset.openTime === '' || BigInt(lastClose.dataset.openTime ?? '0') <= candle.openTime) showLast(candle);
    },
    state: (state, detail) => showStatus(status, state, detail),
  }, controller.signal);
}

async function loadOlder(): Promise<void> {
  const oldest = chart.oldestOpenTime;
  if (loadingOlder || noOlder || oldest === undefined) return;
  loadingOlder = true;
  const asked = choice;
  try {
    const older = await candlesBefore(client, asked.symbol, asked.interval, oldest, OLDER_PAGE);
    if (asked !== choice) return;
    if (older.length === 0) noOlder = true;
    else chart.merge(older);
  } catch (error) {
    showStatus(status, 'error', `loading older candles failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    loadingOlder = false;
  }
}

async function start(): Promise<void> {
  // A new data directory has no series until the first trades are counted.
  while (symbols.length === 0) {
    try {
      symbols = await listSymbols(client);
    } catch (error) {
      showStatus(status, 'error', error instanceof Error ? error.message : String(error));
    }
    if (symbols.length > 0) break;
    notice.hidden = false;
    notice.textContent = 'Waiting for the first trades...';
    await new Promise((resolve) => setTimeout(resolve, SYMBOLS_RETRY_MS));
  }
  notice.hidden = true;
  follow(fillPickers(symbolPicker, intervalPicker, symbols, choice));
}

symbolPicker.addEventListener('change', () => follow(fillPickers(symbolPicker, intervalPicker, symbols, { symbol: symbolPicker.value, interval: choice.interval })));
intervalPicker.addEventListener('change', () => follow({ symbol: choice.symbol, interval: intervalPicker.value }));
chart.onScrolledBack(() => void loadOlder());
void start();
