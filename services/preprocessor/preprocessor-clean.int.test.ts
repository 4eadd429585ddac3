// (a) A clean run on real Kafka, Redis and PostgreSQL: the XRPETH recording
// replayed into wick.trades.v1 (under four symbols on four partitions) gives
// in the store and on wick.candles.v1 exactly the klines of `wick candles`
// for every default interval. Poison records of every kind sit among the
// trades: they go to wick.trades.v1.dlq with their reason and raw bytes, and
// the partitions keep moving. The process reports ready, exposes its metrics
// and stops cleanly on SIGTERM.
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../common/bus/index.js';
import { decodeTradeToDomain } from '../../common/serde/index.js';
import { missingServices } from '../../common/testing/infra.js';
import { DLQ_HEADERS } from './emit/dead-letter-messages.js';
import { isControlRecord } from './processing/idle-mark.js';
import { Scenario } from './testing/scenario.js';
import { poisonMessages, type Poison } from './testing/trades.js';

const skip = await missingServices('kafka', 'redis', 'postgres');

const METRICS = [
  'wick_preprocessor_trades_total',
  'wick_preprocessor_consumer_lag',
  'wick_preprocessor_checkpoint_duration_seconds',
  'wick_preprocessor_checkpoint_bytes',
  'wick_preprocessor_candles_emitted_total',
  'wick_preprocessor_dead_letters_total',
  'wick_preprocessor_idle_marks_total',
  'wick_preprocessor_watermark_delay_seconds',
];

describe.skipIf(skip)('wick preprocessor, clean run', () => {
  it('builds exactly what wick candles builds, dead-letters poison records, reports ready and stops cleanly', async () => {
    const scenario = await Scenario.create({ name: 'clean', partitions: 4, symbols: 4, redisDatabase: 11, pace: { perSecond: 25_000, perSend: 500 } });
    try {
      await scenario.loadReferences();
      const child = await scenario.startPreprocessor('preprocessor-clean');
      let poison: Poison[] = [];
      const withPoison = (messages: OutgoingMessage[]): OutgoingMessage[] => {
        // Right before a real trade of the first symbol, in the middle of the replay.
        const at = Math.floor(messages.length / 2 / scenario.symbols.length) * scenario.symbols.length;
        poison = poisonMessages(decodeTradeToDomain(messages[at]!.value).trade, scenario.symbols[1]!);
        return [...messages.slice(0, at), ...poison.map((each) => each.message), ...messages.slice(at)];
      };
      const sent = await scenario.replay(undefined, withPoison);
      await scenario.waitForLastCandles(60_000);
      expect(await scenario.differences()).toEqual([]);

      const letters = await scenario.deadLetters(poison.length, 20_000);
      expect(letters.map((letter) => letter.headers[DLQ_HEADERS.reason]).sort()).toEqual(poison.map((each) => each.reason).sort());
      for (const { reason, message } of poison) {
        const letter = letters.find((each) => each.headers[DLQ_HEADERS.reason] === reason)!;
        expect(letter.key).toBe(message.key);
        expect(Buffer.from(letter.value).equals(Buffer.from(message.value)), `the raw bytes of the ${reason} letter`).toBe(true);
        expect(letter.headers[DLQ_HEADERS.source]).toBe('preprocessor');
        expect(letter.headers[DLQ_HEADERS.origin]).toMatch(new RegExp(`^${scenario.tradesTopic.replaceAll('.', '\\.')}\\[\\d\\]@\\d+$`));
        expect(letter.headers[DLQ_HEADERS.detail]).not.toBe('');
      }
      expect(await child.metric('wick_preprocessor_dead_letters_total')).toBe(poison.length);
      expect(await child.metric('wick_preprocessor_trades_total')).toBe(sent);

      expect(await child.readiness()).toBe(200);
      const exposed = (await child.metrics()) ?? '';
      expect(METRICS.filter((name) => !exposed.includes(`\n${name}`))).toEqual([]);
      expect(await child.stop()).toBe(0);
      // SIGTERM drained: a last checkpoint and commit at the end of every
      // partition, except for an idle mark the member wrote but had not read
      // back yet (at most one per partition; the next owner applies it).
      const ends = await scenario.bus.offsets(scenario.tradesTopic);
      const committed = await scenario.bus.committedOffsets(scenario.groupId, scenario.tradesTopic);
      const unread = await scenario.unreadRecords(committed, ends, 20_000);
      expect(unread.filter((record) => !isControlRecord(record))).toEqual([]);
      expect(new Set(unread.map((record) => record.partition)).size).toBe(unread.length);
      expect(committed.map((entry) => entry.offset)).toEqual(ends.map((range) => range.high - BigInt(unread.filter((record) => record.partition === range.partition).length)));
      expect(child.log).not.toMatch(/"level":"(error|fatal)"/);
    } finally {
      await scenario.cleanup();
    }
  }, 150_000);
});
