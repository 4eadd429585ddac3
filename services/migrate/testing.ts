// Runs `wick migrate` the way a user does: in-process through main() with
// captured output, or as a real process through bin/wick.js.
import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../common/log/index.js';
import { main } from './main.js';

export interface MigrateRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runMain(args: readonly string[], env: Record<string, string> = {}): Promise<MigrateRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => (chunks.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (chunks.stderr += chunk.toString()));
  const code = await main(args, { stdout, stderr, env, logger: silentLogger() });
  return { code, ...chunks };
}

const WICK = fileURLToPath(new URL('../../bin/wick.js', import.meta.url));

/** Spawns `node bin/wick.js migrate ...`; resolves with its exit code and output. */
export function runProcess(args: readonly string[], env: Record<string, string>): Promise<MigrateRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WICK, 'migrate', ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}
