// Entry of the `wick` CLI, imported by bin/wick.js. Runs the command, then
// ends the process with its exit code once stdout and stderr are flushed:
// a service's main() resolves only after its graceful shutdown, and a
// library's forgotten timer must not keep a finished command alive.
import { runCli } from './cli.js';

// `wick candles ... | head` closes the pipe early; that is a normal way to
// stop reading output, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
});
process.exitCode = code;
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit(code);

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}
