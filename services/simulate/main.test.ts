// `wick simulate` as a command: help, one-line errors with their exit
// codes, and a run that prints where to connect, serves, exposes metrics
// and shuts down cleanly on SIGTERM.
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/log/index.js';
import { main, type SimulateIo } from './main.js';
import { temporaryFile, XRPETH_AGG_TRADES } from './testing/paths.js';

interface Captured {
  readonly io: SimulateIo;
  readonly signals: EventEmitter;
  stdout(): string;
  stderr(): string;
}

function capture(): Captured {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  const signals = new EventEmitter();
  return {
    io: { stdout, stderr, env: {}, logger: silentLogger(), signals },
    signals,
    stdout: () => out,
    stderr: () => err,
  };
}

describe('wick simulate', () => {
  it('prints its help', async () => {
    const run = capture();
    expect(await main(['--help'], run.io)).toBe(0);
    expect(run.stdout()).toContain('Usage: wick simulate --input FILE');
    expect(run.stdout()).toContain('--as-fast-as-possible');
    expect(run.stdout()).toContain('--malformed-every');
  });

  it('rejects a bad command line in one line with exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [[], 'wick simulate: missing --input (WICK_SIMULATE_INPUT): a value is required\n'],
      [['--input', 'x', '--speed', '2', '--as-fast-as-possible'], 'wick simulate: --speed and --as-fast-as-possible exclude each other; give one\n'],
      [['--input', 'x', '--speed', '0'], 'wick simulate: invalid --speed (WICK_SIMULATE_SPEED): "0" is not a number > 0\n'],
      [['--input', 'x', '--start-time', 'yesterday'], 'wick simulate: invalid --start-time: "yesterday" is neither epoch milliseconds nor an ISO 8601 time like 2019-10-11T12:00:00Z\n'],
    ];
    for (const [args, message] of cases) {
      const run = capture();
      expect(await main(args, run.io), args.join(' ')).toBe(2);
      expect(run.stderr()).toBe(message);
    }
  });

  it('rejects a recording it cannot replay in one line with exit 1', async () => {
    const missing = capture();
    expect(await main(['--input', '/nonexistent/trades.csv', '--port', '0', '--http-port', '0'], missing.io)).toBe(1);
    expect(missing.stderr()).toBe('wick simulate: /nonexistent/trades.csv: cannot read the file (no such file)\n');
    const file = temporaryFile('FOOBAR-aggTrades-2024-01-01.csv', '1,1.5,2,10,10,1704067200000,true,true\n');
    try {
      const unknown = capture();
      expect(await main(['--input', file.path, '--port', '0', '--http-port', '0'], unknown.io)).toBe(1);
      expect(unknown.stderr()).toBe(`wick simulate: ${file.path}: cannot tell the base and quote assets of FOOBAR (it ends in no known quote asset)\n`);
    } finally {
      file.remove();
    }
  });

  it('reports a port in use in one line with exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = capture();
      expect(await main(['--input', XRPETH_AGG_TRADES, '--port', String(port), '--http-port', '0'], run.io)).toBe(1);
      expect(run.stderr()).toBe(`wick simulate: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n`);
    } finally {
      taken.close();
    }
  });

  it('prints where to connect, serves streams, REST and metrics, and exits 0 on SIGTERM', async () => {
    const run = capture();
    const exited = main(['--input', XRPETH_AGG_TRADES, '--port', '0', '--http-port', '0', '--http-host', '127.0.0.1', '--as-fast-as-possible'], run.io);
    const deadline = Date.now() + 10_000;
    while (!run.stdout().includes('metrics') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const rest = /REST (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout())?.[1];
    const metrics = /metrics (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(run.stdout())?.[1];
    expect(run.stdout()).toMatch(/^wick simulate: WebSocket ws:\/\/127\.0\.0\.1:\d+ \(\/ws\/<stream>, \/stream\?streams=\.\.\.\), REST http:\/\/127\.0\.0\.1:\d+ \(\/api\/v3\/\.\.\.\)\n/);
    expect(rest).toBeDefined();
    expect(await (await fetch(`${rest}/api/v3/ping`)).json()).toEqual({});
    const text = await (await fetch(metrics as string)).text();
    expect(text).toContain('wick_simulator_trades_published_total');
    expect(text).toContain('wick_simulator_rest_requests_total{route="/api/v3/ping",status="200",service="wick-simulate"} 1');
    run.signals.emit('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${rest}/api/v3/ping`)).rejects.toThrow();
  });
});
