// Faults given at start (flags): some apply once (delay, refusal), some
// repeat on a timer (drops, serverShutdown), and malformed frames follow
// the trades (after every n-th trade published, one on that trade's
// stream, alternately cut-off JSON and wrong types).
import type { TradeListener } from '../market/market.js';
import type { SimTrade } from '../market/sim-trade.js';
import type { StartFaults } from '../options.js';
import { DEFAULT_SHUTDOWN_GRACE_MS } from '../options.js';
import type { MalformedKind, SimulatorFaults } from './fault-types.js';

export class FaultSchedule implements TradeListener {
  private readonly timers: NodeJS.Timeout[] = [];
  private trades = 0;
  private nextMalformed: MalformedKind = 'invalid-json';

  constructor(
    private readonly faults: SimulatorFaults,
    private readonly plan: StartFaults,
  ) {}

  start(): void {
    const { delayMs, refuseForMs, dropEveryMs, shutdownEveryMs } = this.plan;
    if (delayMs !== undefined && delayMs > 0) this.faults.delayFrames(delayMs);
    if (refuseForMs !== undefined && refuseForMs > 0) this.faults.refuseConnections(refuseForMs);
    if (dropEveryMs !== undefined && dropEveryMs > 0) this.every(dropEveryMs, () => this.faults.dropConnections());
    if (shutdownEveryMs !== undefined && shutdownEveryMs > 0) {
      const graceMs = this.plan.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
      this.every(shutdownEveryMs, () => this.faults.serverShutdown({ graceMs }));
    }
  }

  onTrade(trade: SimTrade): void {
    const every = this.plan.malformedEvery;
    if (every === undefined || every <= 0 || ++this.trades % every !== 0) return;
    this.faults.sendMalformed(this.nextMalformed, { symbol: trade.symbol });
    this.nextMalformed = this.nextMalformed === 'invalid-json' ? 'wrong-types' : 'invalid-json';
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }

  private every(ms: number, action: () => void): void {
    this.timers.push(setInterval(action, ms));
  }
}
