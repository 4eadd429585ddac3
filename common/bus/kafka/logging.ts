// Routes kafkajs's own log lines to the injected logger, keeping kafkajs's
// namespace (Consumer, Runner, ...) as a field.

import type { logCreator, LogEntry } from 'kafkajs';
import type { BusLogger } from '../logger.js';
import type { KafkaJsModule } from './kafkajs.js';

/** The kafkajs level that lets through what `logger` would print, so kafkajs builds no lines nobody reads. */
export function kafkaLogLevel(kafkajs: KafkaJsModule, logger: BusLogger): number {
  const { logLevel } = kafkajs;
  switch (logger.level) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'warn':
      return logLevel.WARN;
    case 'error':
    case 'fatal':
      return logLevel.ERROR;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.INFO;
  }
}

// kafkajs logs every error response at error level, including the ones that
// are simply how Kafka announces a rebalance to each member; those are routine.
const ROUTINE_RESPONSE_ERRORS = new Set([
  'The group is rebalancing, so a rejoin is needed',
  'Specified group generation id is not valid',
]);

export function kafkaLogCreator(kafkajs: KafkaJsModule, logger: BusLogger): logCreator {
  const { logLevel } = kafkajs;
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...fields } = log;
      const entry = { ...fields, kafkajs: namespace };
      const routine = typeof fields.error === 'string' && ROUTINE_RESPONSE_ERRORS.has(fields.error);
      if (level === logLevel.ERROR && !routine) logger.error(entry, message);
      else if (routine) logger.info(entry, message);
      else if (level === logLevel.WARN) logger.warn(entry, message);
      else if (level === logLevel.INFO) logger.info(entry, message);
      else logger.debug(entry, message);
    };
}
