// What a command's main() does first: print help when asked, otherwise load
// its configuration. Help wins over everything else on the line, so
// `--bad-flag --help` still shows the help instead of an error.
import { wantsHelp } from './argv.js';
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
