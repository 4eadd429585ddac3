import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ShutdownCoordinator, type ShutdownOptions } from './coordinator.js';

function harness(overrides: Partial<ShutdownOptions> = {}) {
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
  const exits: number[] = [];
  const coordinator = new ShutdownCoordinator({ timeoutMs: 1_000, logger, exit: (code) => exits.push(code), ...overrides });
  return { coordinator, logs, exits };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('ShutdownCoordinator', () => {
  it('runs steps phase by phase, in registration order within a phase, then exits 0', async () => {
    const { coordinator, exits, logs } = harness();
    const order: string[] = [];
    const step = (name: string) => async () => {
      await sleep(1);
      order.push(name);
    };
    coordinator.register({ phase: 'close', name: 'close kafka', run: step('close kafka') });
    coordinator.register({ phase: 'stop-intake', name: 'stop consumer', run: step('stop consumer') });
    coordinator.register({ phase: 'commit', name: 'commit offsets', run: step('commit offsets') });
    coordinator.register({ phase: 'drain', name: 'drain batches', run: step('drain batches') });
    coordinator.register({ phase: 'close', name: 'close redis', run: step('close redis') });
    coordinator.register({ phase: 'stop-intake', name: 'readiness off', run: () => void order.push('readiness off') });

    expect(await coordinator.shutdown('test')).toBe(0);
    expect(order).toEqual(['stop consumer', 'readiness off', 'drain batches', 'commit offsets', 'close kafka', 'close redis']);
    expect(exits).toEqual([0]);
    expect(await coordinator.finished).toBe(0);
    expect(logs.map((line) => line.msg)).toEqual([
      'shutting down',
      ...Array.from({ length: 6 }, () => 'shutdown step done'),
      'shutdown complete',
    ]);
    expect(logs[1]).toMatchObject({ phase: 'stop-intake', step: 'stop consumer' });
  });

  it('aborts its signal when shutdown begins', async () => {
    const { coordinator } = harness();
    expect(coordinator.signal.aborted).toBe(false);
    let seenAborted = false;
    coordinator.register({ phase: 'drain', name: 'check', run: () => void (seenAborted = coordinator.signal.aborted) });
    await coordinator.shutdown('test');
    expect(seenAborted).toBe(true);
  });

  it('continues after a failed step and exits 1', async () => {
    const { coordinator, exits, logs } = harness();
    const order: string[] = [];
    coordinator.register({ phase: 'commit', name: 'commit', run: () => Promise.reject(new Error('redis gone')) });
    coordinator.register({ phase: 'close', name: 'close', run: () => void order.push('close') });
    expect(await coordinator.shutdown('test')).toBe(1);
    expect(order).toEqual(['close']);
    expect(exits).toEqual([1]);
    expect(logs.find((line) => line.msg === 'shutdown step failed')).toMatchObject({ step: 'commit', err: { message: 'redis gone' } });
  });

  it('treats a synchronous throw like a rejection', async () => {
    const { coordinator } = harness();
    coordinator.register({
      phase: 'close',
      name: 'sync',
      run: () => {
        throw new Error('sync failure');
      },
    });
    expect(await coordinator.shutdown('test')).toBe(1);
  });

  it('bounds a step by its own timeout, aborting its signal, and moves on', async () => {
    const { coordinator, exits, logs } = harness();
    let stepSignal: AbortSignal | undefined;
    const order: string[] = [];
    coordinator.register({
      phase: 'drain',
      name: 'stuck drain',
      timeoutMs: 30,
      run: (signal) => {
        stepSignal = signal;
        return new Promise(() => undefined);
      },
    });
    coordinator.register({ phase: 'close', name: 'close', run: () => void order.push('close') });
    const started = Date.now();
    expect(await coordinator.shutdown('test')).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
    expect(stepSignal?.aborted).toBe(true);
    expect(order).toEqual(['close']);
    expect(exits).toEqual([1]);
    expect(logs.find((line) => line.msg === 'shutdown step timed out')).toMatchObject({ step: 'stuck drain', timeoutMs: 30 });
  });

  it('exits 1 when the whole shutdown exceeds its bound, skipping the remaining steps', async () => {
    const { coordinator, exits, logs } = harness({ timeoutMs: 60 });
    const order: string[] = [];
    coordinator.register({ phase: 'drain', name: 'slow', run: () => sleep(40).then(() => void order.push('slow')) });
    coordinator.register({ phase: 'commit', name: 'slower', run: () => sleep(500).then(() => void order.push('slower')) });
    coordinator.register({ phase: 'close', name: 'never reached', run: () => void order.push('never reached') });
    const started = Date.now();
    void coordinator.shutdown('test');
    expect(await coordinator.finished).toBe(1);
    expect(Date.now() - started).toBeLessThan(400);
    await sleep(30);
    expect(exits).toEqual([1]);
    expect(order).toEqual(['slow']);
    expect(logs.filter((line) => line.msg === 'shutdown exceeded its time bound; exiting')).toHaveLength(1);
  });

  it('starts on the first signal and forces exit on the second', async () => {
    const { coordinator, exits, logs } = harness();
    const signals = new EventEmitter();
    const stopListening = coordinator.listen(signals);
    let release: () => void = () => undefined;
    coordinator.register({ phase: 'drain', name: 'long drain', run: () => new Promise<void>((resolve) => (release = resolve)) });

    signals.emit('SIGTERM');
    await sleep(10);
    expect(exits).toEqual([]);
    signals.emit('SIGINT');
    expect(exits).toEqual([130]);
    expect(await coordinator.finished).toBe(130);
    expect(logs.some((line) => line.msg === 'second signal during shutdown: exiting now' && line.signal === 'SIGINT')).toBe(true);

    release();
    await sleep(5);
    expect(exits).toEqual([130]);
    stopListening();
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('lets a shutdown begun by the service finish when the first signal arrives', async () => {
    const { coordinator, exits } = harness();
    const signals = new EventEmitter();
    coordinator.listen(signals);
    coordinator.register({ phase: 'commit', name: 'commit', run: () => sleep(20) });
    const outcome = coordinator.shutdown('consumer crashed');
    signals.emit('SIGTERM');
    expect(await outcome).toBe(0);
    expect(exits).toEqual([0]);
  });

  it('runs once however often it is asked', async () => {
    const { coordinator, exits } = harness();
    let runs = 0;
    coordinator.register({ phase: 'close', name: 'count', run: () => void (runs += 1) });
    const [first, second] = await Promise.all([coordinator.shutdown('a'), coordinator.shutdown('b')]);
    expect([first, second, runs, exits]).toEqual([0, 0, 1, [0]]);
    expect(() => coordinator.register({ phase: 'close', name: 'late', run: () => undefined })).toThrow('shutdown already started');
  });
});
