import { getEventListeners } from 'node:events';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WickError } from '../errors/index.js';
import { createMetricsRegistry } from '../metrics/index.js';
import { createRetryMetrics, isTransient, retry, type RetryOptions } from './retry.js';

function harness(overrides: Partial<RetryOptions> = {}) {
  const registry = createMetricsRegistry({ service: 'retry-test', defaultMetrics: false });
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const options: RetryOptions = {
    name: 'flaky-api',
    maxAttempts: 4,
    startingDelayMs: 5,
    maxDelayMs: 20,
    logger,
    metrics: createRetryMetrics(registry),
    ...overrides,
  };
  const counts = async () => {
    const metric = await registry.getSingleMetric('wick_retry_attempts_total')?.get();
    return Object.fromEntries((metric?.values ?? []).map((value) => [String(value.labels.outcome), value.value]));
  };
  return { options, logs, counts };
}

/** Fails `failures` times with the given error, then returns 'done'. */
function flaky(failures: number, error: () => unknown = () => new Error('ECONNRESET')) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    if (calls.length <= failures) throw error();
    return 'done';
  };
  return { fn, calls };
}

describe('retry', () => {
  it('returns at once when the first attempt succeeds', async () => {
    const { options, logs, counts } = harness();
    expect(await retry(async () => 42, options)).toBe(42);
    expect(await counts()).toEqual({ success: 1 });
    expect(logs).toEqual([]);
  });

  it('retries transient failures, logging and counting each retry', async () => {
    const { options, logs, counts } = harness();
    const { fn, calls } = flaky(2);
    expect(await retry(fn, options)).toBe('done');
    expect(calls).toEqual([1, 2, 3]);
    expect(await counts()).toEqual({ retry: 2, success: 1 });
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({ level: 40, retry: 'flaky-api', attempt: 1, maxAttempts: 4, err: { message: 'ECONNRESET' } });
    expect(logs[1]).toMatchObject({ attempt: 2, msg: 'flaky-api: attempt 2 of 4 failed, retrying' });
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { options, logs, counts } = harness({ maxAttempts: 3 });
    let n = 0;
    const { fn, calls } = flaky(10, () => new Error(`failure ${++n}`));
    await expect(retry(fn, options)).rejects.toThrow('failure 3');
    expect(calls).toEqual([1, 2, 3]);
    expect(await counts()).toEqual({ retry: 2, exhausted: 1 });
    expect(logs.at(-1)).toMatchObject({ attempt: 3, msg: 'flaky-api: giving up after 3 attempts' });
  });

  it('does not retry what retryIf rejects', async () => {
    const { options, counts } = harness({ retryIf: (error) => !(error instanceof TypeError) });
    const { fn, calls } = flaky(5, () => new TypeError('bug'));
    await expect(retry(fn, options)).rejects.toThrow('bug');
    expect(calls).toEqual([1]);
    expect(await counts()).toEqual({ not_retryable: 1 });
  });

  it('by default retries foreign and transient wick errors only', async () => {
    expect(isTransient(new Error('socket hang up'))).toBe(true);
    expect(isTransient(new WickError('unavailable', 'redis down'))).toBe(true);
    expect(isTransient(new WickError('rate_limited', '429'))).toBe(true);
    expect(isTransient(new WickError('invalid_argument', 'bad symbol'))).toBe(false);
    const { options } = harness();
    const { fn, calls } = flaky(5, () => new WickError('not_found', 'unknown symbol'));
    await expect(retry(fn, options)).rejects.toThrow('unknown symbol');
    expect(calls).toEqual([1]);
  });

  it('waits exponentially growing delays, capped by maxDelayMs', async () => {
    const { options } = harness({ maxAttempts: 5, startingDelayMs: 20, maxDelayMs: 40, jitter: 'none' });
    const times: number[] = [];
    const { fn } = flaky(4);
    await retry(async (attempt) => {
      times.push(performance.now());
      return fn(attempt);
    }, options);
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
    // 20, 40, then capped at 40, 40; timers may fire a little late, never early.
    const expected = [20, 40, 40, 40];
    expect(gaps).toHaveLength(expected.length);
    gaps.forEach((gap, index) => {
      expect(gap).toBeGreaterThanOrEqual((expected[index] ?? 0) - 2);
      expect(gap).toBeLessThan((expected[index] ?? 0) + 150);
    });
  });

  it('keeps full-jitter delays within the exponential bound', async () => {
    const { options } = harness({ maxAttempts: 6, startingDelayMs: 10, maxDelayMs: 30 });
    const started = performance.now();
    const { fn, calls } = flaky(5);
    expect(await retry(fn, options)).toBe('done');
    expect(calls).toHaveLength(6);
    // Bound: 10 + 20 + 30 + 30 + 30 = 120 ms of delay at most, plus scheduling slack.
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('stops at once when aborted during a backoff, without another attempt', async () => {
    const controller = new AbortController();
    const { options, counts } = harness({ startingDelayMs: 5_000, maxDelayMs: 5_000, jitter: 'none', signal: controller.signal });
    const { fn, calls } = flaky(10);
    const started = performance.now();
    const outcome = retry(fn, options);
    setTimeout(() => controller.abort(new Error('shutting down')), 20);
    await expect(outcome).rejects.toThrow('shutting down');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(calls).toEqual([1]);
    expect(await counts()).toEqual({ retry: 1 });
  });

  it('refuses to start when already aborted, and rejects a malformed policy', async () => {
    const { options } = harness({ signal: AbortSignal.abort(new Error('already stopped')) });
    await expect(retry(async () => 1, options)).rejects.toThrow('already stopped');
    const { options: base } = harness();
    await expect(retry(async () => 1, { ...base, maxAttempts: 0 })).rejects.toThrow('maxAttempts must be an integer >= 1');
    await expect(retry(async () => 1, { ...base, startingDelayMs: 50, maxDelayMs: 10 })).rejects.toThrow('0 <= startingDelayMs <= maxDelayMs');
  });

  it('removes its abort listener when done, so one shutdown signal serves many calls', async () => {
    const controller = new AbortController();
    const { options } = harness({ signal: controller.signal });
    for (let index = 0; index < 50; index += 1) await retry(async () => index, options);
    await retry(flaky(1).fn, options);
    await expect(retry(flaky(9).fn, { ...options, maxAttempts: 2 })).rejects.toThrow('ECONNRESET');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
