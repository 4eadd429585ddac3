import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus, partitionForKey } from '../../../common/bus/index.js';
import { silentLogger } from '../../../common/log/index.js';
import { encodeBinanceTrade } from '../binance/aggtrade-mapper.js';
import { readLastPublished } from './last-published.js';

const TOPIC = 'trades';
let bus: InProcessBus;

afterEach(async () => {
  await bus.close();
});

function payload(symbol: string, id: number): Uint8Array {
  const bytes = encodeBinanceTrade({ symbol, aggregateId: id, firstTradeId: id, lastTradeId: id, price: '1.5', quantity: '2', time: 1_700_000_000_000 + id, buyerIsMaker: false }, 1_700_000_000_001 + id);
  if (!(bytes instanceof Uint8Array)) throw new Error(bytes.detail);
  return bytes;
}

async function publish(entries: ReadonlyArray<readonly [string, number]>): Promise<void> {
  const producer = await bus.producer();
  await producer.send(TOPIC, entries.map(([symbol, id]) => ({ key: `binance:${symbol}`, value: payload(symbol, id) })));
  await producer.close();
}

const read = (keys: string[], windowSize = 4, maxMessagesPerPartition = 1_000) =>
  readLastPublished(bus, { topic: TOPIC, keys, windowSize, maxMessagesPerPartition, groupPrefix: 'restore-test', timeoutMs: 5_000, logger: silentLogger() });

describe('readLastPublished', () => {
  it('finds nothing in an empty topic', async () => {
    bus = new InProcessBus();
    await bus.createTopics([{ topic: TOPIC, partitions: 3 }]);
    expect(await read(['binance:BTCUSDT'])).toEqual(new Map());
  });

  it('finds the last id of every symbol, stepping back through windows as far as needed', async () => {
    bus = new InProcessBus();
    await bus.createTopics([{ topic: TOPIC, partitions: 1 }]);
    // QUIET traded long ago: 30 messages of BUSY follow its last trade.
    await publish([['QUIET', 7], ['QUIET', 8], ...Array.from({ length: 30 }, (_, i) => ['BUSY', 100 + i] as const)]);
    expect(await read(['binance:BUSY', 'binance:QUIET', 'binance:NEVER'])).toEqual(
      new Map([
        ['binance:BUSY', 129],
        ['binance:QUIET', 8],
      ]),
    );
  });

  it('stops looking back after maxMessagesPerPartition: an older symbol counts as never published', async () => {
    bus = new InProcessBus();
    await bus.createTopics([{ topic: TOPIC, partitions: 1 }]);
    await publish([['QUIET', 8], ...Array.from({ length: 30 }, (_, i) => ['BUSY', 100 + i] as const)]);
    expect(await read(['binance:BUSY', 'binance:QUIET'], 4, 30)).toEqual(new Map([['binance:BUSY', 129]]));
    expect(await read(['binance:BUSY', 'binance:QUIET'], 4, 31)).toEqual(
      new Map([
        ['binance:BUSY', 129],
        ['binance:QUIET', 8],
      ]),
    );
  });

  it('reads only the partitions of the wanted symbols', async () => {
    bus = new InProcessBus();
    await bus.createTopics([{ topic: TOPIC, partitions: 4 }]);
    const symbols = ['BTCUSDT', 'ETHUSDT', 'XRPETH', 'BNBBTC', 'DOTUSDT', 'SOLUSDT'];
    await publish(symbols.flatMap((symbol, index) => [[symbol, index * 10], [symbol, index * 10 + 1]] as const));
    const wanted = ['binance:ETHUSDT', 'binance:SOLUSDT'];
    expect(new Set(wanted.map((key) => partitionForKey(key, 4))).size).toBeLessThanOrEqual(2);
    expect(await read(wanted, 1)).toEqual(
      new Map([
        ['binance:ETHUSDT', 11],
        ['binance:SOLUSDT', 51],
      ]),
    );
  });

  it('passes over payloads that are no valid trade and keeps looking further back', async () => {
    bus = new InProcessBus();
    await bus.createTopics([{ topic: TOPIC, partitions: 1 }]);
    await publish([['XRPETH', 41]]);
    const producer = await bus.producer();
    await producer.send(TOPIC, [{ key: 'binance:XRPETH', value: new Uint8Array([0xff, 0xff, 0xff]) }]);
    await producer.close();
    expect(await read(['binance:XRPETH'], 1)).toEqual(new Map([['binance:XRPETH', 41]]));
  });
});
