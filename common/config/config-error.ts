// The one error the configuration layer throws for bad user input. Its
// message is a single line naming the setting, where the value came from and
// what is wrong, so the CLI prints it as is and exits 2.

export type ConfigSource = 'flag' | 'env' | 'argument';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    message: string,
    /** The setting's flag name (`kafka-brokers`), when the problem concerns one. */
    readonly flag?: string,
    readonly source?: ConfigSource,
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
  }
}
