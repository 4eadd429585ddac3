// Public API of the metrics module; see registry.ts.
export {
  Counter,
  createCounter,
  createFastHistogram,
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
export { FastHistogram, type FastHistogramDefinition } from './fast-histogram.js';
