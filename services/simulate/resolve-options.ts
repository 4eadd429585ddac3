// Options with their defaults filled in and their ranges checked, so the
// rest of the simulator works with plain, valid values.
import { SimulatorError } from './errors.js';
import {
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_REST_LIMITS,
  DEFAULT_WS_LIMITS,
  type ClockMode,
  type RestLimits,
  type SimulatorOptions,
  type StartFaults,
  type WsLimits,
} from './options.js';

export interface ResolvedOptions {
  readonly input: string;
  readonly format: SimulatorOptions['format'];
  readonly symbol: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly speed: number;
  readonly asFastAsPossible: boolean;
  readonly loop: boolean;
  readonly startTime: number | undefined;
  readonly clock: ClockMode;
  readonly startPaused: boolean;
  readonly ws: WsLimits;
  readonly rest: RestLimits;
  readonly historyLimit: number;
  readonly faults: StartFaults;
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const ws = { ...DEFAULT_WS_LIMITS, ...options.ws };
  const rest = { ...DEFAULT_REST_LIMITS, ...options.rest };
  for (const [name, value] of Object.entries({ ...ws, ...rest })) positive(name, value);
  const speed = options.speed ?? 1;
  positive('speed', speed);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) bad(`port must be 0..65535, got ${port}`);
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  if (!Number.isInteger(historyLimit) || historyLimit < 1) bad(`historyLimit must be a positive integer, got ${historyLimit}`);
  if (options.startTime !== undefined && !Number.isSafeInteger(options.startTime)) bad(`startTime must be epoch milliseconds, got ${options.startTime}`);
  const faults = options.faults ?? {};
  for (const [name, value] of Object.entries(faults)) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) bad(`faults.${name} must be a number >= 0, got ${String(value)}`);
  }
  return {
    input: options.input,
    format: options.format,
    symbol: options.symbol,
    host: options.host ?? '127.0.0.1',
    port,
    speed,
    asFastAsPossible: options.asFastAsPossible ?? false,
    loop: options.loop ?? false,
    startTime: options.startTime,
    clock: options.clock ?? 'recorded',
    startPaused: options.startPaused ?? false,
    ws,
    rest,
    historyLimit,
    faults,
  };
}

function positive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) bad(`${name} must be a number > 0, got ${value}`);
}

function bad(message: string): never {
  throw new SimulatorError('bad-option', message);
}
