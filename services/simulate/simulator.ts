// The Binance simulator's programmatic API. A test (or `wick simulate`)
// starts one on a port, points a Binance client at `url` (streams) and
// `restUrl` (REST), injects faults through `faults`, steers the replay
// through `replay`, and closes it:
//
//   const simulator = await startSimulator({ input: 'XRPETH-aggTrades.csv', asFastAsPossible: true });
//   const ws = new WebSocket(`${simulator.url}/ws/xrpeth@aggTrade`);
//   await fetch(`${simulator.restUrl}/api/v3/aggTrades?symbol=XRPETH&fromId=0`);
//   simulator.faults.dropConnections();
//   await simulator.replay.finished;
//   await simulator.close();
import type { Registry } from 'prom-client';
import type { SimulatorFaults } from './faults/fault-types.js';
import { assembleSimulator } from './assemble.js';
import type { SimulatorOptions } from './options.js';
import type { RecordingSummary } from './recording/summary.js';
import type { ReplayProgress } from './replay/replayer.js';

export type { SimulatorOptions, StartFaults, WsLimits, RestLimits, ClockMode } from './options.js';
export type { SimulatorFaults, MalformedKind, RefuseMode, FaultState } from './faults/fault-types.js';
export type { RecordingSummary, SymbolSummary, TradeKind } from './recording/summary.js';
export type { ReplayProgress } from './replay/replayer.js';
export { SimulatorError } from './errors.js';

export interface ReplayControl {
  /** Freezes the simulated clock: nothing is published until resume(). */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Simulated now (ms): what /api/v3/time answers. */
  now(): number;
  progress(): ReplayProgress;
  /** Settles when the recording has been replayed (with `loop`, only once the simulator closes). */
  readonly finished: Promise<ReplayProgress>;
}

export interface Simulator {
  /** WebSocket base, as wss://stream.binance.com:9443 is Binance's: append /ws/<stream> or /stream?streams=... */
  readonly url: string;
  /** REST base, as https://api.binance.com is Binance's: append /api/v3/... */
  readonly restUrl: string;
  readonly port: number;
  /** What the recording holds (symbols, kinds, id and time ranges). */
  readonly recording: RecordingSummary;
  readonly faults: SimulatorFaults;
  readonly replay: ReplayControl;
  /** The simulator's metrics (frames, connections, faults, trades, REST). */
  readonly registry: Registry;
  /** Open WebSocket connections. */
  connections(): number;
  /** Stops the replay, closes every connection (close frame 1001) and the server. */
  close(): Promise<void>;
}

/** Scans the recording, loads the history before `startTime`, listens, and starts the replay. Throws SimulatorError or RecordingError for bad input. */
export function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  return assembleSimulator(options);
}
