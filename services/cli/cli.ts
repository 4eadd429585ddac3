// The `wick` command dispatcher: usage, version, and delegation to the
// service commands. Exit codes: 0 success, 1 a command failed, 2 the command
// line was wrong (unknown command or flag, bad setting, command not built).
import { ConfigError, parseCommandLine } from '../../common/config/index.js';
import { SERVICE_COMMANDS, type ServiceCommand } from './commands.js';
import { commandModuleExists, DEFAULT_MODULES_ROOT, loadCommandMain } from './modules.js';
import { packageVersion } from './version.js';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliOptions {
  readonly commands?: readonly ServiceCommand[];
  /** The folder holding one sub-folder per command (tests point it at fixtures). */
  readonly modulesRoot?: URL;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  const commands = options.commands ?? SERVICE_COMMANDS;
  const modulesRoot = options.modulesRoot ?? DEFAULT_MODULES_ROOT;
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(usage(commands, modulesRoot));
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.out(usage(commands, modulesRoot));
    return EXIT_OK;
  }
  if (first === 'help') return runCli([rest[0] ?? '', '--help'], io, options);
  if (first === 'version' || first === '--version') return guarded('version', io, async () => versionCommand(rest, io));
  if (first.startsWith('-')) return usageError(io, `unknown flag ${first.split('=')[0] ?? first} (see wick --help)`);
  const command = commands.find((candidate) => candidate.name === first);
  if (command === undefined) return usageError(io, `unknown command ${JSON.stringify(first)} (see wick --help)`);
  if (!commandModuleExists(modulesRoot, command.dir)) {
    return usageError(io, `${command.name} is not available in this build yet (${command.plannedIn})`);
  }
  return guarded(command.name, io, async () => (await loadCommandMain(modulesRoot, command.dir))(rest));
}

function usageError(io: CliIo, message: string): number {
  io.err(`wick: ${message}\n`);
  return EXIT_USAGE;
}

/** Runs a command, turning a ConfigError into its one line and exit 2, and any other failure into exit 1. */
async function guarded(name: string, io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    const code = await run();
    if (Number.isInteger(code) && code >= 0 && code <= 255) return code;
    io.err(`wick ${name}: returned an invalid exit code ${String(code)}\n`);
    return EXIT_FAILURE;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`wick ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.err(`wick ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

function versionCommand(args: readonly string[], io: CliIo): number {
  const line = parseCommandLine({ usage: 'wick version', summary: "Print wick's version." }, {}, args, io.env);
  io.out(line.kind === 'help' ? line.text : `wick ${packageVersion()}\n`);
  return EXIT_OK;
}

function usage(commands: readonly ServiceCommand[], modulesRoot: URL): string {
  const rows: Array<[string, string]> = commands.map((command) => [
    command.name,
    commandModuleExists(modulesRoot, command.dir) ? command.summary : `${command.summary} (not in this build yet)`,
  ]);
  rows.push(['version', "Print wick's version."], ['help', 'Print this help, or `wick help <command>` for a command.']);
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return [
    'wick: live OHLCV candles that match the exchange exactly.',
    '',
    'Usage: wick <command> [flags]',
    '',
    'Commands:',
    ...rows.map(([name, summary]) => `  ${name.padEnd(width)}${summary}`),
    '',
    'Run `wick <command> --help` for the flags of a command.',
    '',
  ].join('\n');
}
