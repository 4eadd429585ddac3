// `wick simulate`: parse the command line, start the simulated exchange and
// the /metrics /healthz /readyz server, print where clients connect, and run
// until SIGTERM or SIGINT. Failures are one line on stderr: exit 2 for the
// command line, 1 for a recording or port the simulator cannot use.
import type { Writable } from 'node:stream';
import { ConfigError, LOG_LEVELS, parseCommandLine, type ConfigOf, type Environment } from '../../common/config/index.js';
import { startHttpServer, type ServiceHttpServer } from '../../common/http/index.js';
import { createLogger, type Logger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import { RecordingError } from '../../common/recordings/errors.js';
import { ShutdownCoordinator, type SignalSource } from '../../common/shutdown/index.js';
import { SimulatorError } from './errors.js';
import type { SimulatorOptions } from './options.js';
import { simulateDoc, simulateSettings } from './settings.js';
import { startSimulator, type Simulator } from './simulator.js';

export interface SimulateIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Environment;
  /** Tests pass a silent logger; the command writes JSON lines to stdout. */
  readonly logger?: Logger;
  /** Where SIGTERM/SIGINT come from; tests pass an EventEmitter. */
  readonly signals?: SignalSource;
}

type Config = ConfigOf<typeof simulateSettings>;

const PREFIX = 'wick simulate:';

export async function main(args: readonly string[], io: SimulateIo = processIo()): Promise<number> {
  let config: Config;
  try {
    const line = parseCommandLine(simulateDoc, simulateSettings, args, io.env);
    if (line.kind === 'help') {
      io.stdout.write(line.text);
      return 0;
    }
    config = line.config;
    if (config.speed !== undefined && config.asFastAsPossible) throw new ConfigError('--speed and --as-fast-as-possible exclude each other; give one');
  } catch (error) {
    if (error instanceof ConfigError) return fail(io, error.message, 2);
    throw error;
  }
  const level = LOG_LEVELS.find((name) => name === config.logLevel) ?? 'info';
  const logger = io.logger ?? createLogger({ service: config.serviceName, level });
  const registry = createMetricsRegistry({ service: config.serviceName });
  let ops: ServiceHttpServer | undefined;
  let simulator: Simulator;
  try {
    ops = await startHttpServer({ host: config.httpHost, port: config.httpPort, registry, logger });
    let started = false;
    ops.addReadinessCheck({
      name: 'simulator',
      check: async () => {
        if (!started) throw new Error('still reading the recording');
      },
    });
    simulator = await startSimulator({ ...simulatorOptions(config), registry, logger });
    started = true;
  } catch (error) {
    await ops?.close(0);
    if (error instanceof SimulatorError || error instanceof RecordingError) return fail(io, error.message, 1);
    // The ops server's own listen failure (its port taken) is as much the user's to fix.
    if (error instanceof Error && error.message.startsWith('cannot listen')) return fail(io, error.message, 1);
    throw error;
  }
  io.stdout.write(`${PREFIX} WebSocket ${simulator.url} (/ws/<stream>, /stream?streams=...), REST ${simulator.restUrl} (/api/v3/...)\n`);
  io.stdout.write(`${PREFIX} control ${simulator.restUrl}/__control/..., metrics ${ops.url}/metrics\n`);
  void simulator.replay.finished.then((progress) => {
    if (progress.error !== undefined) logger.error({ err: progress.error }, 'replay stopped: the recording could not be read');
    else logger.info(progress, 'replay finished; still serving REST and open connections');
  });
  return runUntilSignal(simulator, ops, config, logger, io.signals ?? process);
}

async function runUntilSignal(simulator: Simulator, ops: ServiceHttpServer, config: Config, logger: Logger, signals: SignalSource): Promise<number> {
  const coordinator = new ShutdownCoordinator({ timeoutMs: config.shutdownTimeout, logger, exit: () => undefined });
  coordinator.register({ phase: 'stop-intake', name: 'readiness off', run: () => ops.setDraining() });
  coordinator.register({ phase: 'drain', name: 'simulator', run: () => simulator.close() });
  coordinator.register({ phase: 'close', name: 'ops server', run: () => ops.close(1_000) });
  const stopListening = coordinator.listen(signals);
  try {
    return await coordinator.finished;
  } finally {
    stopListening();
  }
}

function simulatorOptions(config: Config): SimulatorOptions {
  return {
    input: config.input,
    format: config.format,
    symbol: config.symbol,
    host: config.host,
    port: config.port,
    speed: config.speed,
    asFastAsPossible: config.asFastAsPossible,
    loop: config.loop,
    startTime: config.startTime,
    clock: config.clock,
    startPaused: config.paused,
    ws: {
      pingIntervalMs: config.pingInterval,
      pongTimeoutMs: config.pongTimeout,
      connectionLifetimeMs: config.connectionLifetime,
      maxStreamsPerConnection: config.maxStreams,
      maxIncomingPerSecond: config.maxIncoming,
    },
    rest: { weightLimit: config.weightLimit, weightWindowMs: config.weightWindow },
    historyLimit: config.historyLimit,
    faults: {
      delayMs: config.delayFrames,
      refuseForMs: config.refuseFor,
      dropEveryMs: config.dropEvery,
      shutdownEveryMs: config.shutdownEvery,
      shutdownGraceMs: config.shutdownGrace,
      malformedEvery: config.malformedEvery,
    },
  };
}

function fail(io: SimulateIo, message: string, code: number): number {
  io.stderr.write(`${PREFIX} ${message}\n`);
  return code;
}

function processIo(): SimulateIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
