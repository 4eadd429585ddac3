// Builds a running simulator from its parts: the scanned recording, the
// replay (clock, source, replayer), the market (REST view, streams,
// klines), the faults, and the HTTP server that carries REST, the control
// endpoint and the WebSocket upgrades on one port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import { SimulatorError } from './errors.js';
import { Faults } from './faults/faults.js';
import { FaultSchedule } from './faults/fault-schedule.js';
import { CONTROL_PREFIX, createControlHandler } from './faults/control-route.js';
import { KlineStreams } from './klines/kline-streams.js';
import { listSymbols } from './listed-symbols.js';
import { Market } from './market/market.js';
import { TradeStore } from './market/trade-store.js';
import { createSimulatorMetrics } from './metrics.js';
import type { SimulatorOptions } from './options.js';
import { scanRecording } from './recording/scan.js';
import { LoopShift } from './replay/loop-shift.js';
import { ReplayClock } from './replay/replay-clock.js';
import { Replayer } from './replay/replayer.js';
import { replaySource } from './replay/replay-source.js';
import { WallAnchor } from './replay/wall-anchor.js';
import { resolveOptions } from './resolve-options.js';
import { createRestHandler } from './rest/rest-api.js';
import { WeightLimiter } from './rest/weight-limiter.js';
import type { Simulator } from './simulator.js';
import { Connections } from './ws/connections.js';
import { StreamHub } from './ws/stream-hub.js';
import { StreamServer } from './ws/stream-server.js';

/** Closed klines and throttled kline updates are checked this often (wall ms). */
const KLINE_TICK_MS = 50;
const GOING_AWAY = 1001;
/** On close, clients get this long to answer the close frame before their sockets are cut. */
const CLOSE_GRACE_MS = 1_000;

export async function assembleSimulator(options: SimulatorOptions): Promise<Simulator> {
  const settings = resolveOptions(options);
  const logger = options.logger ?? silentLogger();
  const registry = options.registry ?? createMetricsRegistry({ service: 'wick-simulate', defaultMetrics: false });
  const metrics = createSimulatorMetrics(registry);
  const wallNow = () => Date.now();
  const recording = await scanRecording(settings.input, { format: settings.format, symbol: settings.symbol });
  const listed = listSymbols(recording);
  const startOfReplay = settings.startTime ?? recording.firstTime;
  const assembledAt = wallNow();
  const shift = new LoopShift(recording, settings.clock === 'wall' ? assembledAt - startOfReplay : 0);

  const store = new TradeStore(recording.symbols, settings.historyLimit);
  const hub = new StreamHub();
  const connections = new Connections(settings.ws, wallNow);
  const market = new Market({ store, hub, metrics, backlog: () => connections.backlog() });
  const abort = new AbortController();
  const source = replaySource({ path: settings.input, format: recording.format, symbol: settings.symbol, loop: settings.loop }, abort.signal);
  const clock = new ReplayClock(wallNow, startOfReplay + shift.baseShiftMs, settings.asFastAsPossible ? 0 : settings.speed, { paused: true });
  const replayer = new Replayer(source, shift, clock, market, { asFastAsPossible: settings.asFastAsPossible, startTime: settings.startTime });
  const firstDue = await replayer.preload();
  clock.jumpTo(settings.startTime === undefined && firstDue !== undefined ? firstDue : startOfReplay + shift.baseShiftMs);
  // Wall clock mode: the timeline is anchored when the replay runs, not now (wall-anchor.ts).
  const anchor = settings.clock === 'wall' ? new WallAnchor(shift, clock, wallNow, assembledAt) : undefined;
  const pause = () => {
    replayer.pause();
    anchor?.stopped();
  };
  const resume = () => {
    anchor?.starting();
    replayer.resume();
  };

  const klines = new KlineStreams(hub, store, { now: () => clock.now(), watermark: () => replayer.watermark() }, settings.ws);
  market.addListener(klines);
  const streamSymbols = new Map(recording.symbols.map((symbol) => [symbol.symbol.toLowerCase(), { symbol: symbol.symbol, kind: symbol.kind }]));
  const faults = new Faults(
    { connections: () => connections.list(), simNow: () => clock.now(), lastTrade: (symbol) => market.lastTrade(symbol), symbolOf: (name) => streamSymbols.get(name) },
    metrics,
    wallNow,
  );
  const schedule = new FaultSchedule(faults, settings.faults);
  market.addListener(schedule);

  const limiter = new WeightLimiter(settings.rest.weightLimit, settings.rest.weightWindowMs, wallNow);
  const rest = createRestHandler({ store, listed, limiter, simNow: () => clock.now(), metrics, logger });
  const replayState = () => ({ paused: clock.isPaused, now: clock.now(), ...replayer.progress() });
  const control = createControlHandler(faults, { pause, resume, state: replayState });
  const server = createServer((request, response) => {
    const handled = (request.url ?? '/').startsWith(CONTROL_PREFIX) ? control(request, response) : rest(request, response);
    void Promise.resolve(handled).catch((error: unknown) => {
      logger.error({ err: error }, 'simulator request failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const streams = new StreamServer(server, { hub, limits: settings.ws, gate: faults, metrics, logger, wallNow, connections, upgrades: faults });
  try {
    await listen(server, settings.host, settings.port);
  } catch (error) {
    await replayer.stop();
    connections.dispose();
    throw error;
  }

  const klineTimer = setInterval(() => klines.tick(), KLINE_TICK_MS);
  schedule.start();
  if (!settings.startPaused) resume();
  replayer.start();
  const port = (server.address() as AddressInfo).port;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  logger.info({ port, symbols: recording.symbols.map((symbol) => symbol.symbol), trades: recording.trades }, 'simulator listening');

  let closing: Promise<void> | undefined;
  const close = async () => {
    abort.abort();
    await replayer.stop();
    clearInterval(klineTimer);
    schedule.stop();
    faults.dispose();
    connections.dispose();
    await streams.close(GOING_AWAY, 'Simulator shutting down', CLOSE_GRACE_MS);
    await closeServer(server);
  };
  return {
    url: `ws://${host}:${port}`,
    restUrl: `http://${host}:${port}`,
    port,
    recording,
    faults,
    registry,
    replay: {
      pause,
      resume,
      get paused() {
        return clock.isPaused;
      },
      now: () => clock.now(),
      progress: () => replayer.progress(),
      finished: replayer.finished,
    },
    connections: () => connections.size,
    close: () => (closing ??= close()),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new SimulatorError('bad-option', `cannot listen on ${host}:${port} (${error.code ?? error.message})`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
