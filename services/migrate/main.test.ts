// `wick migrate` without a database: help, bad command lines and an
// unreachable server each end in one line and the right exit code.
import { describe, expect, it } from 'vitest';
import { runMain, runProcess } from './testing.js';

// Port 1 on the loopback: nothing listens there, so the connect is refused at once.
const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/wick';

describe('wick migrate', () => {
  it('prints its help', async () => {
    const run = await runMain(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: wick migrate /);
    expect(run.stdout).toContain('--database-url');
  });

  it.each([
    [['--database-url', 'not a url'], {}, 'wick migrate: invalid --database-url (DATABASE_URL): "not a url" is not a URL'],
    [[], { DATABASE_URL: 'mysql://db/wick' }, 'wick migrate: invalid env DATABASE_URL (--database-url): "mysql://db/wick" is not a postgres: or postgresql: URL'],
    [['--database-schema', 'Bad-Name'], {}, 'wick migrate: invalid --database-schema (WICK_DATABASE_SCHEMA): "Bad-Name" is not a lower-case identifier (a-z, 0-9, _)'],
    [['--databse-url', UNREACHABLE], {}, 'wick migrate: unknown flag --databse-url (did you mean --database-url?)'],
  ])('rejects the command line %j %j with one line and exit 2', async (args, env, message) => {
    const run = await runMain(args, env);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('reports an unreachable database in one line and exits 1', async () => {
    const run = await runMain(['--database-url', UNREACHABLE]);
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'wick migrate: cannot connect to PostgreSQL at 127.0.0.1:1/wick: connection refused\n' });
  });

  it('does the same as a real process started through bin/wick.js', async () => {
    const run = await runProcess(['--log-level', 'silent'], { DATABASE_URL: UNREACHABLE });
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'wick migrate: cannot connect to PostgreSQL at 127.0.0.1:1/wick: connection refused\n' });
  });
});
