// A bus logger for tests: errors go to stderr (they explain a failure),
// everything else is dropped to keep test output readable.

import type { BusLogger } from '../logger.js';

export function stderrErrorsLogger(prefix: string): BusLogger {
  const ignore = (): void => {};
  return {
    level: 'error',
    error: (fields, message) => process.stderr.write(`[${prefix}] ${message ?? ''} ${safeJson(fields)}\n`),
    warn: ignore,
    info: ignore,
    debug: ignore,
  };
}

function safeJson(fields: object): string {
  try {
    return JSON.stringify(fields, (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message } : typeof value === 'bigint' ? value.toString() : value,
    );
  } catch {
    return String(fields);
  }
}
