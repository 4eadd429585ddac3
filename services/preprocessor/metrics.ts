// The preprocessor's Prometheus metrics, declared once per registry and
// handed to the parts that record them.
import { createCounter, createGauge, createHistogram, LATENCY_BUCKETS_SECONDS, type Registry } from '../../common/metrics/index.js';

const BYTES_BUCKETS = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

export function createPreprocessorMetrics(registry: Registry) {
  return {
    trades: createCounter(registry, {
      name: 'wick_preprocessor_trades_total',
      help: 'Trade messages consumed (rate() gives trades per second).',
      labelNames: ['partition'] as const,
    }),
    uncounted: createCounter(registry, {
      name: 'wick_preprocessor_uncounted_trades_total',
      help: 'Trades the engine did not count: duplicate, overlap, or too-late for an interval (counted per interval).',
      labelNames: ['reason'] as const,
    }),
    deadLetters: createCounter(registry, {
      name: 'wick_preprocessor_dead_letters_total',
      help: 'Trade messages sent to the dead-letter topic, by reason.',
      labelNames: ['reason'] as const,
    }),
    candles: createCounter(registry, {
      name: 'wick_preprocessor_candles_emitted_total',
      help: 'Candle updates sent to the candle topic: partial, final (revision 0) and revision (later revisions).',
      labelNames: ['kind'] as const,
    }),
    storeWrites: createCounter(registry, {
      name: 'wick_preprocessor_store_candles_total',
      help: 'Candles written to the candle store (finals, revisions and the newest partials).',
    }),
    lag: createGauge(registry, {
      name: 'wick_preprocessor_consumer_lag',
      help: 'Trade messages waiting in Kafka, per owned partition.',
      labelNames: ['partition'] as const,
    }),
    watermarkDelay: createGauge(registry, {
      name: 'wick_preprocessor_watermark_delay_seconds',
      help: 'Wall clock minus the partition watermark (the newest trade time, or later when idle).',
      labelNames: ['partition'] as const,
    }),
    idleMarks: createCounter(registry, {
      name: 'wick_preprocessor_idle_marks_total',
      help: 'Idle marks (watermark advances of a quiet partition, written into the trade partition): written, applied, stale (landed after other records, ignored).',
      labelNames: ['outcome'] as const,
    }),
    checkpointDuration: createHistogram(registry, {
      name: 'wick_preprocessor_checkpoint_duration_seconds',
      help: 'From snapshot to the Kafka commit: waiting for emissions to be durable, the Redis write and the commit.',
      buckets: LATENCY_BUCKETS_SECONDS,
    }),
    checkpointBytes: createHistogram(registry, {
      name: 'wick_preprocessor_checkpoint_bytes',
      help: 'Size of the state written per checkpoint.',
      labelNames: ['mode'] as const,
      buckets: BYTES_BUCKETS,
    }),
    checkpoints: createCounter(registry, {
      name: 'wick_preprocessor_checkpoints_total',
      help: 'Checkpoints by outcome: written, fenced (another owner claimed the partition), failed.',
      labelNames: ['outcome'] as const,
    }),
    restores: createCounter(registry, {
      name: 'wick_preprocessor_partition_starts_total',
      help: 'How owned partitions started: restored (from Redis), fresh (nothing before), rebuilt (Redis lost it, rebuilt from the store and Kafka).',
      labelNames: ['how'] as const,
    }),
    inexact: createCounter(registry, {
      name: 'wick_preprocessor_inexact_starts_total',
      help: 'Partition starts that could not be exact (trades needed were deleted by Kafka retention, or the store lacked candles); see the error logs.',
    }),
    memberRestarts: createCounter(registry, {
      name: 'wick_preprocessor_member_restarts_total',
      help: 'Consumer group members restarted after a failure (fenced, Kafka, Redis or store errors past their retries).',
    }),
    ownedPartitions: createGauge(registry, {
      name: 'wick_preprocessor_owned_partitions',
      help: 'Trade partitions this process owns.',
    }),
  };
}

export type PreprocessorMetrics = ReturnType<typeof createPreprocessorMetrics>;
