// Topic configuration for the in-process bus. It accepts Kafka's own names so
// one TopicSpec serves both buses, and refuses what it cannot honour rather
// than silently behaving differently from Kafka.

import type { Retention } from './partition-log.js';
import { BusError } from '../errors.js';

const DELETE_POLICY = 'delete';

function nonNegativeInteger(name: string, value: string): number | undefined {
  if (!/^-?\d+$/.test(value)) throw new BusError('invalid-argument', `topic config ${name}=${value} is not an integer`);
  const number = Number(value);
  // Kafka's -1 means unlimited.
  if (number === -1) return undefined;
  if (number < 0 || !Number.isSafeInteger(number)) throw new BusError('invalid-argument', `topic config ${name}=${value} is out of range`);
  return number;
}

export function retentionFromConfig(topic: string, config: Readonly<Record<string, string>> = {}): Retention {
  let maxAgeMs: number | undefined;
  let maxBytes: number | undefined;
  for (const [name, value] of Object.entries(config)) {
    if (name === 'retention.ms') maxAgeMs = nonNegativeInteger(name, value);
    else if (name === 'retention.bytes') maxBytes = nonNegativeInteger(name, value);
    else if (name === 'cleanup.policy' && value === DELETE_POLICY) continue;
    else throw new BusError('invalid-argument', `topic ${topic}: the in-process bus does not support topic config ${name}=${value}`);
  }
  return { maxAgeMs, maxBytes };
}
