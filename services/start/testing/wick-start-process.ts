// `npx wick start` as a child process, for the tests and the start-up
// measurement: started on a free port, waited for until /readyz answers 200,
// stopped with SIGINT as Ctrl-C would, with its log kept for failures.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../common/testing/free-port.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RECORDING = fileURLToPath(new URL('../../../../shared/data/binance/ws-2021-04/spot-btcusdt-ethusdt-dotusdt.jsonl', import.meta.url));
/** The recording as a new user names it from the repository: the path the test uses. */
export const RECORDING_ARGUMENT = '../shared/data/binance/ws-2021-04/spot-btcusdt-ethusdt-dotusdt.jsonl';

export interface WickStart {
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the first /readyz 200. */
  readonly readyMs: number;
  log(): string;
  /** Sends SIGINT and resolves with the exit code and how long the exit took (ms). */
  stop(): Promise<{ code: number | null; ms: number }>;
}


export async function startWick(args: readonly string[], options: { readyWithinMs?: number } = {}): Promise<WickStart> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // `npx wick start` runs bin/wick.js with node; spawning that directly keeps the pid ours for signals.
  const child = spawn(process.execPath, ['bin/wick.js', 'start', '--port', String(port), '--log-level', 'info', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WICK_USE_DIST: process.env.WICK_USE_DIST ?? '' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': by then the pipes are drained and log() holds every line.
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const deadline = started + (options.readyWithinMs ?? 60_000);
  let readyMs: number | undefined;
  while (readyMs === undefined) {
    if (child.exitCode !== null) throw new Error(`wick start exited with ${child.exitCode} before it was ready:\n${output}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`wick start was not ready within ${options.readyWithinMs ?? 60_000} ms:\n${output}`);
    }
    const response = await fetch(`${url}/readyz`).catch(() => undefined);
    if (response?.status === 200) readyMs = performance.now() - started;
    else await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url,
    child,
    readyMs,
    log: () => output,
    stop: async () => {
      const signalled = performance.now();
      if (child.exitCode === null) child.kill('SIGINT');
      const [code] = await exited;
      return { code, ms: performance.now() - signalled };
    },
  };
}
