// The store's Prometheus metrics, registered on the registry the service
// injects (never the global one). Two stores on one registry share the
// metric objects (common/metrics returns a metric declared twice).
import {
  createCounter, createGauge, createHistogram, LATENCY_BUCKETS_SECONDS, type Counter, type Gauge, type Histogram, type Registry,
} from '../metrics/index.js';
import type { StoreMode } from './candle-store.js';

const MODES: readonly StoreMode[] = ['timescaledb', 'postgres', 'pglite'];

export type StoreOperation = 'upsert' | 'read_range' | 'read_latest' | 'list_series' | 'rollup' | 'retention';

export class StoreMetrics {
  private readonly mode: Gauge<'mode'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly candles: Counter<'result'>;

  constructor(registry: Registry) {
    this.mode = createGauge(registry, {
      name: 'wick_store_mode',
      help: 'Storage mode of the candle store: 1 for the active mode (timescaledb, postgres or pglite), 0 for the others.',
      labelNames: ['mode'],
    });
    this.duration = createHistogram(registry, {
      name: 'wick_store_operation_duration_seconds',
      help: 'Duration of candle store operations, by operation and outcome (ok or error).',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS_SECONDS,
    });
    this.candles = createCounter(registry, {
      name: 'wick_store_candles_total',
      help: 'Candles handed to upsert, by result: written (inserted or changed) or unchanged (redelivered or superseded).',
      labelNames: ['result'],
    });
  }

  reportMode(active: StoreMode): void {
    for (const mode of MODES) this.mode.set({ mode }, mode === active ? 1 : 0);
  }

  /** Times `work` under `operation`, recording whether it succeeded. */
  async time<T>(operation: StoreOperation, work: () => Promise<T>): Promise<T> {
    const stop = this.duration.startTimer({ operation });
    try {
      const result = await work();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }

  countUpsert(written: number, unchanged: number): void {
    this.candles.inc({ result: 'written' }, written);
    this.candles.inc({ result: 'unchanged' }, unchanged);
  }
}

