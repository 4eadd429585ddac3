// `wick preprocessor` as a child process for the integration tests: started
// through the real CLI, watched through its /readyz and /metrics, stopped
// with SIGTERM (graceful) or SIGKILL (a crash). Its output is kept for the
// failure message of a test.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../common/testing/free-port.js';

const WICK = fileURLToPath(new URL('../../../bin/wick.js', import.meta.url));

export class PreprocessorProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly httpPort: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal === null ? code : null)));
  }

  /** Starts `wick preprocessor` with `args` plus an HTTP port of its own on 127.0.0.1. */
  static async start(name: string, args: readonly string[]): Promise<PreprocessorProcess> {
    const httpPort = await freePort();
    const child = spawn(process.execPath, [WICK, 'preprocessor', ...args, '--http-host', '127.0.0.1', '--http-port', String(httpPort)], {
      env: { ...process.env, OTEL_SERVICE_NAME: name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new PreprocessorProcess(name, child, httpPort);
  }

  /** The last lines the process wrote, for a failure message. */
  tail(lines = 30): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get log(): string {
    return this.output;
  }

  /** The /metrics text; undefined when the process does not answer (not listening yet, or gone). */
  async metrics(): Promise<string | undefined> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.httpPort}/metrics`, { signal: AbortSignal.timeout(3_000) });
      return response.ok ? await response.text() : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The value of one metric series, summed over its labels matching `labels`
   * (e.g. 'how="rebuilt"'); 0 when no series matches, NaN when the process
   * did not answer, so a failed read never passes for a zero.
   */
  async metric(name: string, labels = ''): Promise<number> {
    const text = await this.metrics();
    if (text === undefined) return Number.NaN;
    let sum = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (labels !== '' && !line.includes(labels)) continue;
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }

  /** GET /readyz: its status code, 0 when nothing answers. */
  async readiness(): Promise<number> {
    try {
      return (await fetch(`http://127.0.0.1:${this.httpPort}/readyz`, { signal: AbortSignal.timeout(3_000) })).status;
    } catch {
      return 0;
    }
  }

  /** SIGSTOP: the process freezes as a long GC pause or a stalled VM would; its group moves on without it. */
  pause(): void {
    if (this.running) this.child.kill('SIGSTOP');
  }

  /** SIGCONT: the frozen process carries on, unaware of what happened meanwhile. */
  resume(): void {
    if (this.running) this.child.kill('SIGCONT');
  }

  /** SIGKILL: no shutdown step runs, nothing is flushed or checkpointed. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and the exit code of the graceful shutdown. */
  async stop(): Promise<number | null> {
    if (this.running) this.child.kill('SIGTERM');
    return this.exited;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private keep(chunk: Buffer): void {
    this.output += chunk.toString('utf8');
    if (this.output.length > 400_000) this.output = this.output.slice(-200_000);
  }
}

