// Graceful shutdown. Components register steps under a phase; on SIGTERM or
// SIGINT the coordinator runs them phase by phase (stop intake, drain,
// commit, close), each bounded, the whole bounded by WICK_SHUTDOWN_TIMEOUT,
// then exits 0, or 1 when a step failed or the bound was hit. A second
// signal exits at once: an operator pressing Ctrl-C twice means it.
import { constants } from 'node:os';
import type { Logger } from 'pino';
import { WickError } from '../errors/index.js';

/**
 * Phases run in this order; within a phase, steps run in registration order.
 * stop-intake: stop taking new work (readiness off, stop feeds and consumers).
 * drain: finish work in flight. commit: persist progress (offsets, checkpoints).
 * close: release connections and flush telemetry.
 */
export const SHUTDOWN_PHASES = ['stop-intake', 'drain', 'commit', 'close'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

export interface ShutdownStep {
  readonly phase: ShutdownPhase;
  readonly name: string;
  /** Does the step's work; `signal` aborts when the step's time is up. */
  readonly run: (signal: AbortSignal) => Promise<void> | void;
  /** Bound on this step; never more than what is left of the whole budget. */
  readonly timeoutMs?: number;
}

/** What listen() needs of `process`; tests pass an EventEmitter. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface ShutdownOptions {
  /** Bound on the whole shutdown (WICK_SHUTDOWN_TIMEOUT). */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Ends the process; process.exit by default, injected by tests. */
  readonly exit?: (code: number) => void;
}

export class ShutdownCoordinator {
  private readonly steps: ShutdownStep[] = [];
  private readonly controller = new AbortController();
  private readonly exit: (code: number) => void;
  private running: Promise<number> | undefined;
  private resolveFinished: (code: number) => void = () => undefined;
  private exited = false;
  private signalled = false;

  /** Resolves with the exit code once shutdown has finished (or was forced). */
  readonly finished: Promise<number>;

  constructor(private readonly options: ShutdownOptions) {
    this.exit = options.exit ?? ((code) => process.exit(code));
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
  }

  /** Aborts when shutdown begins: long loops, retries and waits should watch it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  register(step: ShutdownStep): void {
    if (this.running !== undefined) throw new Error(`shutdown already started; cannot register step ${step.name}`);
    this.steps.push(step);
  }

  /** Shuts down on the first of `signals`, exits at once on the second. Returns a function that stops listening. */
  listen(source: SignalSource = process, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
    const handlers = signals.map((signal) => {
      const handler = () => this.onSignal(signal);
      source.on(signal, handler);
      return [signal, handler] as const;
    });
    return () => handlers.forEach(([signal, handler]) => source.off(signal, handler));
  }

  /** Runs every step once; later calls return the same outcome. */
  shutdown(reason: string): Promise<number> {
    this.running ??= this.runAll(reason);
    return this.running;
  }

  // Counts signals, not shutdowns: a shutdown the service began itself (a
  // fatal error) must still finish when the orchestrator's SIGTERM arrives.
  private onSignal(signal: NodeJS.Signals): void {
    if (!this.signalled) {
      this.signalled = true;
      void this.shutdown(`received ${signal}`);
      return;
    }
    this.options.logger.warn({ signal }, 'second signal during shutdown: exiting now');
    this.finish(128 + (constants.signals[signal] ?? 0));
  }

  private async runAll(reason: string): Promise<number> {
    const { logger, timeoutMs } = this.options;
    logger.info({ reason, timeoutMs, steps: this.steps.length }, 'shutting down');
    this.controller.abort(new WickError('cancelled', `shutting down: ${reason}`));
    const deadline = Date.now() + timeoutMs;
    const overall = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown exceeded its time bound; exiting');
      this.finish(1);
    }, timeoutMs);
    let failures: number;
    try {
      failures = await this.runSteps(deadline);
    } finally {
      clearTimeout(overall);
    }
    const code = failures === 0 ? 0 : 1;
    if (!this.exited) logger.info({ code, failures }, 'shutdown complete');
    this.finish(code);
    return this.finished;
  }

  /** Runs the steps in order until done or out of time; returns how many failed (skipped ones count as one). */
  private async runSteps(deadline: number): Promise<number> {
    const steps = this.ordered();
    let failures = 0;
    for (const [index, step] of steps.entries()) {
      if (this.exited) break;
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) {
        this.logBoundHit(steps.slice(index));
        return failures + 1;
      }
      const outcome = await this.runStep(step, remainingMs);
      if (outcome === 'budget-spent') {
        if (!this.exited) this.logBoundHit(steps.slice(index + 1));
        return failures + 1;
      }
      if (outcome !== 'done') failures += 1;
    }
    return failures;
  }

  private ordered(): ShutdownStep[] {
    const rank = (step: ShutdownStep) => SHUTDOWN_PHASES.indexOf(step.phase);
    // Array.prototype.sort is stable, so registration order holds within a phase.
    return [...this.steps].sort((a, b) => rank(a) - rank(b));
  }

  private logBoundHit(skipped: readonly ShutdownStep[]): void {
    const names = skipped.map((step) => step.name);
    this.options.logger.error({ timeoutMs: this.options.timeoutMs, skipped: names }, 'shutdown exceeded its time bound; exiting');
  }

  /** `budget-spent`: the step ran out of the whole shutdown's time, so no later step can run. */
  private async runStep(step: ShutdownStep, remainingMs: number): Promise<'done' | 'failed' | 'timed-out' | 'budget-spent'> {
    const { logger } = this.options;
    const boundMs = Math.max(0, Math.min(step.timeoutMs ?? remainingMs, remainingMs));
    const controller = new AbortController();
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new WickError('timeout', `shutdown step ${step.name} exceeded ${boundMs}ms`));
        resolve('timeout');
      }, boundMs);
    });
    const fields = { phase: step.phase, step: step.name };
    try {
      const outcome = await Promise.race([Promise.resolve().then(() => step.run(controller.signal)), timedOut]);
      if (outcome === 'timeout') {
        logger.error({ ...fields, timeoutMs: boundMs }, 'shutdown step timed out');
        return boundMs === remainingMs ? 'budget-spent' : 'timed-out';
      }
      logger.info({ ...fields, ms: Date.now() - started }, 'shutdown step done');
      return 'done';
    } catch (error) {
      logger.error({ ...fields, err: error, ms: Date.now() - started }, 'shutdown step failed');
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }

  private finish(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.resolveFinished(code);
    this.exit(code);
  }
}
