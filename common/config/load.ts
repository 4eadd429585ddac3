// Resolves every setting of a spec: the flag wins, then the environment
// variable, then the declared default. Values are validated by their parser
// and the result is frozen, so configuration is read once at the edge and
// passed down as plain typed data.
import { readFlags, type FlagValue } from './argv.js';
import { ConfigError, type ConfigSource } from './config-error.js';
import { ValueError } from './parser.js';
import type { ConfigOf, Setting, SettingsSpec } from './setting.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export function loadConfig<S extends SettingsSpec>(spec: S, argv: readonly string[], env: Environment): ConfigOf<S> {
  assertDistinctNames(spec);
  const flags = readFlags(spec, argv);
  const resolved: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(spec)) {
    resolved[key] = resolveSetting(entry, flags.get(key), env);
  }
  return Object.freeze(resolved) as ConfigOf<S>;
}

function resolveSetting(entry: Setting<unknown>, flag: FlagValue | undefined, env: Environment): unknown {
  if (flag !== undefined) return parseValue(entry, flag.raw, 'flag');
  // An empty variable counts as unset: compose files and Helm charts often
  // declare a variable with no value to mean "not configured".
  const fromEnv = entry.env === undefined ? undefined : env[entry.env];
  if (fromEnv !== undefined && fromEnv !== '') return parseValue(entry, fromEnv, 'env');
  if (entry.presence === 'required') {
    throw new ConfigError(`missing ${describe(entry, 'flag')}: a value is required`, entry.flag);
  }
  return entry.defaultValue;
}

function parseValue(entry: Setting<unknown>, raw: string, source: ConfigSource): unknown {
  try {
    return entry.parser.parse(raw);
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    const problem = entry.secret ? `the value (hidden) is not a valid ${entry.parser.hint}` : error.message;
    throw new ConfigError(`invalid ${describe(entry, source)}: ${problem}`, entry.flag, source);
  }
}

/** Names the source first: `--http-port (WICK_HTTP_PORT)` or `env WICK_HTTP_PORT (--http-port)`. */
function describe(entry: Setting<unknown>, source: ConfigSource): string {
  if (entry.env === undefined) return `--${entry.flag}`;
  return source === 'env' ? `env ${entry.env} (--${entry.flag})` : `--${entry.flag} (${entry.env})`;
}

function assertDistinctNames(spec: SettingsSpec): void {
  const seen = new Set<string>();
  for (const entry of Object.values(spec)) {
    for (const name of [`--${entry.flag}`, entry.env]) {
      if (name === undefined) continue;
      if (seen.has(name)) throw new Error(`settings spec declares ${name} twice`);
      seen.add(name);
    }
  }
}
