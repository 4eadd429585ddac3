// `wick collector` as a child process, for the tests that kill it with
// SIGKILL: started through the real CLI, watched through its /readyz, and
// stopped with SIGTERM (graceful) or SIGKILL (a crash). Its output is kept
// for the failure message of a test.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../common/testing/free-port.js';

const WICK = fileURLToPath(new URL('../../../bin/wick.js', import.meta.url));

export class CollectorProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly httpPort: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal === null ? code : null)));
  }

  /** Starts `wick collector` with `args` plus an HTTP port of its own on 127.0.0.1. */
  static async start(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CollectorProcess> {
    const httpPort = await freePort();
    const child = spawn(process.execPath, [WICK, 'collector', ...args, '--http-host', '127.0.0.1', '--http-port', String(httpPort)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new CollectorProcess(child, httpPort);
  }

  /** The last lines the process wrote, for a failure message. */
  tail(lines = 40): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  async ready(): Promise<boolean> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.httpPort}/readyz`, { signal: AbortSignal.timeout(3_000) });
      return response.status === 200;
    } catch {
      return false;
    }
  }

  async metrics(): Promise<string> {
    return (await fetch(`http://127.0.0.1:${this.httpPort}/metrics`)).text();
  }

  /** SIGKILL: no shutdown step runs, nothing is flushed. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and the exit code of the graceful shutdown. */
  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private keep(chunk: Buffer): void {
    this.output += chunk.toString('utf8');
    // Keep the end only: a long run logs a lot.
    if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
  }
}
