// The slice of a pino logger the bus writes to. It is injected by whoever
// builds the bus (services wire their pino logger), never imported globally.

export interface BusLogger {
  error(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  debug(fields: object, message?: string): void;
  /** pino's level name, used to keep kafkajs from building debug lines nobody reads. */
  readonly level?: string;
}

const ignore = (): void => {};

/** A logger that drops everything, for callers that deliberately want no bus logs. */
export const silentLogger: BusLogger = { error: ignore, warn: ignore, info: ignore, debug: ignore, level: 'silent' };
