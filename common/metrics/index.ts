// Public API of the metrics module; see registry.ts.
export {
  Counter,
  createCounter,
  createGauge,
  createHistogram,
  createMetricsRegistry,
  Gauge,
  Histogram,
  LATENCY_BUCKETS_SECONDS,
  METRIC_PREFIX,
  Registry,
  type RegistryOptions,
} from './registry.js';
