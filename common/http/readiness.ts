// Readiness: every registered dependency check runs in parallel, each
// bounded by a timeout, and the report names the ones that failed. Probes
// that arrive while a run is in flight share it, so a slow dependency and a
// busy prober cannot pile up checks.

export interface ReadinessCheck {
  /** The dependency, as the report names it: `kafka`, `redis`, `postgres`. */
  readonly name: string;
  /** Resolves when the dependency is usable, rejects with the reason when not; should stop when `signal` aborts. */
  check(signal: AbortSignal): Promise<void>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  /** `ok`, or why the check failed. */
  readonly checks: Readonly<Record<string, string>>;
  readonly failing: readonly string[];
}

export class Readiness {
  private readonly checks: ReadinessCheck[] = [];
  private inFlight: Promise<ReadinessReport> | undefined;

  constructor(private readonly timeoutMs: number) {}

  add(check: ReadinessCheck): void {
    if (this.checks.some((existing) => existing.name === check.name)) {
      throw new Error(`readiness check ${check.name} is registered twice`);
    }
    this.checks.push(check);
  }

  run(): Promise<ReadinessReport> {
    this.inFlight ??= this.runAll().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async runAll(): Promise<ReadinessReport> {
    const outcomes = await Promise.all(this.checks.map(async (check) => [check.name, await this.runOne(check)] as const));
    const failing = outcomes.filter(([, outcome]) => outcome !== 'ok').map(([name]) => name);
    return { ready: failing.length === 0, checks: Object.fromEntries(outcomes), failing };
  }

  private async runOne(check: ReadinessCheck): Promise<string> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve(`timed out after ${this.timeoutMs}ms`);
      }, this.timeoutMs);
    });
    const outcome = check.check(controller.signal).then(
      () => 'ok',
      (error: unknown) => `failed: ${describeError(error)}`,
    );
    try {
      return await Promise.race([outcome, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** First line of the error message, bounded, so a report stays readable. */
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0] ?? '';
  return firstLine.length > 200 ? `${firstLine.slice(0, 197)}...` : firstLine || 'unknown error';
}
