// The collector: Binance aggTrade streams into Kafka, each aggregate trade id
// exactly once and in order per symbol. The feed delivers frames, the intake
// sequences them per symbol, the backfiller fills gaps over REST, and the
// publisher sends batches with one in flight. Kafka is the source of truth
// for what was published: at start-up, and again whenever a produce fails,
// the collector buffers the stream, opens a fresh producer, reads back the
// last id of each symbol from the trade topic and resumes right after it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Bus, BusProducer } from '../../common/bus/index.js';
import type { ReadinessCheck } from '../../common/http/index.js';
import { EXCHANGE } from './binance/aggtrade-mapper.js';
import { BinanceBackfillSource } from './binance/backfill-source.js';
import { aggTradeStream, BinanceFeed } from './binance/binance-feed.js';
import type { BinanceRest } from './binance/rest-client.js';
import { backoffDelay, type BackoffPolicy } from './feed/backoff.js';
import type { OpenSocket } from './feed/feed-socket.js';
import type { FeedSettings } from './feed/realtime-feed.js';
import type { CollectorMetrics } from './metrics.js';
import { DeadLetters } from './publish/dead-letters.js';
import { openKafkaSession, type KafkaSessionSettings } from './publish/kafka-session.js';
import { TradePublisher, type PublisherOptions } from './publish/trade-publisher.js';
import { Backfiller, type BackfillOptions } from './sequencing/backfiller.js';
import type { SequencedTrade } from './sequencing/sequenced-trade.js';
import { SymbolSequencer } from './sequencing/symbol-sequencer.js';
import { TradeIntake } from './trade-intake.js';

export interface CollectorSettings {
  readonly symbols: readonly string[];
  /** WebSocket base URL (wss://data-stream.binance.vision). */
  readonly wsUrl: string;
  readonly tradesTopic: string;
  readonly deadLetterTopic: string;
  readonly partitions: number;
  readonly feed: FeedSettings;
  readonly publish: Omit<PublisherOptions, 'topic' | 'exchange'>;
  readonly backfill: BackfillOptions;
  readonly maxBufferedPerSymbol: number;
  /** Backoff between attempts to (re)open the Kafka session. */
  readonly kafkaBackoff: BackoffPolicy;
  readonly restoreWindow: number;
  /** Messages read back per partition at most when looking for the last published ids. */
  readonly restoreMaxMessages: number;
  readonly restoreTimeoutMs: number;
}

export interface CollectorDependencies {
  readonly bus: Bus;
  readonly rest: BinanceRest;
  readonly openSocket: OpenSocket;
  readonly metrics: CollectorMetrics;
  readonly logger: Logger;
}

export class Collector {
  private readonly sequencers = new Map<string, SymbolSequencer>();
  private readonly feed: BinanceFeed;
  private readonly backfiller: Backfiller;
  private readonly deadLetters: DeadLetters;
  private readonly session: KafkaSessionSettings;
  private producer: BusProducer | undefined;
  private publisher: TradePublisher | undefined;
  private syncing: Promise<void> | undefined;
  private lastSyncError: unknown;
  private readonly stopping = new AbortController();

  constructor(
    private readonly settings: CollectorSettings,
    private readonly deps: CollectorDependencies,
  ) {
    for (const symbol of settings.symbols) this.sequencers.set(symbol, new SymbolSequencer(symbol, settings.maxBufferedPerSymbol));
    this.deadLetters = new DeadLetters(settings.deadLetterTopic, () => this.producer, deps.metrics, deps.logger);
    this.feed = this.createFeed();
    this.backfiller = this.createBackfiller();
    this.session = {
      tradesTopic: settings.tradesTopic,
      deadLetterTopic: settings.deadLetterTopic,
      partitions: settings.partitions,
      keys: settings.symbols.map((symbol) => `${EXCHANGE}:${symbol}`),
      restoreWindow: settings.restoreWindow,
      restoreMaxMessages: settings.restoreMaxMessages,
      restoreTimeoutMs: settings.restoreTimeoutMs,
      groupPrefix: `wick-collector-restore-${settings.tradesTopic}`,
    };
  }

  private createFeed(): BinanceFeed {
    const { logger, metrics, openSocket } = this.deps;
    const intake = new TradeIntake(
      this.sequencers,
      {
        publish: (trades) => this.publish(trades),
        backfill: (symbol) => this.backfiller.request(symbol, false),
        deadLetter: (letter) => this.deadLetters.send(letter),
      },
      metrics,
      logger,
    );
    const symbolOfStream = new Map(this.settings.symbols.map((symbol) => [aggTradeStream(symbol), symbol]));
    const recovered = (streams: readonly string[]) => this.probe(streams.map((stream) => symbolOfStream.get(stream) ?? ''));
    return new BinanceFeed(this.settings.wsUrl, this.settings.feed, { openSocket, logger: logger.child({ component: 'feed' }), metrics, recovered }, intake);
  }

  private createBackfiller(): Backfiller {
    const { logger, metrics, rest } = this.deps;
    const source = new BinanceBackfillSource(rest, (raw, rejection, symbol, receivedAt) =>
      this.deadLetters.send({ reason: rejection.reason, detail: rejection.detail, source: 'binance-rest', key: `${EXCHANGE}:${symbol}`, raw, receivedAt }),
    );
    const target = {
      sequencer: (symbol: string) => this.sequencers.get(symbol),
      publish: (trades: SequencedTrade[]) => this.publish(trades),
      unrecoverable: (symbol: string, count: number) => metrics.unrecoverable(symbol, count),
    };
    return new Backfiller(source, target, this.settings.backfill, logger.child({ component: 'backfill' }));
  }

  /** Connects the streams and, meanwhile, Kafka; resolves at once (see whenSynced). */
  start(): void {
    if (this.settings.symbols.length === 0) throw new Error('the collector needs at least one symbol');
    this.deps.logger.info({ symbols: this.settings.symbols.length, url: this.settings.wsUrl, topic: this.settings.tradesTopic }, 'collector starting');
    this.feed.start(this.settings.symbols.map(aggTradeStream));
    this.resync('startup');
  }

  /** Resolves once the collector publishes (its Kafka session is open). */
  async whenSynced(): Promise<void> {
    while (this.syncing !== undefined) await this.syncing;
  }

  /** Readiness: every stream live, and a Kafka session open and healthy. */
  readinessChecks(): ReadinessCheck[] {
    return [
      {
        name: 'binance-stream',
        check: async () => {
          if (!this.feed.live) throw new Error(`streams not live: ${JSON.stringify(this.feed.status().filter((slot) => !slot.live))}`);
        },
      },
      {
        name: 'kafka',
        check: async () => {
          if (this.syncing !== undefined) throw new Error(`restoring the last published ids from Kafka${this.lastSyncError === undefined ? '' : ` (last error: ${String(this.lastSyncError)})`}`);
          if (this.publisher?.healthy !== true) throw new Error('no healthy Kafka producer');
          await this.deps.bus.offsets(this.settings.tradesTopic);
        },
      },
    ];
  }

  /** Stop intake: close the streams and the backfills. */
  async stopIntake(): Promise<void> {
    this.stopping.abort(new Error('collector stopping'));
    await Promise.all([this.feed.stop(), this.backfiller.stop()]);
  }

  /** Wait until Kafka acknowledged everything handed to the publisher. */
  async drain(): Promise<void> {
    await this.publisher?.flush();
  }

  async close(): Promise<void> {
    this.publisher?.abandon();
    await this.producer?.close();
    this.producer = undefined;
  }

  /** After an interruption, ask REST what was traded meanwhile: trades of the outage may have no later trade to reveal them. */
  private probe(symbols: readonly string[]): void {
    for (const symbol of symbols) {
      const sequencer = this.sequencers.get(symbol);
      if (sequencer !== undefined && !sequencer.isRestoring && sequencer.next !== undefined) this.backfiller.request(symbol, true);
    }
  }

  private publish(trades: readonly SequencedTrade[]): void {
    this.publisher?.enqueue(trades);
  }

  private resync(reason: string): void {
    this.deps.metrics.resync(reason);
    this.backfiller.cancelAll();
    for (const sequencer of this.sequencers.values()) sequencer.beginRestore();
    this.publisher?.abandon();
    this.publisher = undefined;
    this.feed.resume();
    const oldProducer = this.producer;
    this.producer = undefined;
    const done = this.reopen(reason, oldProducer).finally(() => {
      if (this.syncing === done) this.syncing = undefined;
    });
    this.syncing = done;
  }

  private async reopen(reason: string, oldProducer: BusProducer | undefined): Promise<void> {
    const { logger } = this.deps;
    await oldProducer?.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the failed producer failed'));
    for (let attempt = 0; !this.stopping.signal.aborted; attempt += 1) {
      try {
        const session = await openKafkaSession(this.deps.bus, this.session, logger);
        if (this.stopping.signal.aborted) {
          await session.producer.close();
          return;
        }
        this.lastSyncError = undefined;
        this.resume(session.producer, session.lastIds);
        logger.info({ reason, attempts: attempt + 1 }, 'collector publishing');
        return;
      } catch (error) {
        this.lastSyncError = error;
        const delay = backoffDelay(attempt, this.settings.kafkaBackoff, Math.random);
        logger.warn({ err: error, reason, attempt: attempt + 1, retryInMs: delay }, 'cannot open the Kafka session; retrying');
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  private resume(producer: BusProducer, lastIds: ReadonlyMap<string, number>): void {
    this.producer = producer;
    const publisher = new TradePublisher(producer, { ...this.settings.publish, topic: this.settings.tradesTopic, exchange: EXCHANGE }, {
      acked: (trades, ackedAt) => this.acked(trades, ackedAt),
      failed: (error, abandoned) => this.produceFailed(error, abandoned),
      backpressure: (paused) => (paused ? this.feed.pause() : this.feed.resume()),
    });
    this.publisher = publisher;
    for (const [symbol, sequencer] of this.sequencers) {
      const last = lastIds.get(`${EXCHANGE}:${symbol}`);
      const released: SequencedTrade[] = [];
      sequencer.restore(last, released);
      publisher.enqueue(released);
      // After a restart, ask REST what was traded since; a symbol never published starts live.
      if (last !== undefined || sequencer.hasGap) this.backfiller.request(symbol, last !== undefined);
    }
  }

  private produceFailed(error: unknown, abandoned: number): void {
    this.deps.metrics.produceError();
    this.deps.logger.error({ err: error, abandoned }, 'Kafka did not acknowledge a batch; re-reading what landed and resuming from there');
    if (!this.stopping.signal.aborted) this.resync('produce-failure');
  }

  private acked(trades: readonly SequencedTrade[], ackedAt: number): void {
    const { metrics } = this.deps;
    let symbol = '';
    let source = '';
    let run = 0;
    for (const trade of trades) {
      if (trade.source === 'live') {
        metrics.latency((ackedAt - trade.tradeTime) / 1_000);
        metrics.internalLatency((ackedAt - trade.receivedAt) / 1_000);
      }
      if (trade.symbol !== symbol || trade.source !== source) {
        if (run > 0) metrics.published(symbol, source, run);
        symbol = trade.symbol;
        source = trade.source;
        run = 0;
      }
      run += 1;
    }
    if (run > 0) metrics.published(symbol, source, run);
    metrics.queued(this.publisher?.pending ?? 0);
  }
}
