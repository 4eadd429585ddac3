// Reads `--flag value`, `--flag=value`, bare boolean flags and `--no-flag`
// from a command line, against the settings a command declares. Anything it
// does not recognise is an error: a typo must not silently fall back to a
// default.
import { ConfigError } from './config-error.js';
import type { Setting, SettingsSpec } from './setting.js';

export interface FlagValue {
  readonly raw: string;
  /** How the user wrote it, for messages: `--http-port`. */
  readonly written: string;
}

export const HELP_FLAGS: ReadonlySet<string> = new Set(['--help', '-h']);

/** True when the command line asks for help (before any `--` terminator). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
}

/** Flag values by spec key. Throws ConfigError on unknown, repeated or valueless flags and on positional arguments. */
export function readFlags(spec: SettingsSpec, argv: readonly string[]): ReadonlyMap<string, FlagValue> {
  const byFlag = new Map(Object.entries(spec).map(([key, entry]) => [entry.flag, { key, entry }]));
  const values = new Map<string, FlagValue>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      const extra = argv[index + 1];
      if (extra !== undefined) throw unexpectedArgument(extra);
      break;
    }
    if (!arg.startsWith('--')) throw arg.startsWith('-') && arg !== '-' ? unknownFlag(arg, byFlag) : unexpectedArgument(arg);
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const negated = equals === -1 && name.startsWith('no-') && byFlag.get(name.slice(3))?.entry.parser.bareValue === 'true';
    const found = byFlag.get(negated ? name.slice(3) : name);
    if (found === undefined) throw unknownFlag(`--${name}`, byFlag);
    const written = `--${found.entry.flag}`;
    if (values.has(found.key)) throw new ConfigError(`${written} is given more than once`, found.entry.flag, 'flag');
    let raw: string;
    if (equals !== -1) raw = arg.slice(equals + 1);
    else if (negated) raw = 'false';
    else if (found.entry.parser.bareValue !== undefined) raw = found.entry.parser.bareValue;
    else {
      raw = flagArgument(argv[index + 1], written, found.entry);
      index += 1;
    }
    values.set(found.key, { raw, written });
  }
  return values;
}

function flagArgument(next: string | undefined, written: string, entry: Setting<unknown>): string {
  // A value may start with one dash (`--timezone -05:00`), never with two:
  // `--input --interval 1m` means the value of --input was forgotten.
  if (next === undefined || next.startsWith('--')) {
    throw new ConfigError(`missing value for ${written} (expected ${entry.parser.hint})`, entry.flag, 'flag');
  }
  return next;
}

function unexpectedArgument(arg: string): ConfigError {
  return new ConfigError(`unexpected argument ${JSON.stringify(arg)} (this command takes flags only; see --help)`, undefined, 'argument');
}

function unknownFlag(written: string, byFlag: ReadonlyMap<string, unknown>): ConfigError {
  const name = written.replace(/^-+/, '').split('=')[0] ?? '';
  const negatedValueFlag = name.startsWith('no-') && byFlag.has(name.slice(3));
  const suggestion = [...byFlag.keys()].find((flag) => editDistance(flag, name) <= 2);
  let hint = suggestion === undefined ? 'see --help' : `did you mean --${suggestion}?`;
  if (negatedValueFlag) hint = `--${name.slice(3)} takes a value and has no --no- form`;
  return new ConfigError(`unknown flag ${written.split('=')[0] ?? written} (${hint})`, undefined, 'flag');
}

/** Levenshtein distance, for "did you mean" on short flag names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
