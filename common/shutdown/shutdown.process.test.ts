// Real signals to a real process: the fixture must drain in order and exit 0
// on SIGTERM, exit 1 at the time bound, and exit at once on a second signal.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./testing/sigterm-fixture.ts', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly lines: Array<Record<string, unknown>>;
  readonly elapsedMs: number;
}

/** Starts the fixture, sends `signals` (spaced by `gapMs`) once it is ready, and collects its JSON log lines. */
function runFixture(args: string[], signals: NodeJS.Signals[], gapMs = 100): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_TS, FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let signalledAt = 0;
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const wasReady = output.includes('ready\n');
      output += chunk;
      if (!wasReady && output.includes('ready\n')) {
        signalledAt = Date.now();
        signals.forEach((signal, index) => setTimeout(() => child.kill(signal), index * gapMs));
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      const lines = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, lines, elapsedMs: Date.now() - signalledAt });
    });
  });
}

describe('shutdown on real signals', { timeout: 60_000 }, () => {
  it('runs the steps in phase order on SIGTERM and exits 0', async () => {
    const { code, lines } = await runFixture(['ok'], ['SIGTERM']);
    expect(code).toBe(0);
    expect(lines.filter((line) => line.msg === 'fixture step').map((line) => line.ran)).toEqual([
      'stop intake',
      'drain',
      'commit offsets',
      'close connections',
    ]);
    expect(lines[0]).toMatchObject({ msg: 'shutting down', reason: 'received SIGTERM', service: 'shutdown-fixture' });
    expect(lines.at(-1)).toMatchObject({ msg: 'shutdown complete', code: 0 });
  });

  it('exits 1 when a step hangs past the time bound', async () => {
    const { code, lines, elapsedMs } = await runFixture(['hang', '300'], ['SIGTERM']);
    expect(code).toBe(1);
    expect(elapsedMs).toBeLessThan(5_000);
    expect(lines.map((line) => line.ran).filter(Boolean)).toEqual(['stop intake']);
  });

  it('exits at once on a second signal', async () => {
    const { code, lines } = await runFixture(['hang', '20000'], ['SIGTERM', 'SIGINT']);
    expect(code).toBe(130);
    expect(lines.at(-1)).toMatchObject({ msg: 'second signal during shutdown: exiting now', signal: 'SIGINT' });
  });
});
