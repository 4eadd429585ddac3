// Prometheus metrics for one wick process. A registry is created at the edge
// (main.ts) and handed to whatever records metrics; nothing registers into
// prom-client's global default registry, so tests get fresh registries and
// two services embedded in one process cannot collide.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { FastHistogram, type FastHistogramDefinition } from './fast-histogram.js';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every wick metric name starts with this, Node's default metrics included. */
export const METRIC_PREFIX = 'wick_';

export interface RegistryOptions {
  /** The `service` label on every series. */
  readonly service: string;
  /** Process, heap, GC and event-loop metrics (wick_process_*, wick_nodejs_*). Default true. */
  readonly defaultMetrics?: boolean;
}

export function createMetricsRegistry(options: RegistryOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}

interface MetricDefinition<L extends string> {
  /** Full name, starting with `wick_`; counters end in `_total`. */
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
}

// In the embedded mode several components share one registry and may
// declare the same metric (two stores, two retry users): declaring it again
// returns the one already registered, provided kind and labels agree.
export function createCounter<L extends string = never>(registry: Registry, definition: MetricDefinition<L>): Counter<L> {
  checkName(definition.name, { counter: true });
  return (
    registered(registry, definition, Counter) ??
    new Counter<L>({ ...definition, labelNames: definition.labelNames ?? [], registers: [registry] })
  );
}

export function createGauge<L extends string = never>(registry: Registry, definition: MetricDefinition<L>): Gauge<L> {
  checkName(definition.name, { counter: false });
  return (
    registered(registry, definition, Gauge) ??
    new Gauge<L>({ ...definition, labelNames: definition.labelNames ?? [], registers: [registry] })
  );
}

export function createHistogram<L extends string = never>(
  registry: Registry,
  definition: MetricDefinition<L> & { readonly buckets: readonly number[] },
): Histogram<L> {
  checkName(definition.name, { counter: false });
  const existing = registered(registry, definition, Histogram);
  if (existing) return existing;
  return new Histogram<L>({
    ...definition,
    labelNames: definition.labelNames ?? [],
    buckets: [...definition.buckets],
    registers: [registry],
  });
}

/** Latency buckets in seconds, 1 ms to 10 s, for request and I/O durations. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function registered<M extends Counter<L> | Gauge<L> | Histogram<L>, L extends string>(
  registry: Registry,
  definition: MetricDefinition<L>,
  kind: abstract new (...args: never[]) => M,
): M | undefined {
  const existing = registry.getSingleMetric(definition.name);
  if (existing === undefined) return undefined;
  const labels = (existing as unknown as { labelNames?: readonly string[] }).labelNames ?? [];
  const wanted = definition.labelNames ?? [];
  if (!(existing instanceof kind) || labels.length !== wanted.length || wanted.some((label) => !labels.includes(label))) {
    throw new Error(`metric ${definition.name} is already registered with another kind or other labels`);
  }
  return existing;
}

// Naming mistakes are programming errors: fail where the metric is declared.
function checkName(name: string, kind: { counter: boolean }): void {
  if (!name.startsWith(METRIC_PREFIX)) throw new Error(`metric ${name} must start with ${METRIC_PREFIX}`);
  if (kind.counter !== name.endsWith('_total')) {
    throw new Error(`metric ${name}: counters, and only counters, end in _total`);
  }
}

/**
 * An unlabelled histogram for values observed per trade (see
 * fast-histogram.ts); declaring it again returns the one registered.
 */
export function createFastHistogram(registry: Registry, definition: FastHistogramDefinition): FastHistogram {
  checkName(definition.name, { counter: false });
  const existing = registry.getSingleMetric(definition.name) as unknown;
  if (existing !== undefined) {
    if (!(existing instanceof FastHistogram)) throw new Error(`metric ${definition.name} is already registered with another kind or other labels`);
    return existing;
  }
  return new FastHistogram(definition).registerIn(registry);
}
