// The simulator's Prometheus metrics: what it sent, to how many
// connections, which faults it injected, and what the REST side answered.
import { createCounter, createGauge, type Counter, type Gauge, type Registry } from '../../common/metrics/index.js';

export type DisconnectReason =
  | 'client'
  | 'dropped'
  | 'server-shutdown'
  | 'lifetime'
  | 'pong-timeout'
  | 'too-many-requests'
  | 'too-many-streams'
  | 'slow-client'
  | 'closing';

export interface SimulatorMetrics {
  readonly framesSent: Counter<'kind'>;
  readonly framesDropped: Counter<'kind'>;
  readonly pings: Counter;
  readonly connections: Gauge;
  readonly connectionsOpened: Counter;
  readonly connectionsRefused: Counter;
  readonly disconnects: Counter<'reason'>;
  readonly faults: Counter<'fault'>;
  readonly tradesPublished: Counter<'symbol'>;
  readonly restRequests: Counter<'route' | 'status'>;
}

export function createSimulatorMetrics(registry: Registry): SimulatorMetrics {
  return {
    framesSent: createCounter(registry, { name: 'wick_simulator_frames_sent_total', help: 'Frames sent to WebSocket clients, by kind.', labelNames: ['kind'] }),
    framesDropped: createCounter(registry, {
      name: 'wick_simulator_frames_dropped_total',
      help: 'Frames not sent because the connection was stalled or closing, by kind.',
      labelNames: ['kind'],
    }),
    pings: createCounter(registry, { name: 'wick_simulator_pings_total', help: 'Ping frames sent.' }),
    connections: createGauge(registry, { name: 'wick_simulator_connections', help: 'Open WebSocket connections.' }),
    connectionsOpened: createCounter(registry, { name: 'wick_simulator_connections_opened_total', help: 'WebSocket connections accepted.' }),
    connectionsRefused: createCounter(registry, { name: 'wick_simulator_connections_refused_total', help: 'WebSocket upgrades refused (fault or bad path).' }),
    disconnects: createCounter(registry, { name: 'wick_simulator_disconnects_total', help: 'WebSocket connections ended, by reason.', labelNames: ['reason'] }),
    faults: createCounter(registry, { name: 'wick_simulator_faults_total', help: 'Faults injected, by fault.', labelNames: ['fault'] }),
    tradesPublished: createCounter(registry, { name: 'wick_simulator_trades_published_total', help: 'Trades published by the replay, by symbol.', labelNames: ['symbol'] }),
    restRequests: createCounter(registry, { name: 'wick_simulator_rest_requests_total', help: 'REST requests answered, by route and status.', labelNames: ['route', 'status'] }),
  };
}

/**
 * A counter's child per label value, looked up once (prom-client hashes the
 * labels object on every inc() otherwise), whose increments within one
 * synchronous run of code reach prom-client as one: a replay as fast as
 * possible publishes hundreds of trades per turn of the event loop, and a
 * prom-client inc() costs about as much as sending a trade's frame. The sum
 * is handed over before any I/O or timer runs, so a scrape, which is
 * asynchronous, always sees every increment.
 */
export function labelledCounter<L extends string>(counter: Counter<L>, label: L): (value: string) => { inc(): void } {
  const children = new Map<string, CoalescedIncrements>();
  return (value) => {
    let child = children.get(value);
    if (child === undefined) {
      child = new CoalescedIncrements(counter.labels({ [label]: value } as Partial<Record<L, string>>));
      children.set(value, child);
    }
    return child;
  };
}

class CoalescedIncrements {
  private pending = 0;
  private readonly flush = () => {
    const count = this.pending;
    this.pending = 0;
    this.target.inc(count);
  };

  constructor(private readonly target: { inc(value: number): void }) {}

  inc(): void {
    if (this.pending++ === 0) process.nextTick(this.flush);
  }
}
