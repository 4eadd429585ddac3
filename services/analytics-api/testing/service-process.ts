// A wick service command run as a child process through the real CLI, with
// both its ports chosen by the system (0) and read back from its
// "listening" log line, and stopped with SIGTERM. Output is kept for
// failure messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WICK = fileURLToPath(new URL('../../../bin/wick.js', import.meta.url));

export interface Listening {
  /** The API server. */
  readonly url: string;
  /** The /metrics, /healthz, /readyz server. */
  readonly ops: string;
}

export class ServiceProcess {
  private output = '';
  private readonly exited: Promise<number | null>;
  private readonly listening: Promise<Listening>;

  private constructor(private readonly child: ChildProcess, listeningMessage: string) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal === null ? code : null)));
    this.listening = new Promise((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString('utf8');
        for (const line of this.output.split('\n')) {
          if (!line.includes(listeningMessage)) continue;
          const entry = JSON.parse(line) as { url: string; ops: string };
          resolve({ url: entry.url, ops: entry.ops });
        }
      });
      void this.exited.then((code) => reject(new Error(`the service exited (${code}) before listening:\n${this.tail()}`)));
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  /** `wick <command> <args>` on 127.0.0.1 with system-chosen ports. */
  static start(command: string, args: readonly string[], listeningMessage: string): ServiceProcess {
    const child = spawn(process.execPath, [WICK, command, ...args, '--http-host', '127.0.0.1', '--http-port', '0', '--api-port', '0'], {
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child, listeningMessage);
  }

  ready(timeoutMs: number): Promise<Listening> {
    return Promise.race([
      this.listening,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not listening after ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs).unref()),
    ]);
  }

  /** SIGTERM and the exit code of the graceful shutdown. */
  stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  /** For cleanup after a failed test. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  tail(lines = 30): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }
}
