// What the Kafka client alone costs per message, for the collector
// benchmark: the bus producer sending batches of real encoded trades of one
// key (the benchmark's one symbol), one request in flight as the collector's
// publisher does, and nothing else in the process. Whatever the collector
// does besides, a collector on this client cannot beat this rate per core.
import { randomUUID } from 'node:crypto';
import type { KafkaBus } from '../../../common/bus/index.js';
import { encodeDomainTrade } from '../../../common/serde/index.js';
import { cpuSeconds } from './process-cpu.js';

export interface ProducerFloor {
  readonly rate: number;
  /** CPU microseconds per message of this process (the client) and of the broker. */
  readonly clientCpuPerMessage: number;
  readonly brokerCpuPerMessage: number | undefined;
}

export async function measureProducerFloor(bus: KafkaBus, batchSize: number, windowMs: number, brokerPid: number | undefined): Promise<ProducerFloor> {
  const topic = `bench-producer-${randomUUID().slice(0, 8)}`;
  await bus.createTopics([{ topic, partitions: 6 }]);
  const producer = await bus.producer();
  try {
    const messages = Array.from({ length: batchSize }, (_, i) => ({
      key: 'binance:XRPETH',
      value: encodeDomainTrade(
        { symbol: 'XRPETH', aggregateId: 13_519_807 + i, firstTradeId: 20_000_000 + i, lastTradeId: 20_000_000 + i, price: '0.00102300', quantity: '123.00000000', time: 1_570_752_011_620 + i, buyerIsMaker: i % 2 === 0 },
        { exchange: 'binance', receiveTime: 1_570_752_011_700 + i },
      ),
    }));
    // Warm-up: connections, metadata, JIT.
    for (let i = 0; i < 20; i++) await producer.send(topic, messages);
    const cpu = process.cpuUsage();
    const broker = brokerPid === undefined ? undefined : cpuSeconds(brokerPid);
    const started = performance.now();
    let sent = 0;
    while (performance.now() - started < windowMs) {
      await producer.send(topic, messages);
      sent += messages.length;
    }
    const seconds = (performance.now() - started) / 1_000;
    const used = process.cpuUsage(cpu);
    const brokerAfter = brokerPid === undefined ? undefined : cpuSeconds(brokerPid);
    return {
      rate: sent / seconds,
      clientCpuPerMessage: (used.user + used.system) / sent,
      brokerCpuPerMessage: broker === undefined || brokerAfter === undefined ? undefined : ((brokerAfter - broker) * 1e6) / sent,
    };
  } finally {
    await producer.close();
    await bus.deleteTopics([topic]);
  }
}
