// Reads one series of a Prometheus metric from a registry, for assertions.
import type { Registry } from '../../../common/metrics/index.js';

export async function metricValue(registry: Registry, name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  const match = values.find((value) => Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted));
  return match?.value ?? 0;
}
