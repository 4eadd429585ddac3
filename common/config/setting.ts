// A setting is declared once: its flag, its environment variable, how its
// value is parsed and what happens when it is absent (a default, left
// undefined, or required). Everything else (precedence, validation, errors,
// --help) is derived from the declaration.
import type { Parser } from './parser.js';

export interface SettingDefinition<T> {
  /** The long flag without dashes: `kafka-brokers` for `--kafka-brokers`. */
  readonly flag: string;
  /** The environment variable read when the flag is absent: `KAFKA_BROKERS`. */
  readonly env?: string;
  /** One sentence for --help. */
  readonly description: string;
  readonly parser: Parser<T>;
  /** Never print the value (defaults in --help, values in error messages). */
  readonly secret?: boolean;
}

export type Presence = 'default' | 'optional' | 'required';

export interface Setting<V> extends SettingDefinition<Exclude<V, undefined>> {
  readonly presence: Presence;
  readonly defaultValue: V | undefined;
}

/** What loadConfig accepts: property name in the result -> setting. */
export type SettingsSpec = Readonly<Record<string, Setting<unknown>>>;

/** The frozen object loadConfig returns for a spec. */
export type ConfigOf<S extends SettingsSpec> = {
  readonly [K in keyof S]: S[K] extends Setting<infer V> ? V : never;
};

const FLAG_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

// NoInfer: the parser alone decides T, so `default: 'info'` cannot widen an
// enum setting's type to string.
export function setting<T>(definition: SettingDefinition<T> & { readonly default: NoInfer<T> }): Setting<T>;
export function setting<T>(definition: SettingDefinition<T> & { readonly required: true }): Setting<T>;
export function setting<T>(definition: SettingDefinition<T>): Setting<T | undefined>;
export function setting<T>(
  definition: SettingDefinition<T> & { readonly default?: T; readonly required?: true },
): Setting<T | undefined> {
  // A malformed declaration is a programming error, caught the first time the module loads.
  if (!FLAG_NAME.test(definition.flag)) throw new Error(`setting flag "${definition.flag}" is not kebab-case`);
  if (definition.env !== undefined && !ENV_NAME.test(definition.env)) {
    throw new Error(`setting env "${definition.env}" is not UPPER_SNAKE_CASE`);
  }
  const { default: defaultValue, required, ...rest } = definition;
  if (defaultValue !== undefined && required) throw new Error(`setting --${definition.flag} is required and has a default`);
  const presence: Presence = defaultValue !== undefined ? 'default' : required ? 'required' : 'optional';
  // The parser yields T, never undefined, which is what Setting's Exclude expresses.
  return Object.freeze({ ...rest, presence, defaultValue }) as Setting<T | undefined>;
}

/** The names a user knows a setting by, for messages: `--kafka-brokers (KAFKA_BROKERS)`. */
export function settingNames(entry: SettingDefinition<unknown>): string {
  return entry.env === undefined ? `--${entry.flag}` : `--${entry.flag} (${entry.env})`;
}
