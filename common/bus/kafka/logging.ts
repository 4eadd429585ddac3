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

// A topic created a moment ago is unknown to a broker, or has no leader yet,
// until the controller's news reaches it: metadata and offset requests then
// answer these. The admin waits for them (admin.ts) and every other caller
// gets them as the rejection of its call, so kafkajs's own line for the
// response is a warning, not an error.
const TRANSIENT_TOPIC_ERRORS = new Set([
  'This server does not host this topic-partition',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'This server is not the leader for that topic-partition',
]);
const TOPIC_STATE_RESPONSES = /^Response (Metadata|ListOffsets)\(/;

export function kafkaLogCreator(kafkajs: KafkaJsModule, logger: BusLogger): logCreator {
  const { logLevel } = kafkajs;
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...fields } = log;
      const entry = { ...fields, kafkajs: namespace };
      const error = typeof fields.error === 'string' ? fields.error : undefined;
      const routine = error !== undefined && ROUTINE_RESPONSE_ERRORS.has(error);
      const transient = error !== undefined && TRANSIENT_TOPIC_ERRORS.has(error) && TOPIC_STATE_RESPONSES.test(String(message));
      if (level === logLevel.ERROR && !routine && !transient) logger.error(entry, message);
      else if (routine) logger.info(entry, message);
      else if (level === logLevel.WARN || transient) logger.warn(entry, message);
      else if (level === logLevel.INFO) logger.info(entry, message);
      else logger.debug(entry, message);
    };
}
