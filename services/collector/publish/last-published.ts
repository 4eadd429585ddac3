// The last aggregate trade id of each symbol that is in Kafka, read back
// from the trade topic itself. Kafka is the one source of truth: whatever a
// crash (kill -9 included) or a failed produce left behind, the topic says
// exactly which ids landed, so no separate checkpoint can disagree with it.
//
// A symbol lives in one partition (Kafka's murmur2 of its key), so only the
// partitions of the wanted symbols are read, backwards from their end in
// windows, until every wanted symbol of the partition has been seen or the
// partition's start is reached. The cost is proportional to how far back a
// symbol last traded, not to the topic's size.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { partitionForKey, type Bus, type BusConsumer, type MessageBatch, type PartitionRange, type TopicPartition } from '../../../common/bus/index.js';
import { decodeTradeToDomain } from '../../../common/serde/index.js';

export interface LastPublishedOptions {
  readonly topic: string;
  /** Kafka keys to look for (`binance:BTCUSDT`). */
  readonly keys: readonly string[];
  /** Messages read per step backwards. */
  readonly windowSize: number;
  /**
   * Messages read back per partition at most. A symbol not seen by then is
   * treated as never published (it starts at its first live trade), so a
   * symbol that has been silent for ages cannot hold the start-up back.
   */
  readonly maxMessagesPerPartition: number;
  /** Prefix of the throwaway consumer group's id. */
  readonly groupPrefix: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

interface PartitionScan {
  readonly low: bigint;
  /** Where the scan stops at the latest: maxMessagesPerPartition before the end. */
  readonly floor: bigint;
  windowStart: bigint;
  windowEnd: bigint;
  /** Keys not seen in any later window. */
  readonly missing: Set<string>;
  done: boolean;
}

/** Last aggregate trade id by key, for the keys found. */
export async function readLastPublished(bus: Bus, options: LastPublishedOptions): Promise<Map<string, number>> {
  const ranges = await bus.offsets(options.topic);
  const scans = new Map<number, PartitionScan>();
  for (const key of options.keys) {
    const partition = partitionForKey(key, ranges.length);
    const range = ranges[partition];
    if (range === undefined || range.high <= range.low) continue;
    let scan = scans.get(partition);
    if (scan === undefined) {
      const floor = range.high - BigInt(options.maxMessagesPerPartition);
      scan = { low: range.low > floor ? range.low : floor, floor, windowStart: range.high, windowEnd: range.high, missing: new Set(), done: false };
      stepBack(scan, options.windowSize);
      scans.set(partition, scan);
    }
    scan.missing.add(key);
  }
  const found = new Map<string, number>();
  if (scans.size === 0) return found;
  const consumer = bus.consumer({ groupId: `${options.groupPrefix}-${randomUUID()}`, topics: [options.topic], fromBeginning: true });
  try {
    await scanPartitions(consumer, options, ranges, scans, found);
  } finally {
    await consumer.stop();
  }
  return found;
}

function scanPartitions(
  consumer: BusConsumer,
  options: LastPublishedOptions,
  ranges: readonly PartitionRange[],
  scans: Map<number, PartitionScan>,
  found: Map<string, number>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reading the last published ids of ${options.topic} took over ${options.timeoutMs} ms`)), options.timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    consumer
      .run({
        onAssigned: async (partitions) => positionAll(consumer, partitions, ranges, scans),
        eachBatch: async (batch) => {
          readBatch(consumer, batch, scans, found, options);
          if ([...scans.values()].every((scan) => scan.done)) finish();
        },
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(error);
      });
    consumer.done().catch((error: unknown) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function positionAll(consumer: BusConsumer, partitions: readonly TopicPartition[], ranges: readonly PartitionRange[], scans: Map<number, PartitionScan>): void {
  for (const tp of partitions) {
    const scan = scans.get(tp.partition);
    // Partitions without a wanted key start at their end: they deliver nothing to read.
    const end = ranges[tp.partition]?.high ?? 0n;
    consumer.seek({ ...tp, offset: scan === undefined ? end : scan.windowStart });
  }
}

function readBatch(consumer: BusConsumer, batch: MessageBatch, scans: Map<number, PartitionScan>, found: Map<string, number>, options: LastPublishedOptions): void {
  const scan = scans.get(batch.partition);
  if (scan === undefined || scan.done) return;
  let windowComplete = false;
  for (const message of batch.messages) {
    if (message.offset < scan.windowStart) continue;
    if (message.offset >= scan.windowEnd) {
      windowComplete = true;
      break;
    }
    if (scan.missing.has(message.key)) {
      const id = aggregateIdOf(message.value);
      if (id !== undefined && id > (found.get(message.key) ?? -1)) found.set(message.key, id);
    }
    if (message.offset >= scan.windowEnd - 1n) {
      windowComplete = true;
      break;
    }
  }
  if (!windowComplete) return;
  for (const key of found.keys()) scan.missing.delete(key);
  if (scan.missing.size === 0 || scan.windowStart <= scan.low) {
    scan.done = true;
    if (scan.missing.size > 0 && scan.low === scan.floor) {
      options.logger.warn({ partition: batch.partition, keys: [...scan.missing], messages: options.maxMessagesPerPartition }, 'symbols not seen in the last messages of their partition; they start at their first live trade');
    }
    return;
  }
  stepBack(scan, options.windowSize);
  consumer.seek({ topic: batch.topic, partition: batch.partition, offset: scan.windowStart });
}

function stepBack(scan: PartitionScan, windowSize: number): void {
  scan.windowEnd = scan.windowStart;
  const start = scan.windowEnd - BigInt(windowSize);
  scan.windowStart = start > scan.low ? start : scan.low;
}

/** The aggregate id of a trade payload; undefined for a payload that is no valid Trade. */
function aggregateIdOf(value: Uint8Array): number | undefined {
  try {
    return decodeTradeToDomain(value).trade.aggregateId;
  } catch {
    return undefined;
  }
}
