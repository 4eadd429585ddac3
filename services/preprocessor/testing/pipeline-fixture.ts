// What the in-process pipeline tests share: one PGlite for the whole file
// (starting one costs seconds), the XRPETH recording under two symbols on
// two partitions with its `wick candles` reference, a fresh pipeline per
// test, and the waits and checks they all use.
import type { PGlite } from '@electric-sql/pglite';
import { expect } from 'vitest';
import type { OutgoingMessage } from '../../../common/bus/index.js';
import { DEFAULT_INTERVALS } from '../../../common/candles/intervals.js';
import { differencesFromReference, waitForLastCandles } from './expectations.js';
import { InProcessPipeline, openDatabase, TOPICS } from './in-process-pipeline.js';
import { referenceKlines, type ReferenceKlines } from './reference-klines.js';
import { loadTrades, replayMessages, symbolsAcrossPartitions } from './replay.js';
import { XRPETH_FILE } from './scenario.js';
import { waitUntil } from './wait-until.js';

export const PARTITIONS = 2;
export const SYMBOLS = symbolsAcrossPartitions('XRPETH', 2, PARTITIONS);
export const GROUP = 'preprocessor';
export const WAIT_MS = 20_000;

export class PipelineFixture {
  private database: PGlite | undefined;
  private references: ReferenceKlines[] = [];
  /** The recording's messages under every symbol, in trade order. */
  messages: OutgoingMessage[] = [];
  private current: InProcessPipeline | undefined;

  /** For beforeAll: the database, the recording and its reference. */
  async setUp(): Promise<void> {
    const [database, references, trades] = await Promise.all([
      openDatabase(),
      Promise.all(DEFAULT_INTERVALS.map((interval) => referenceKlines(XRPETH_FILE, interval))),
      loadTrades(XRPETH_FILE),
    ]);
    this.database = database;
    this.references = references;
    this.messages = replayMessages(trades, SYMBOLS);
  }

  /** A pipeline of its own (topics, bar store, store schema) for one test. */
  async open(partitions = PARTITIONS): Promise<InProcessPipeline> {
    this.current = await InProcessPipeline.open(this.database!, partitions);
    return this.current;
  }

  get pipeline(): InProcessPipeline {
    if (this.current === undefined) throw new Error('no pipeline is open');
    return this.current;
  }

  /** For afterEach. */
  async closePipeline(): Promise<void> {
    await this.current?.close();
    this.current = undefined;
  }

  /** For afterAll. */
  async tearDown(): Promise<void> {
    await this.database?.close();
  }

  async produce(messages: readonly OutgoingMessage[]): Promise<void> {
    const producer = await this.pipeline.bus.producer();
    for (let at = 0; at < messages.length; at += 1_000) await producer.send(TOPICS.trades, messages.slice(at, at + 1_000));
  }

  /** Waits until the group committed `count` messages in all, i.e. checkpoints cover them. */
  async waitForCommitted(count: number): Promise<void> {
    await waitUntil(
      async () => (await this.pipeline.bus.committedOffsets(GROUP, TOPICS.trades)).reduce((sum, entry) => sum + Number(entry.offset ?? 0n), 0) >= count,
      WAIT_MS,
      `${count} committed trades`,
      10,
    );
  }

  /** The store and the candle topic hold exactly the reference klines of every default interval. */
  async expectReferenceCandles(): Promise<void> {
    await waitForLastCandles(this.pipeline.store, SYMBOLS, this.references, WAIT_MS);
    expect(await differencesFromReference(this.pipeline.store, this.pipeline.bus, TOPICS.candles, 'reader', SYMBOLS, this.references, WAIT_MS)).toEqual([]);
  }
}
