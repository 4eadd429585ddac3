import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KAFKA_BROKERS, missingServices } from '../testing/infra.js';
import type { Bus } from './bus.js';
import { busContract, keysCovering, type KillableMember, type KillableMemberSpec } from './bus.contract.js';
import { loadKafkaJs } from './kafka/kafkajs.js';
import { KAFKA_PRODUCER_CLIENTS, KafkaBus, type KafkaProducerClient } from './kafka-bus.js';
import { partitionForKey } from './murmur2.js';
import { offsetLookupContract } from './offset-lookup.contract.js';
import type { MemberProcessConfig, MemberProcessMessage } from './testing/kafka-member-process.js';
import { deleteGroups } from './testing/kafka-groups.js';
import { memberView } from './testing/killable.js';
import { startRecorder } from './testing/recorder.js';
import { stderrErrorsLogger } from './testing/test-logger.js';
import { waitFor, within } from './testing/wait.js';

const skip = await missingServices('kafka');

// Short group timings keep rebalances, and the crash takeover (one session
// timeout, the broker's minimum of 6 s), quick.
const settings = {
  brokers: KAFKA_BROKERS.split(','),
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 10_000,
  maxWaitTimeMs: 100,
};

const newBus = (clientId: string, producerClient: KafkaProducerClient = 'kafkajs'): KafkaBus =>
  new KafkaBus({ ...settings, clientId, producerClient, logger: stderrErrorsLogger(clientId) });

const memberScript = fileURLToPath(new URL('./testing/kafka-member-process.ts', import.meta.url));

async function startMemberProcess(_bus: Bus, spec: KillableMemberSpec): Promise<KillableMember> {
  const config: MemberProcessConfig = {
    settings: { ...settings, clientId: 'bus-contract-member' },
    groupId: spec.groupId,
    topic: spec.topic,
    commitLimit: spec.commitLimit.toString(),
  };
  const child = fork(memberScript, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const view = memberView(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const running = new Promise<void>((resolve, reject) => {
    child.on('message', (message: MemberProcessMessage) => {
      if (message.type === 'running') resolve();
      else view.apply(message);
    });
    child.once('exit', (code, signal) => reject(new Error(`the member process ended (${code ?? signal}) before joining`)));
  });
  try {
    await within(running, 30_000, 'the member process to join its group');
  } catch (error) {
    await view.kill();
    throw error;
  }
  return view;
}

describe.skipIf(skip)('KafkaBus passes the bus contract on a real broker', () => {
  busContract({
    open: async () => newBus('bus-contract'),
    startKillableMember: startMemberProcess,
    deleteGroups,
    timeouts: { delivery: 20_000, takeover: 40_000 },
  });
});

// The whole contract, not only its producer cases: every consumer case reads
// what the producer wrote, so each of them checks the producer too.
describe.skipIf(skip)('KafkaBus with the @platformatic/kafka producer passes the bus contract on a real broker', () => {
  busContract({
    open: async () => newBus('bus-contract-platformatic', 'platformatic'),
    startKillableMember: startMemberProcess,
    deleteGroups,
    timeouts: { delivery: 20_000, takeover: 40_000 },
  });
});

describe.skipIf(skip)('KafkaBus implements OffsetLookup on a real broker', () => {
  offsetLookupContract({ open: async () => newBus('offset-lookup'), deleteGroups, delivery: 20_000 });
});

describe.skipIf(skip)('KafkaBus on a real broker', () => {
  it.each(KAFKA_PRODUCER_CLIENTS)("puts keyed messages where kafkajs's DefaultPartitioner does, which is where Java's partitioner does (%s producer)", async (producerClient) => {
    const bus = newBus('bus-partitioner', producerClient);
    const kafkajs = loadKafkaJs();
    const topic = `bus-partitioner-${randomUUID().slice(0, 8)}`;
    const partitions = 7;
    const keys = [
      ...Array.from({ length: 150 }, (_, i) => `binance:SYM${i}USDT`),
      'été',
      '日本',
      '\u{1F680}rocket',
      '',
      'a',
    ];
    const raw = new kafkajs.Kafka({ brokers: settings.brokers, clientId: 'bus-partitioner-raw', logLevel: kafkajs.logLevel.NOTHING }).producer({
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    try {
      await bus.createTopics([{ topic, partitions }]);
      await raw.connect();
      await raw.send({ topic, messages: keys.map((key) => ({ key, value: 'kafkajs', headers: { via: 'kafkajs' } })) });
      const producer = await bus.producer();
      await producer.send(topic, keys.map((key) => ({ key, value: new TextEncoder().encode('bus'), headers: { via: 'bus' } })));

      const recorder = await startRecorder(bus, 'reader', { groupId: topic, topics: [topic] }, { kind: 'never' });
      await waitFor(() => recorder.messages.length >= 2 * keys.length, 20_000, 'every message back');
      const placed = (via: string): Map<string, number> =>
        new Map(recorder.messages.filter((m) => m.headers.via === via).map((m) => [m.key, m.partition]));
      const byKafkajs = placed('kafkajs');
      const byBus = placed('bus');
      for (const key of keys) {
        expect(byKafkajs.get(key), `kafkajs placement of ${JSON.stringify(key)}`).toBe(partitionForKey(key, partitions));
        expect(byBus.get(key), `bus placement of ${JSON.stringify(key)}`).toBe(partitionForKey(key, partitions));
      }
      // The keys spread: every partition got some.
      expect(new Set(byBus.values()).size).toBe(partitions);
      await recorder.consumer.stop();
    } finally {
      await raw.disconnect();
      await bus.deleteTopics([topic]);
      await deleteGroups([topic]);
      await bus.close();
    }
  });

  it('revokes a busy member before the group re-forms, so the new owner is assigned only after onRevoked', async () => {
    const bus = newBus('bus-busy-revoke');
    const topic = `bus-busy-revoke-${randomUUID().slice(0, 8)}`;
    const events: string[] = [];
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      await bus.createTopics([{ topic, partitions: 2 }]);
      const producer = await bus.producer();
      const keys = keysCovering(2, 1);
      await producer.send(topic, Array.from({ length: 400 }, (_, i) => ({ key: keys[i % 2]!, value: new Uint8Array(8) })));

      // A is busy for seconds (50 ms per 10 messages), so it hears of B's
      // join from the heartbeat the bus sends between batches.
      const busy = bus.consumer({ groupId: topic, topics: [topic], maxBatchSize: 10 });
      await busy.run({
        eachBatch: async () => sleep(50),
        onRevoked: async () => {
          await sleep(300);
          events.push('A revoked');
        },
      });
      await sleep(300);
      const joiner = bus.consumer({ groupId: topic, topics: [topic] });
      await joiner.run({
        eachBatch: async () => {},
        onAssigned: async (partitions) => {
          events.push(`B assigned ${partitions.length}`);
        },
      });
      expect(events[0]).toBe('A revoked');
      expect(events[1]).toMatch(/^B assigned [12]$/);
      await Promise.all([busy.stop(), joiner.stop()]);
    } finally {
      await bus.deleteTopics([topic]);
      await deleteGroups([topic]);
      await bus.close();
    }
  });

  it('rejects the commit of a member dropped for silence as rebalanced, revokes, and rejoins', async () => {
    const bus = newBus('bus-silent');
    const topic = `bus-silent-${randomUUID().slice(0, 8)}`;
    const events: string[] = [];
    let commitError: unknown;
    try {
      await bus.createTopics([{ topic, partitions: 1 }]);
      const producer = await bus.producer();
      await producer.send(topic, [0, 1, 2].map((i) => ({ key: 'k', value: new Uint8Array([i]) })));
      let stalled = false;
      const consumer = bus.consumer({ groupId: topic, topics: [topic] });
      await consumer.run({
        onAssigned: async () => {
          events.push('assigned');
        },
        onRevoked: async () => {
          events.push('revoked');
        },
        eachBatch: async (batch) => {
          const last = batch.messages.at(-1)!.offset;
          if (!stalled) {
            stalled = true;
            // Longer than the 6 s session timeout: the group drops this member.
            await new Promise((resolve) => setTimeout(resolve, settings.sessionTimeoutMs + 2_000));
            commitError = await consumer.commit([{ topic, partition: 0, offset: last + 1n }]).then(
              () => undefined,
              (error: unknown) => error,
            );
            return;
          }
          events.push(`read ${batch.messages.map((m) => m.offset).join(',')}`);
          await consumer.commit([{ topic, partition: 0, offset: last + 1n }]);
        },
      });
      await waitFor(() => events.includes('read 0,1,2'), 30_000, 'the batch to be redelivered after rejoining');
      expect(commitError).toMatchObject({ code: 'rebalanced' });
      expect(events).toEqual(['assigned', 'revoked', 'assigned', 'read 0,1,2']);
      await consumer.stop();
    } finally {
      await bus.deleteTopics([topic]);
      await deleteGroups([topic]);
      await bus.close();
    }
  });

  it('refuses a bus without brokers', () => {
    expect(() => new KafkaBus({ brokers: [], clientId: 'x', logger: stderrErrorsLogger('x') })).toThrow(/at least one broker/);
  });
});
