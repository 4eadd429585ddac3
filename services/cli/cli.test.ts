import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './cli.js';
import { SERVICE_COMMANDS, type ServiceCommand } from './commands.js';
import { commandModuleExists, DEFAULT_MODULES_ROOT } from './modules.js';

const WICK = fileURLToPath(new URL('../../bin/wick.js', import.meta.url));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function wick(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WICK, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('wick (subprocess)', () => {
  it('prints usage listing every command for --help, help and -h', async () => {
    for (const flag of ['--help', 'help', '-h']) {
      const { code, stdout, stderr } = await wick(flag);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain('Usage: wick <command> [flags]');
      for (const command of [...SERVICE_COMMANDS.map((entry) => entry.name), 'version', 'help']) {
        expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
      }
    }
  });

  it('prints usage to stderr and exits 2 without a command', async () => {
    const { code, stdout, stderr } = await wick();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: wick <command> [flags]');
  });

  it('rejects an unknown command in one line with exit 2', async () => {
    expect(await wick('frobnicate')).toEqual({ code: 2, stdout: '', stderr: 'wick: unknown command "frobnicate" (see wick --help)\n' });
  });

  it('rejects an unknown global flag in one line with exit 2', async () => {
    expect(await wick('--frobnicate=1')).toEqual({ code: 2, stdout: '', stderr: 'wick: unknown flag --frobnicate (see wick --help)\n' });
  });

  it('prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect(await wick('version')).toEqual({ code: 0, stdout: `wick ${version}\n`, stderr: '' });
    expect((await wick('--version')).stdout).toBe(`wick ${version}\n`);
  });

  it('rejects an unknown flag on a command in one line with exit 2', async () => {
    expect(await wick('version', '--verbose')).toEqual({ code: 2, stdout: '', stderr: 'wick version: unknown flag --verbose (see --help)\n' });
  });

  it("delegates --help to the command, and help <command> too", async () => {
    for (const args of [['version', '--help'], ['help', 'version']]) {
      const { code, stdout } = await wick(...args);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: wick version');
      expect(stdout).toContain('-h, --help');
    }
  });

  // Every command either shows its help (its module exists) or says honestly
  // which issue builds it; the second case turns into the first by itself.
  it('answers --help for every command, or names the issue that builds it', { timeout: 120_000 }, async () => {
    for (const command of SERVICE_COMMANDS) {
      const outcome = await wick(command.name, '--help');
      if (commandModuleExists(DEFAULT_MODULES_ROOT, command.dir)) {
        expect(outcome.code, `${command.name} --help: ${outcome.stderr}`).toBe(0);
        expect(outcome.stdout).toContain(`Usage: wick ${command.name}`);
      } else {
        expect(outcome).toEqual({ code: 2, stdout: '', stderr: `wick: ${command.name} is not available in this build yet (${command.plannedIn})\n` });
      }
    }
  });
});

describe('runCli with fixture commands', () => {
  const modulesRoot = new URL('./testing/commands/', import.meta.url);
  const fixture = (name: string, dir = name): ServiceCommand => ({ name, dir, summary: `${name} fixture.`, plannedIn: 'issue #99 builds it' });
  const commands = [fixture('echo'), fixture('bad-config'), fixture('crash'), fixture('no-main'), fixture('later', 'not-built')];

  async function run(...argv: string[]): Promise<Outcome> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { out: (text) => (stdout += text), err: (text) => (stderr += text), env: {} };
    const code = await runCli(argv, io, { commands, modulesRoot });
    return { code, stdout, stderr };
  }

  it('the fixtures are where the test expects them', () => {
    expect(existsSync(new URL('echo/main.ts', modulesRoot))).toBe(true);
    expect(existsSync(new URL('not-built', modulesRoot))).toBe(false);
  });

  it("passes the remaining arguments to the command's main and returns its exit code", async () => {
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((text: string) => writes.push(text) > 0) as typeof process.stdout.write;
    try {
      expect((await run('echo', '--a', 'b', '--exit', '3')).code).toBe(3);
    } finally {
      process.stdout.write = original;
    }
    expect(writes).toEqual([`${JSON.stringify(['--a', 'b', '--exit', '3'])}\n`]);
  });

  it('prints a ConfigError as its one line and exits 2', async () => {
    expect(await run('bad-config')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'wick bad-config: invalid --http-port (WICK_HTTP_PORT): "x" is not an integer\n',
    });
  });

  it('exits 1 with the stack when a command crashes', async () => {
    const { code, stderr } = await run('crash');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^wick crash: Error: disk on fire\n\s+at /);
  });

  it('exits 1 when a module does not export main', async () => {
    const { code, stderr } = await run('no-main');
    expect(code).toBe(1);
    expect(stderr).toContain('no-main/main.ts does not export main(args): Promise<number>');
  });

  it('says which issue builds a command whose module is missing, in help too', async () => {
    expect(await run('later')).toEqual({ code: 2, stdout: '', stderr: 'wick: later is not available in this build yet (issue #99 builds it)\n' });
    const { stdout } = await run('--help');
    expect(stdout).toMatch(/^ {2}later +later fixture\. \(not in this build yet\)$/m);
    expect(stdout).toMatch(/^ {2}echo +echo fixture\.$/m);
  });
});
