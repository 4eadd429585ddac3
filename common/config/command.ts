// What a command's main() does first: print help when asked, otherwise load
// its configuration. Help wins over everything else on the line, so
// `--bad-flag --help` still shows the help instead of an error.
import { wantsHelp } from './argv.js';
import { ConfigError } from './config-error.js';
import { renderHelp, type CommandDoc } from './help.js';
import { loadConfig, type Environment } from './load.js';
import type { ConfigOf, SettingsSpec } from './setting.js';

export type CommandLine<C> = { readonly kind: 'help'; readonly text: string } | { readonly kind: 'run'; readonly config: C };

export function parseCommandLine<S extends SettingsSpec>(
  doc: CommandDoc,
  spec: S,
  argv: readonly string[],
  env: Environment,
): CommandLine<ConfigOf<S>> {
  if (wantsHelp(argv)) return { kind: 'help', text: renderHelp(doc, spec) };
  return { kind: 'run', config: loadConfig(spec, argv, env) };
}

/** Where a command writes its help and its one-line configuration errors. */
export interface CommandOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * The common start of a long-running service command: help goes to stdout
 * (exit 0), a bad configuration value is one line on stderr naming it (exit
 * 2), otherwise `run` gets the validated configuration and its result is
 * the exit code. Errors other than ConfigError are the caller's to handle.
 */
export async function runCommand<S extends SettingsSpec>(
  command: { readonly name: string; readonly doc: CommandDoc; readonly spec: S },
  argv: readonly string[],
  env: Environment,
  run: (config: ConfigOf<S>) => Promise<number>,
  output: CommandOutput = process,
): Promise<number> {
  let line: CommandLine<ConfigOf<S>>;
  try {
    line = parseCommandLine(command.doc, command.spec, argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.stderr.write(`wick ${command.name}: ${error.message}\n`);
    return 2;
  }
  if (line.kind === 'help') {
    output.stdout.write(line.text);
    return 0;
  }
  return run(line.config);
}
