// The fault injector: the state the outboxes and the upgrade handler
// consult (delay, stall, refusal) and the one-shot faults that act on the
// open connections (drop, serverShutdown, malformed frames).
import type { SimTrade } from '../market/sim-trade.js';
import type { SimulatorMetrics } from '../metrics.js';
import type { StreamConnection } from '../ws/connection.js';
import type { FrameGate } from '../ws/outbox.js';
import { serverShutdownFrame } from '../ws/payloads.js';
import type { UpgradeGate } from '../ws/stream-server.js';
import { parseStreamName } from '../ws/stream-names.js';
import type { FaultState, MalformedKind, RefuseMode, SimulatorFaults } from './fault-types.js';
import { malformedText } from './malformed.js';

export interface FaultTargets {
  connections(): readonly StreamConnection[];
  /** Simulated now, for event times. */
  simNow(): number;
  lastTrade(symbol: string): SimTrade | undefined;
  /** The recorded symbol a lower-case stream symbol stands for, with its trade kind. */
  symbolOf(streamSymbol: string): { readonly symbol: string; readonly kind: SimTrade['kind'] } | undefined;
}

const GOING_AWAY = 1001;

export class Faults implements SimulatorFaults, FrameGate, UpgradeGate {
  private delay = 0;
  private stalledUntil = 0;
  private refusingUntil = 0;
  private refuseMode: RefuseMode = 'http-503';
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly targets: FaultTargets,
    private readonly metrics: SimulatorMetrics,
    private readonly wallNow: () => number,
  ) {}

  delayMs(): number {
    return this.delay;
  }

  stalled(): boolean {
    // Asked for every frame sent: read the clock only while a stall was ever set.
    return this.stalledUntil !== 0 && this.stalledUntil > this.wallNow();
  }

  refusal(): RefuseMode | undefined {
    return this.refusingUntil > this.wallNow() ? this.refuseMode : undefined;
  }

  dropConnections(options: { readonly abrupt?: boolean } = {}): number {
    const connections = this.targets.connections();
    this.count('drop');
    for (const connection of connections) {
      if (options.abrupt === false) connection.close(GOING_AWAY, 'Connection dropped', 'dropped');
      else connection.terminate('dropped');
    }
    return connections.length;
  }

  delayFrames(ms: number): void {
    this.count('delay');
    this.delay = nonNegative('delay', ms);
  }

  serverShutdown(options: { readonly graceMs?: number } = {}): number {
    const graceMs = nonNegative('graceMs', options.graceMs ?? 1_000);
    const connections = this.targets.connections();
    this.count('server-shutdown');
    const frame = serverShutdownFrame(this.targets.simNow());
    for (const connection of connections) connection.deliver(frame);
    this.later(graceMs, () => {
      for (const connection of connections) connection.close(GOING_AWAY, 'Server shutdown', 'server-shutdown');
    });
    return connections.length;
  }

  sendMalformed(kind: MalformedKind, options: { readonly count?: number; readonly symbol?: string } = {}): number {
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
    this.count(`malformed-${kind}`);
    let sent = 0;
    const eventTime = this.targets.simNow();
    for (const connection of this.targets.connections()) {
      for (const stream of connection.subscriptions()) {
        const target = this.tradeStream(stream, options.symbol);
        if (target === undefined) continue;
        const text = malformedText(kind, { ...target, stream, combined: connection.isCombined }, this.targets.lastTrade(target.symbol), eventTime);
        for (let i = 0; i < count; i++) connection.sendText(text, 'malformed');
        sent += count;
      }
    }
    return sent;
  }

  refuseConnections(ms: number, options: { readonly mode?: RefuseMode } = {}): void {
    this.count('refuse');
    this.refusingUntil = this.wallNow() + nonNegative('ms', ms);
    this.refuseMode = options.mode ?? 'http-503';
  }

  stall(ms: number): void {
    this.count('stall');
    this.stalledUntil = this.wallNow() + nonNegative('ms', ms);
  }

  clear(): void {
    this.delay = 0;
    this.stalledUntil = 0;
    this.refusingUntil = 0;
  }

  state(): FaultState {
    const now = this.wallNow();
    return {
      delayMs: this.delay,
      stalledUntil: this.stalledUntil > now ? this.stalledUntil : 0,
      refusingUntil: this.refusingUntil > now ? this.refusingUntil : 0,
      refuseMode: this.refuseMode,
    };
  }

  /** Cancels pending closes (serverShutdown graces). */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private tradeStream(stream: string, onlySymbol: string | undefined): { symbol: string; kind: SimTrade['kind'] } | undefined {
    const name = parseStreamName(stream);
    if (name === undefined || (name.type !== 'aggTrade' && name.type !== 'trade')) return undefined;
    const found = this.targets.symbolOf(name.symbol);
    if (found === undefined || found.kind !== name.type) return undefined;
    if (onlySymbol !== undefined && found.symbol !== onlySymbol) return undefined;
    return found;
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private count(fault: string): void {
    this.metrics.faults.inc({ fault });
  }
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  return value;
}
