import { describe, expect, it } from 'vitest';
import { ConfigError, parseCommandLine } from '../../common/config/index.js';
import { silentLogger } from '../../common/log/index.js';
import { buildCollectorSettings, collectorBusOptions, symbolSelection } from './build-settings.js';
import { collectorDoc, collectorSettings, defaultRestUrl, sourceParser, type CollectorConfig } from './settings.js';

function config(args: string[], env: Record<string, string> = {}): CollectorConfig {
  const line = parseCommandLine(collectorDoc, collectorSettings, args, env);
  if (line.kind !== 'run') throw new Error('expected a configuration');
  return line.config;
}

describe('collector settings', () => {
  it('defaults to Binance market-data endpoints and every TRADING symbol', () => {
    const parsed = config([]);
    expect(parsed.source).toEqual({ kind: 'url', url: 'wss://data-stream.binance.vision' });
    expect(defaultRestUrl('wss://data-stream.binance.vision')).toBe('https://data-api.binance.vision');
    expect(symbolSelection(parsed)).toEqual({ kind: 'trading' });
    expect(parsed.httpPort).toBe(9101);
  });

  it('reads symbols and the quote asset from flags or the environment', () => {
    expect(symbolSelection(config(['--symbols', 'btcusdt,XRPETH']))).toEqual({ kind: 'list', symbols: ['BTCUSDT', 'XRPETH'] });
    expect(symbolSelection(config([], { WICK_QUOTE_ASSET: 'USDT' }))).toEqual({ kind: 'trading', quoteAsset: 'USDT' });
    expect(() => config(['--symbols', 'BTC-USDT'])).toThrow(ConfigError);
  });

  it('produces with @platformatic/kafka unless told kafkajs, by flag or environment', () => {
    const logger = silentLogger();
    expect(collectorBusOptions(config([]), logger)).toEqual({ brokers: ['127.0.0.1:9092'], clientId: 'collector', producerClient: 'platformatic', logger });
    expect(collectorBusOptions(config(['--kafka-producer', 'kafkajs', '--kafka-brokers', 'k1:9092,k2:9093']), logger)).toMatchObject({
      brokers: ['k1:9092', 'k2:9093'],
      producerClient: 'kafkajs',
    });
    expect(config([], { WICK_KAFKA_PRODUCER: 'KafkaJS' }).kafkaProducer).toBe('kafkajs');
    expect(() => config(['--kafka-producer', 'rdkafka'])).toThrow(ConfigError);
  });

  it('takes a ws URL or simulate:FILE as the source', () => {
    expect(sourceParser.parse('ws://127.0.0.1:9443/')).toEqual({ kind: 'url', url: 'ws://127.0.0.1:9443' });
    expect(sourceParser.parse('simulate:data/XRPETH-aggTrades.csv')).toEqual({ kind: 'simulate', file: 'data/XRPETH-aggTrades.csv' });
    expect(() => sourceParser.parse('simulate:')).toThrow('simulate: needs a recording file');
    expect(() => sourceParser.parse('https://api.binance.com')).toThrow('is not a ws:// or wss:// URL');
    expect(() => sourceParser.parse('binance')).toThrow('neither a ws:// or wss:// URL nor simulate:FILE');
  });

  it('derives the REST URL of a custom stream from its host', () => {
    expect(defaultRestUrl('ws://127.0.0.1:9443')).toBe('http://127.0.0.1:9443');
    expect(defaultRestUrl('wss://stream.example.com/path')).toBe('https://stream.example.com');
  });

  it('builds topic names from the prefix and the lifecycle from the durations', () => {
    const settings = buildCollectorSettings(
      config(['--topic-prefix', 'test-1.', '--max-connection-age', '2s', '--stale-after', '5s', '--reconnect-delay', '20ms', '--reconnect-max-delay', '200ms', '--produce-batch', '500']),
      ['XRPETH'],
      'ws://127.0.0.1:1',
    );
    expect(settings.tradesTopic).toBe('test-1.wick.trades.v1');
    expect(settings.deadLetterTopic).toBe('test-1.wick.trades.v1.dlq');
    expect(settings.feed).toMatchObject({ maxConnectionAgeMs: 2_000, staleAfterMs: 5_000, backoff: { initialDelayMs: 20, maxDelayMs: 200 } });
    expect(settings.publish).toEqual({ maxBatchMessages: 500, lingerMs: 0, highWaterMark: 10_000 });
  });

  it('sends 1,000 trades per produce request with platformatic and 500 with kafkajs, unless told otherwise', () => {
    const publish = (args: string[]) => buildCollectorSettings(config(args), ['XRPETH'], 'ws://127.0.0.1:1').publish;
    expect(publish([])).toEqual({ maxBatchMessages: 1_000, lingerMs: 0, highWaterMark: 10_000 });
    expect(publish(['--kafka-producer', 'kafkajs'])).toEqual({ maxBatchMessages: 500, lingerMs: 0, highWaterMark: 10_000 });
    expect(publish(['--produce-batch', '2000', '--produce-linger', '2ms'])).toEqual({ maxBatchMessages: 2_000, lingerMs: 2, highWaterMark: 20_000 });
  });

  it('refuses a connection age beyond Binance 24 hours and more streams than it allows', () => {
    expect(() => config(['--max-connection-age', '25h'])).toThrow('out of range');
    expect(() => config(['--streams-per-connection', '1025'])).toThrow('out of range');
  });
});
