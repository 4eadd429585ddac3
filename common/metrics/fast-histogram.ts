// An unlabelled histogram for values observed at the rate of trades (the
// collector observes two latencies per trade, 100k+ times a second).
// prom-client's Histogram costs about 400 ns an observation (a closure, a
// label hash and a bucket table keyed by strings on every call), which was
// 8% of the collector's CPU; this one keeps its counts in typed arrays, at a
// few ns. It registers in a prom-client Registry like any metric and exposes
// exactly what an unlabelled prom-client Histogram with the same buckets
// would (fast-histogram.test.ts compares the two).
import type { Metric, Registry } from 'prom-client';

export interface FastHistogramDefinition {
  /** Full name, starting with `wick_`. */
  readonly name: string;
  readonly help: string;
  /** Upper bounds, ascending. */
  readonly buckets: readonly number[];
}

interface ExportedValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName: string;
  /** prom-client's buckets carry one (null without exemplars). */
  readonly exemplar?: null;
}

export class FastHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly bounds: Float64Array;
  /** counts[i]: observations in (bounds[i - 1], bounds[i]]; the last slot, those above every bound. */
  private counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(definition: FastHistogramDefinition) {
    const { name, help, buckets } = definition;
    if (buckets.length === 0 || buckets.some((bound, i) => !Number.isFinite(bound) || (i > 0 && bound <= (buckets[i - 1] as number)))) {
      throw new Error(`metric ${name}: buckets must be finite and ascending, got [${buckets.join(', ')}]`);
    }
    this.name = name;
    this.help = help;
    this.bounds = Float64Array.from(buckets);
    this.counts = new Float64Array(buckets.length + 1);
  }

  /** Throws, as prom-client does, for a value that is not a finite number. */
  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const { bounds } = this;
    let slot = 0;
    while (slot < bounds.length && value > (bounds[slot] as number)) slot++;
    this.counts[slot] = (this.counts[slot] as number) + 1;
    this.sum += value;
    this.count += 1;
  }

  /** prom-client's form of a histogram's series: cumulative buckets, +Inf, sum and count. */
  get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: ExportedValue[] }> {
    const bucketName = `${this.name}_bucket`;
    const values: ExportedValue[] = [];
    let cumulative = 0;
    for (let slot = 0; slot < this.bounds.length; slot++) {
      cumulative += this.counts[slot] as number;
      values.push({ labels: { le: this.bounds[slot] as number }, value: cumulative, metricName: bucketName, exemplar: null });
    }
    values.push(
      { labels: { le: '+Inf' }, value: this.count, metricName: bucketName, exemplar: null },
      { labels: {}, value: this.sum, metricName: `${this.name}_sum` },
      { labels: {}, value: this.count, metricName: `${this.name}_count` },
    );
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.counts = new Float64Array(this.bounds.length + 1);
    this.sum = 0;
    this.count = 0;
  }

  /** Registers in `registry`, whose exposition and JSON then include it. */
  registerIn(registry: Registry): this {
    registry.registerMetric(this as unknown as Metric);
    return this;
  }
}
